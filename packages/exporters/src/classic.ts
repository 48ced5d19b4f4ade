/**
 * The adapter the classic, py-spy formats share: from whole samples, each trace that the record
 * filters keep goes to a trace-level Recorder.
 */
import type { Sample, StackTrace } from '@pyglass/model';
import { filteredTrace, traceIncluded, type TraceFilter } from './trace-filter.js';
import { traceFilterOf, type ExportOptions, type FormatEntry, type ProfileWriter } from './format.js';
import type { RecorderOptions } from './options.js';
import type { Recorder } from './recorder.js';

/** Whether `record` records this trace: it passes the filters and has frames to attribute time to. */
export function traceRecorded(trace: StackTrace, filter: TraceFilter): boolean {
  // a thread with no Python frames (starting up, or in C only) has nothing to attribute time to
  return trace.frames.length > 0 && traceIncluded(trace, filter);
}

/** The trace as `record` records it (see filteredTrace: with --gc, `<GC>` on top), or undefined when it does not. */
export function recordedTrace(trace: StackTrace, filter: TraceFilter): StackTrace | undefined {
  return trace.frames.length > 0 ? filteredTrace(trace, filter) : undefined;
}

/** A ProfileWriter over a trace-level recorder. */
export class FilteredRecorder implements ProfileWriter {
  private readonly filter: TraceFilter;

  constructor(
    readonly recorder: Recorder,
    options: ExportOptions,
  ) {
    this.filter = traceFilterOf(options);
  }

  add(sample: Sample): void {
    for (const trace of sample.traces) {
      const recorded = recordedTrace(trace, this.filter);
      if (recorded) this.recorder.add(recorded, sample.time);
    }
  }

  finish(): Uint8Array {
    return this.recorder.finish();
  }
}

/** A classic format's entry: its trace-level recorder plus the shared filtering adapter. */
export interface ClassicFormatEntry extends FormatEntry {
  recorder(options: RecorderOptions): Recorder;
}

/**
 * Builds a classic format's entry from its description and its recorder. A classic format sees a
 * thread's run state only through the filters (`runStates` false).
 */
export function classicFormat(entry: Omit<FormatEntry, 'create' | 'runStates'>, recorder: (options: RecorderOptions) => Recorder): ClassicFormatEntry {
  return { ...entry, runStates: false, recorder, create: (options) => new FilteredRecorder(recorder(options), options) };
}
