import type { Sample } from '@pyglass/model';
import type { Capture } from '../capture/reader.js';
import type { ExportOptions, FormatEntry, ProfileWriter } from '../format.js';
import { checkOptions, exportersVersion, showsLines } from '../options.js';
import { ReportCollector } from './collect.js';
import { htmlDocument } from './document.js';
import { readSourceExcerpts, readTargetSource } from './sources.js';

/** How many of the hottest functions get their source lines in the report. */
const SOURCE_FUNCTIONS = 8;
/** Source text kept from files read as they are first sampled (a process may be gone at the end). */
const SOURCE_BUDGET_BYTES = 32 * 1024 * 1024;

/** The record's options (--idle and --gil choose which states the page starts with), and where sources come from. */
export interface HtmlReportOptions extends ExportOptions {
  /** Reads a source file as the target saw it (default: where `hostPath` says, then the same path). */
  readSource?: ((pid: number, file: string) => string | undefined) | undefined;
}

/**
 * The HTML report: takes whole samples (every thread, idle ones too, with their time and states), so
 * that the page can filter by thread, state and time itself; the record's --idle and --gil only set
 * which states the page starts with.
 */
export class HtmlRecorder implements ProfileWriter {
  readonly format = 'html' as const;
  private readonly collector: ReportCollector;
  /** Sources read when first sampled, by file (undefined: could not be read then). */
  private readonly sources = new Map<string, string | undefined>();
  private sourceBytes = 0;
  private readonly readSource: (pid: number, file: string) => string | undefined;

  constructor(readonly options: HtmlReportOptions) {
    checkOptions(options);
    const read = (this.readSource = options.readSource ?? ((pid, file) => readTargetSource(pid, file, options.hostPath)));
    this.collector = new ReportCollector({
      // read while the process runs: its root (a container's) is gone once it exits
      newFile: (pid, file) => {
        if (this.sourceBytes >= SOURCE_BUDGET_BYTES) return;
        const text = read(pid, file);
        this.sourceBytes += text?.length ?? 0;
        this.sources.set(file, text);
      },
      title: options.title,
      describeProcess: options.describeProcess,
      rate: options.sampleRate,
      showLines: showsLines(options),
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

  add(sample: Sample): void {
    this.collector.addSample(sample);
  }

  finish(): Uint8Array {
    const hot = this.collector.hotFunctions(SOURCE_FUNCTIONS);
    const sources = readSourceExcerpts(hot, (pid, file) => this.sources.get(file) ?? this.readSource(pid, file));
    const data = this.collector.data(sources);
    return new TextEncoder().encode(htmlDocument(data, data.meta.title));
  }
}

/** The HTML report of a whole Sample stream in one go. */
export function htmlReport(samples: Iterable<Sample>, options: HtmlReportOptions): Uint8Array {
  const r = new HtmlRecorder(options);
  for (const s of samples) r.add(s);
  return r.finish();
}

/** The HTML report of a capture: the record's rate, line numbers, --idle/--gil, title and processes. */
export function htmlReportFromCapture(capture: Capture, options: Pick<HtmlReportOptions, 'readSource' | 'title'> = {}): Uint8Array {
  const m = capture.metadata;
  const processes = new Map(capture.processes.map((p) => [p.pid, p]));
  const r = new HtmlRecorder({
    sampleRate: m.options.rate,
    lineNo: m.options.lineNo,
    includeThreadIds: m.options.threads,
    includeIdle: m.options.idle,
    gilOnly: m.options.gil,
    title: options.title ?? m.title,
    describeProcess: (pid) => ({ commandLine: processes.get(pid)?.commandLine, pythonVersion: processes.get(pid)?.pythonVersion }),
    readSource: options.readSource,
  });
  for (const s of capture.samples()) r.add(s);
  return r.finish();
}

/** The registry's entry of `-f html`. */
export const htmlFormat: FormatEntry = {
  extensions: ['html'],
  binary: false,
  runStates: true,
  description: 'interactive report: flame graph, functions, threads, timeline, sources (any browser, offline)',
  wrote: 'HTML report',
  viewHint: (file) => (file === undefined ? undefined : `Open ${file} in a browser (it needs no server and no network)`),
  create: (options) => new HtmlRecorder(options),
};
