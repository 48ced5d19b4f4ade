import type { Sample } from '@pyglass/model';
import { ChrometraceRecorder } from './chrometrace.js';
import { FlamegraphRecorder } from './flamegraph.js';
import { traceIncluded } from './frames.js';
import { ExporterOptionsError, formats, type Format, type RecorderOptions } from './options.js';
import { PprofRecorder } from './pprof.js';
import { RawRecorder } from './raw.js';
import type { Recorder } from './recorder.js';
import { SpeedscopeRecorder } from './speedscope.js';

/** A recorder for one output format. */
export function createRecorder(format: Format, options: RecorderOptions): Recorder {
  switch (format) {
    case 'flamegraph':
      return new FlamegraphRecorder(options);
    case 'speedscope':
      return new SpeedscopeRecorder(options);
    case 'raw':
      return new RawRecorder(options);
    case 'chrometrace':
      return new ChrometraceRecorder(options);
    case 'pprof':
      return new PprofRecorder(options);
    default:
      throw new ExporterOptionsError(`unknown output format '${String(format)}': choose one of ${formats.join(', ')}.`);
  }
}

export interface ExportOptions extends RecorderOptions {
  /** Keep idle traces (--idle). Default false. */
  includeIdle?: boolean | undefined;
  /** Keep only the GIL holder's traces (--gil). Default false. */
  gilOnly?: boolean | undefined;
}

/** Apply py-spy's record filters to the samples and render them in one go. */
export function exportProfile(samples: Iterable<Sample>, format: Format, options: ExportOptions): Uint8Array {
  const recorder = createRecorder(format, options);
  const filter = { includeIdle: options.includeIdle ?? false, gilOnly: options.gilOnly ?? false };
  for (const sample of samples) {
    for (const trace of sample.traces) {
      if (traceIncluded(trace, filter)) recorder.add(trace, sample.time);
    }
  }
  return recorder.finish();
}
