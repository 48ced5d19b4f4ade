import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { traceIncluded } from '@pyglass/exporters';
import type { Sample, StackTrace } from '@pyglass/model';
import { sendRequest } from './http.js';
import { resolveOptions, type PyroscopeOptions, type ResolvedOptions } from './options.js';
import { UploadQueue, type Sender, type UploadStats } from './queue.js';
import { ingestRequests, pushRequest, type PreparedRequest } from './request.js';
import { WindowBatcher, type ProfileWindow } from './window.js';

const gzipAsync = promisify(gzip);

/**
 * Continuous profiling into Pyroscope. Feed it traces (`add`) from the sampling loop: that only
 * counts stacks in memory. Every upload interval a timer cuts the window, encodes one pprof
 * profile per process and queues the upload; sending happens asynchronously, so the sampling loop
 * never waits on the network. `close()` sends the last partial window and waits a bounded time.
 */
export class PyroscopeUploader {
  readonly options: ResolvedOptions;
  private readonly batcher: WindowBatcher;
  private readonly queue: UploadQueue;
  private timer: NodeJS.Timeout | undefined;
  /** Encoding (gzip runs on the thread pool) and queueing, chained to keep windows in order. */
  private pending: Promise<void> = Promise.resolve();
  private closed = false;
  private samplesCut = 0;
  private readonly filter: { includeIdle: boolean; gilOnly: boolean };

  constructor(options: PyroscopeOptions, start = Date.now(), sender: Sender = sendRequest) {
    this.options = resolveOptions(options);
    this.batcher = new WindowBatcher(this.options, start);
    this.filter = { includeIdle: this.options.wallTime, gilOnly: false };
    const intervalMs = this.options.uploadIntervalSeconds * 1000;
    this.queue = new UploadQueue(
      sender,
      {
        maxBytes: this.options.maxQueueBytes,
        maxWindows: this.options.maxQueueWindows,
        maxBackoffMs: Math.min(intervalMs, 30_000),
        requestTimeoutMs: this.options.uploadTimeoutSeconds * 1000,
      },
      this.options.log,
      this.options.baseUrl.origin,
    );
  }

  /** Starts cutting a window every upload interval. */
  start(): this {
    if (this.timer === undefined && !this.closed) {
      this.timer = setInterval(() => this.cutWindow(Date.now()), this.options.uploadIntervalSeconds * 1000);
      // the sampler (or the caller) keeps the process alive, not the upload timer
      this.timer.unref();
    }
    return this;
  }

  /** Records one trace (of process `trace.pid`, its own series) taken at `timeMs`. Synchronous and cheap. */
  add(trace: StackTrace, timeMs: number): void {
    this.batcher.add(trace, timeMs);
  }

  /** Records the traces of a sample that have Python frames (idle ones only with `wallTime`, as record does). */
  addSample(sample: Sample): void {
    for (const trace of sample.traces) {
      if (trace.frames.length > 0 && traceIncluded(trace, this.filter)) this.batcher.add(trace, sample.time);
    }
  }

  /** Upload statistics so far (every window ends as sent, rejected, dropped or unsent). */
  get stats(): Readonly<UploadStats> {
    return this.queue.stats;
  }

  /** Traces that went into cut windows. */
  get samples(): number {
    return this.samplesCut;
  }

  /** Ends the current window now and queues it (the timer does this every interval). */
  cutWindow(now: number): void {
    const window = this.batcher.cut(now);
    if (window === undefined) return;
    this.samplesCut += window.samples;
    this.pending = this.pending.then(() => this.enqueue(window));
  }

  private async enqueue(window: ProfileWindow): Promise<void> {
    const gzipped = await Promise.all(window.series.map((s) => gzipAsync(s.pprof)));
    const requests: PreparedRequest[] = this.options.api === 'push' ? [pushRequest(window, gzipped, this.options)] : ingestRequests(window, gzipped, this.options);
    const bytes = requests.reduce((n, r) => n + r.body.length, 0);
    this.queue.push({ seq: window.seq, requests, bytes });
  }

  /**
   * Sends the last partial window and waits for the queue, at most the upload timeout; what is
   * still unsent then is counted, not waited for. Resolves to the final statistics.
   */
  async close(now = Date.now()): Promise<UploadStats> {
    if (!this.closed) {
      this.closed = true;
      if (this.timer !== undefined) clearInterval(this.timer);
      this.timer = undefined;
      this.cutWindow(now);
      await this.pending;
      await this.queue.drain(this.options.uploadTimeoutSeconds * 1000);
    }
    return this.queue.stats;
  }

  /** One line for the end of a run: windows sent, retried, dropped, refused, unsent. */
  summary(): string {
    return summarizeUploads(this.queue.stats, this.options.baseUrl.origin);
  }
}

export function summarizeUploads(s: Readonly<UploadStats>, target: string): string {
  const parts = [`${s.sent} window${s.sent === 1 ? '' : 's'} sent to ${target}`, `${s.retries} retried`, `${s.dropped} dropped (queue full)`];
  if (s.rejected > 0) parts.push(`${s.rejected} refused by the server`);
  if (s.unsent > 0) parts.push(`${s.unsent} not sent (server unreachable at exit)`);
  return `Pyroscope: ${parts.join(', ')}.`;
}
