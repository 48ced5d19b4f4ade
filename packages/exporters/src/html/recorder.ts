import type { Sample, StackTrace } from '@pyglass/model';
import type { Recorder } from '../recorder.js';
import { checkOptions, showsLines, type RecorderOptions } from '../options.js';
import { exportersVersion } from '../options.js';
import type { Capture } from '../capture/reader.js';
import { ReportCollector } from './collect.js';
import { htmlDocument } from './document.js';
import { readSourceExcerpts, readTargetSource } from './sources.js';

/** How many of the hottest functions get their source lines in the report. */
const SOURCE_FUNCTIONS = 8;

export interface HtmlReportOptions extends RecorderOptions {
  /** --gil: the page starts with only the GIL holders' samples shown. */
  gilOnly?: boolean | undefined;
  commandLines?: ReadonlyMap<number, string> | undefined;
  pythonVersions?: readonly string[] | undefined;
  /** Reads a source file as the target saw it (default: through /proc/PID/root, then the same path). */
  readSource?: ((pid: number, file: string) => string | undefined) | undefined;
}

/**
 * The HTML report: takes whole samples (every thread, idle ones too, with their time and states), so
 * that the page can filter by thread, state and time itself; the record's --idle and --gil only set
 * which states the page starts with.
 */
export class HtmlRecorder implements Recorder {
  readonly format = 'html' as const;
  private readonly collector: ReportCollector;

  constructor(readonly options: HtmlReportOptions) {
    checkOptions(options);
    this.collector = new ReportCollector({
      title: options.title,
      commandLines: options.commandLines,
      pythonVersions: options.pythonVersions,
      rate: options.sampleRate,
      showLineNumbers: showsLines(options),
      includeIdle: options.includeIdle ?? false,
      gilOnly: options.gilOnly ?? false,
      pyglassVersion: exportersVersion(),
    });
  }

  /** Thread samples with at least one frame so far. */
  get samples(): number {
    return this.collector.samples;
  }

  get distinctStacks(): number {
    return this.collector.distinctStacks;
  }

  addSample(sample: Sample): void {
    this.collector.addSample(sample);
  }

  /** One trace on its own (the classic recorders' interface); addSample also counts intervals and errors. */
  add(trace: StackTrace, timeMs: number): void {
    this.collector.add(trace, timeMs);
  }

  finish(): Uint8Array {
    const hot = this.collector.hotFunctions(SOURCE_FUNCTIONS);
    const sources = readSourceExcerpts(hot, this.options.readSource ?? readTargetSource);
    const data = this.collector.data(sources);
    return new TextEncoder().encode(htmlDocument(data, data.meta.title));
  }
}

/** The HTML report of a whole Sample stream in one go. */
export function htmlReport(samples: Iterable<Sample>, options: HtmlReportOptions): Uint8Array {
  const r = new HtmlRecorder(options);
  for (const s of samples) r.addSample(s);
  return r.finish();
}

/** The HTML report of a capture: the record's rate, line numbers, --idle/--gil, title and processes. */
export function htmlReportFromCapture(capture: Capture, options: Pick<HtmlReportOptions, 'readSource' | 'title'> = {}): Uint8Array {
  const m = capture.metadata;
  const lineNo = m.options.lineNo;
  const r = new HtmlRecorder({
    sampleRate: m.options.rate,
    showLineNumbers: lineNo !== 'none',
    lineNo,
    includeThreadIds: m.options.threads,
    includeIdle: m.options.idle,
    gilOnly: m.options.gil,
    title: options.title ?? m.title,
    commandLines: new Map(capture.processes.map((p) => [p.pid, p.commandLine.join(' ')])),
    pythonVersions: [...new Set(capture.processes.flatMap((p) => (p.pythonVersion !== undefined ? [p.pythonVersion] : [])))],
    readSource: options.readSource,
  });
  for (const s of capture.samples()) r.addSample(s);
  return r.finish();
}
