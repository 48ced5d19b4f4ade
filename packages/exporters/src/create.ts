import type { Sample } from '@pyglass/model';
import type { ClassicFormatEntry } from './classic.js';
import type { ExportOptions, ProfileWriter } from './format.js';
import type { RecorderOptions } from './options.js';
import type { Recorder } from './recorder.js';
import { exporters, formats, parseFormat, type Format } from './registry.js';

/** The formats with a trace-level recorder (every format but those that keep whole samples). */
export type RecorderFormat = { [F in Format]: (typeof exporters)[F] extends ClassicFormatEntry ? F : never }[Format];

/** The formats with a trace-level recorder, in registry order. */
export const recorderFormats = formats.filter((f): f is RecorderFormat => 'recorder' in exporters[f]);

/** A writer for one output: give it whole samples (the record filters are in `options`), then finish(). */
export function createExporter(format: Format, options: ExportOptions): ProfileWriter {
  return exporters[parseFormat(format)].create(options);
}

/** A trace-level recorder for a classic format: one add() per trace that passed the filters. */
export function createRecorder(format: RecorderFormat, options: RecorderOptions): Recorder {
  const entry: ClassicFormatEntry = exporters[parseFormat(format) as RecorderFormat];
  return entry.recorder(options);
}

/** Apply the record filters to the samples and render them in one go. */
export function exportProfile(samples: Iterable<Sample>, format: Format, options: ExportOptions): Uint8Array {
  const writer = createExporter(format, options);
  for (const sample of samples) writer.add(sample);
  return writer.finish();
}
