import type { PreparedRequest } from './request.js';
import type { SendOutcome } from './http.js';

/** A window's requests (one with the push API, one per series with ingest) waiting to be sent. */
export interface QueuedWindow {
  seq: number;
  /** Requests not yet delivered (a retry sends only these). */
  requests: PreparedRequest[];
  bytes: number;
  /** Set when the server refused one of its requests. */
  refused?: boolean;
  /** Set when the server accepted one of its requests only in part. */
  partial?: boolean;
}

/** What happened to the windows so far. Every window cut ends in exactly one of sent, rejected, dropped, unsent. */
export interface UploadStats {
  /** Windows handed to the queue. */
  windows: number;
  sent: number;
  /** Failed attempts that were tried again. */
  retries: number;
  /** Dropped, oldest first, because the queue was over its memory bound. */
  dropped: number;
  /** Refused by the server (a 4xx other than 408/429, not retried) for at least one of its requests. */
  rejected: number;
  /** Still queued when the final wait ran out. */
  unsent: number;
  /** Of the sent ones: accepted only in part (an OTLP partial success). */
  partial: number;
}

export interface QueueLimits {
  maxBytes: number;
  maxWindows: number;
  /** Longest wait between retries, ms. */
  maxBackoffMs: number;
  requestTimeoutMs: number;
}

/** Who the queue sends to, for its notices: `Pyroscope: …`, `OTLP: …`, and the hint after a refusal. */
export interface QueueVoice {
  /** The notices' prefix, e.g. 'Pyroscope'. */
  name: string;
  /** Where the uploads go (an origin). */
  target: string;
  log: (line: string) => void;
  /** What to check after the server refused a request with this status. */
  rejectionHint: (status: number) => string;
}

export type Sender = (request: PreparedRequest, timeoutMs: number, abort: AbortSignal) => Promise<SendOutcome>;

const firstBackoffMs = 250;
/** Requests of one window in flight at once (ingest sends one per process). */
const concurrency = 4;

/**
 * In-order upload queue, run on the event loop beside the sampler: bounded in bytes and windows
 * (drop-oldest), retries with exponential backoff and jitter, no retry for refusals. Notices go
 * to `log` once per event (outage, recovery, first rejection, first drop).
 */
export class UploadQueue {
  readonly stats: UploadStats = { windows: 0, sent: 0, retries: 0, dropped: 0, rejected: 0, unsent: 0, partial: 0 };
  private readonly items: QueuedWindow[] = [];
  private bytes = 0;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private wakeBackoff: (() => void) | undefined;
  private failing = 0;
  private rejectedOnce = false;
  private partialOnce = false;
  private droppedOnce = false;
  private closing = false;

  constructor(
    private readonly send: Sender,
    private readonly limits: QueueLimits,
    private readonly voice: QueueVoice,
  ) {}

  /** Bytes queued (request bodies). */
  get queuedBytes(): number {
    return this.bytes;
  }

  get length(): number {
    return this.items.length;
  }

  push(item: QueuedWindow): void {
    this.stats.windows++;
    this.items.push(item);
    this.bytes += item.bytes;
    this.enforceBound();
    this.kick();
  }

  /** Starts the send loop unless it runs; restarts it if items arrived while it was ending. */
  private kick(): void {
    if (this.running !== undefined || this.abort.signal.aborted) return;
    this.running = this.run().then(() => {
      this.running = undefined;
      if (this.items.length > 0) this.kick();
    });
  }

  /** Drops the oldest windows, never the one being sent, until within both bounds. */
  private enforceBound(): void {
    const inFlight = this.running !== undefined ? 1 : 0;
    while (this.items.length > inFlight && (this.bytes > this.limits.maxBytes || this.items.length > this.limits.maxWindows)) {
      const [victim] = this.items.splice(inFlight, 1);
      if (victim === undefined) break;
      this.bytes -= victim.bytes;
      this.stats.dropped++;
      if (!this.droppedOnce) {
        this.droppedOnce = true;
        this.voice.log(`${this.voice.name}: upload queue full (${this.limits.maxWindows} windows or ${(this.limits.maxBytes / 1048576).toFixed(0)} MiB); dropping the oldest windows.`);
      }
    }
  }

  private async run(): Promise<void> {
    for (;;) {
      const head = this.items[0];
      if (head === undefined || this.abort.signal.aborted) return;
      if (head.requests.length === 0) {
        this.finish(head);
        continue;
      }
      const batch = head.requests.slice(0, concurrency);
      const outcomes = await Promise.all(batch.map((r) => this.send(r, this.limits.requestTimeoutMs, this.abort.signal)));
      if (this.abort.signal.aborted) return;
      let retry: string | undefined;
      let retryAfterMs = 0;
      const kept: PreparedRequest[] = [];
      outcomes.forEach((outcome, i) => {
        if (outcome.kind === 'retry') {
          retry ??= outcome.reason;
          retryAfterMs = Math.max(retryAfterMs, outcome.afterMs ?? 0);
          kept.push(batch[i]!);
        } else if (outcome.kind === 'sent' && outcome.notice !== undefined) {
          head.partial = true;
          if (!this.partialOnce) {
            this.partialOnce = true;
            this.voice.log(`${this.voice.name}: ${this.voice.target} accepted a request only in part: ${outcome.notice}`);
          }
        } else if (outcome.kind === 'rejected') {
          // not retried: the same request would be refused the same way
          head.refused = true;
          if (!this.rejectedOnce) {
            this.rejectedOnce = true;
            this.voice.log(`${this.voice.name}: ${this.voice.target} refused a profile (${outcome.reason}); not retried. ${this.voice.rejectionHint(outcome.status)}`);
          }
        }
      });
      head.requests = [...kept, ...head.requests.slice(batch.length)];
      if (retry === undefined) {
        if (this.failing > 0) {
          this.voice.log(`${this.voice.name}: uploads to ${this.voice.target} resumed after ${this.failing} failed attempt${this.failing === 1 ? '' : 's'}.`);
          this.failing = 0;
        }
        continue;
      }
      this.failing++;
      this.stats.retries++;
      if (this.failing === 1) {
        this.voice.log(`${this.voice.name}: upload to ${this.voice.target} failed (${retry}); retrying with backoff, windows are kept meanwhile.`);
      }
      await this.backoff(this.failing, retryAfterMs);
    }
  }

  /** A window whose requests all went out: sent, or refused if the server refused any of them. */
  private finish(head: QueuedWindow): void {
    this.items.shift();
    this.bytes -= head.bytes;
    if (head.refused === true) this.stats.rejected++;
    else {
      this.stats.sent++;
      if (head.partial === true) this.stats.partial++;
    }
  }

  /** Waits before the next attempt: exponential, or the server's Retry-After if longer, capped at the longest backoff. */
  private backoff(attempt: number, retryAfterMs: number): Promise<void> {
    const base = Math.min(this.limits.maxBackoffMs, Math.max(retryAfterMs, firstBackoffMs * 2 ** Math.min(attempt - 1, 20)));
    // jitter spreads the retries of many agents, but never below what the server asked for
    const ms = this.closing ? Math.min(base, firstBackoffMs) : Math.max(Math.min(retryAfterMs, this.limits.maxBackoffMs), base * (0.8 + 0.4 * Math.random()));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeBackoff = undefined;
        resolve();
      }, ms);
      this.wakeBackoff = () => {
        clearTimeout(timer);
        this.wakeBackoff = undefined;
        resolve();
      };
    });
  }

  /**
   * Waits until everything queued is sent (or refused), at most `timeoutMs`; then gives up on what
   * is left (counted as unsent). Retries during this wait use the shortest backoff.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.closing = true;
    this.wakeBackoff?.();
    const deadline = Date.now() + timeoutMs;
    while (this.running !== undefined && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const timeUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadline - Date.now());
      });
      await Promise.race([this.running, timeUp]);
      clearTimeout(timer);
    }
    this.abort.abort();
    this.wakeBackoff?.();
    while (this.running !== undefined) await this.running;
    this.stats.unsent += this.items.length;
    this.items.length = 0;
    this.bytes = 0;
  }
}
