/**
 * `pyglass convert FILE [-f FORMAT] [-o OUT]…`: renders a capture in any output format, with the
 * record filters, a time window (--from/--to, seconds from the start) and a process or thread
 * selection. It goes through the same outputs and writers as `record`, so with the same flags it
 * writes what `record` would have written directly.
 */
import { formatThreadId, type Sample, type StackTrace } from '@pyglass/model';
import { formatExtension, isCaptureError, readCapture, traceFilterOf, traceRecorded, type Capture, type Format, type ExportOptions } from '@pyglass/exporters';
import { UsageError } from '../../errors.js';
import { planOutputs, ProfileOutputs } from '../../profile-outputs.js';
import { targetHostPath } from '../../process-description.js';
import { captureExportOptions } from '../../recording.js';
import type { ConvertOptions } from './flags.js';

const log = (line: string) => process.stderr.write(`pyglass> ${line}\n`);

/** Default output name: the capture's name with the format's extension instead of `.pyglass`. */
export function convertedName(file: string, format: Format): string {
  const base = file.replace(/\.pyglass$/i, '');
  return `${base}.${formatExtension(format)}`;
}

/** Seconds, as given to --from/--to, in ms. */
function windowOf(options: ConvertOptions): { from: number; to: number } {
  const from = (options.from ?? 0) * 1000;
  const to = options.to === undefined ? Infinity : options.to * 1000;
  if (options.from !== undefined && options.to !== undefined && !(options.from < options.to)) {
    throw new UsageError(`--from ${options.from} is not before --to ${options.to}: the window would be empty.`);
  }
  return { from, to };
}

/** Does a trace belong to the selected processes and threads? */
function selector(options: ConvertOptions): ((trace: StackTrace) => boolean) | undefined {
  const pids = options.pid !== undefined && options.pid.length > 0 ? new Set(options.pid) : undefined;
  const threads = options.thread !== undefined && options.thread.length > 0 ? options.thread : undefined;
  if (pids === undefined && threads === undefined) return undefined;
  return (trace) => {
    if (pids !== undefined && !pids.has(trace.pid)) return false;
    if (threads === undefined) return true;
    return threads.some((t) => t === String(trace.osThreadId) || t === formatThreadId(trace) || t.toLowerCase() === `0x${trace.threadId.toString(16)}` || t === trace.threadName);
  };
}

/** The samples of the window and selection (the capture's own objects when nothing is cut). */
function* selected(capture: Capture, window: { from: number; to: number }, keep: ((t: StackTrace) => boolean) | undefined, seen: { samples: number; traces: number; last: number }): Generator<Sample> {
  // (seen.traces: traces of the window and selection, before the record filters)
  const start = capture.metadata.startTime;
  for (const sample of capture.samples()) {
    const rel = sample.time - start;
    seen.last = rel;
    if (rel < window.from) continue;
    if (rel >= window.to) break;
    const s = keep === undefined ? sample : { ...sample, traces: sample.traces.filter(keep) };
    seen.samples++;
    seen.traces += s.traces.length;
    yield s;
  }
}

export async function runConvert(options: ConvertOptions, file: string): Promise<number> {
  let capture: Capture;
  try {
    capture = readCapture(file, file);
  } catch (error) {
    if (isCaptureError(error)) throw new UsageError(error.message, 1);
    throw error;
  }
  const window = windowOf(options);
  const m = capture.metadata;
  if (options.function && m.options.lineNo !== 'first' && !options.nolineno) {
    throw new UsageError(`--function: '${file}' holds each frame's current line, not its function's first line; record with --function to convert with it.`);
  }
  const format = options.format;
  const fallback = format ?? 'flamegraph';
  const names = options.output !== undefined && options.output.length > 0 ? options.output : [convertedName(file, fallback)];
  const plans = planOutputs(names, format, fallback, log);
  if (capture.cutShort) {
    const tail = capture.ignoredBytes > 0 ? ` (its last ${capture.ignoredBytes} bytes are an incomplete chunk)` : '';
    log(`'${file}' was cut short: it has no end record${tail}, so the record was killed or is still running; converting what it holds.`);
  }
  const lineNo = options.nolineno ? 'none' : m.options.lineNo;
  const base: ExportOptions = {
    sampleRate: m.options.rate,
    lineNo,
    includeThreadIds: options.threads,
    includeIdle: options.idle,
    gilOnly: options.gil,
    mode: options.mode,
    gc: options.gc,
    title: m.title,
    startTime: m.startTime,
    hostPath: targetHostPath,
  };
  const outputs = new ProfileOutputs(plans, () => captureExportOptions(base, capture), { stream: false });
  const seen = { samples: 0, traces: 0, last: 0 };
  const keep = selector(options);
  const filter = traceFilterOf(base);
  let recorded = 0;
  try {
    for (const sample of selected(capture, window, keep, seen)) {
      outputs.add(sample);
      for (const t of sample.traces) if (traceRecorded(t, filter)) recorded++;
    }
  } catch (error) {
    outputs.abort();
    if (isCaptureError(error)) throw new UsageError(error.message, 1);
    throw error;
  }
  // a capture without samples renders as record rendered it ("No samples"); an empty window or selection is a mistake
  const windowed = options.from !== undefined || options.to !== undefined;
  if (seen.samples === 0 && windowed) {
    outputs.abort();
    const span = `the capture spans 0–${(seen.last / 1000).toFixed(3)} s`;
    throw new UsageError(`no samples between ${(window.from / 1000).toFixed(3)} s and ${window.to === Infinity ? 'the end' : `${(window.to / 1000).toFixed(3)} s`}: ${span}.`, 1);
  }
  if (seen.traces === 0 && keep !== undefined && seen.samples > 0) {
    outputs.abort();
    throw new UsageError(`no stack traces of the selected processes or threads in '${file}' (its processes: ${capture.processes.map((p) => p.pid).join(', ') || 'none'}).`, 1);
  }
  const wrote = await outputs.finish();
  wrote.forEach((line, i) => log(i < wrote.length - 1 ? line : `${line} Samples: ${recorded}`));
  if (recorded === 0) log('No samples passed the filters (were the threads idle? try --idle).');
  return 0;
}
