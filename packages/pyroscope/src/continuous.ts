import { traceIncluded, type TraceFilter } from '@pyglass/exporters';
import type { Sample, StackTrace } from '@pyglass/model';
import { sendRequest } from './http.js';
import { UploadQueue, type QueueVoice, type Sender, type UploadStats } from './queue.js';
import type { PreparedRequest } from './request.js';
import { WindowBatcher, type ProfileWindow, type SeriesBuilder, type SeriesIdentity } from './window.js';

/** The window, queue and retry settings every continuous uploader has (defaults applied). */
export interface UploadSettings {
  uploadIntervalSeconds: number;
  uploadTimeoutSeconds: number;
  maxQueueBytes: number;
  maxQueueWindows: number;
  /** Idle traces are included (the profile is wall time). */
  wallTime: boolean;
}

/**
 * The machinery the Pyroscope and OTLP uploaders share: feed it traces (`add`) from the sampling
 * loop, which only hands them to the current window's series builders. Every upload interval a
 * timer cuts the window; the exporter's `encode` turns it into requests (off the sampling path,
 * chained so windows stay in order) and the bounded queue sends them with retries. `close()` sends
 * the last partial window and waits a bounded time. Every window ends as exactly one of sent,
 * refused, dropped or unsent.
 */
export abstract class WindowUploader<S extends SeriesBuilder> {
  private readonly batcher: WindowBatcher<S>;
  private readonly queue: UploadQueue;
  private timer: NodeJS.Timeout | undefined;
  /** Encoding (gzip runs on the thread pool) and queueing, chained to keep windows in order. */
  private pending: Promise<void> = Promise.resolve();
  private closed = false;
  private samplesCut = 0;
  private readonly filter: TraceFilter;

  protected constructor(
    private readonly settings: UploadSettings,
    private readonly voice: QueueVoice,
    identity: SeriesIdentity,
    newSeries: (pid: number, windowStart: number) => S,
    start: number,
    sender: Sender = sendRequest,
  ) {
    this.batcher = new WindowBatcher(newSeries, identity, start);
    this.filter = { includeIdle: settings.wallTime, gilOnly: false };
    const intervalMs = settings.uploadIntervalSeconds * 1000;
    this.queue = new UploadQueue(
      sender,
      {
        maxBytes: settings.maxQueueBytes,
        maxWindows: settings.maxQueueWindows,
        maxBackoffMs: Math.min(intervalMs, 30_000),
        requestTimeoutMs: settings.uploadTimeoutSeconds * 1000,
      },
      voice,
    );
  }

  /** The requests of a cut window (encoded, compressed). */
  protected abstract encode(window: ProfileWindow<S>): Promise<PreparedRequest[]>;

  /** Starts cutting a window every upload interval. */
  start(): this {
    if (this.timer === undefined && !this.closed) {
      this.timer = setInterval(() => this.cutWindow(Date.now()), this.settings.uploadIntervalSeconds * 1000);
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

  private async enqueue(window: ProfileWindow<S>): Promise<void> {
    const requests = await this.encode(window);
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
      await this.queue.drain(this.settings.uploadTimeoutSeconds * 1000);
    }
    return this.queue.stats;
  }

  /** One line for the end of a run: windows sent, retried, dropped, refused, unsent. */
  summary(): string {
    return summarizeUploads(this.queue.stats, this.voice.target, this.voice.name);
  }
}

export function summarizeUploads(s: Readonly<UploadStats>, target: string, name = 'Pyroscope'): string {
  const parts = [`${s.sent} window${s.sent === 1 ? '' : 's'} sent to ${target}`, `${s.retries} retried`, `${s.dropped} dropped (queue full)`];
  if (s.partial > 0) parts.push(`${s.partial} accepted only in part`);
  if (s.rejected > 0) parts.push(`${s.rejected} refused by the server`);
  if (s.unsent > 0) parts.push(`${s.unsent} not sent (server unreachable at exit)`);
  return `${name}: ${parts.join(', ')}.`;
}
