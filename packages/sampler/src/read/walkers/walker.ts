/**
 * What every frame walker shares: the raw-frame arrays one walk fills, the loop and depth checks'
 * state, and deferring a frame whose page is not fetched yet to the next batched read.
 */
import { AddressSet } from '../../memory/address-table.js';
import type { PageCache } from '../../memory/pagecache.js';
import { GarbageObject } from '../../objects/objects.js';

/** A frame chain that changed while it was read (nonblocking): the structures themselves are valid. */
export class StackChanged extends GarbageObject {
  override name = 'StackChanged';
}

/** Raw frame flags (bits): entered from C (py-spy's is_entry); entered from a shim or outermost (is_shim_entry). */
export const FrameFlag = { Entry: 1, Shim: 2 } as const;

/** Walked frames as addresses, innermost first (parallel arrays, one entry per frame). */
export interface RawFrames {
  /** Code object of each frame. */
  codes: number[];
  /** Instruction offset of each frame (bytes into the code). */
  offsets: number[];
  /** Address of each frame (a frame object ≤3.10, an interpreter frame 3.11+). */
  frameAddresses: number[];
  /** FrameFlag bits of each frame. */
  flags: number[];
}

/** One walked thread's frames. */
export interface RawStack extends RawFrames {
  /** Index of the thread in the sample's thread list. */
  thread: number;
}

/** Deeper than this, a walk that leaves the prefetched memory reads READ_AHEAD_BYTES at a time. */
export const READ_AHEAD_DEPTH = 256;
export const READ_AHEAD_BYTES = 64 * 1024;

/**
 * Frames up to this depth are checked for a loop with a set; deeper ones with Brent's algorithm
 * (no allocation: a set of 50,000 addresses per sample is most of a deep walk's cost).
 */
export const SEEN_SET_DEPTH = 4096;

/**
 * A walker of one frame model. `walk` fills the raw arrays (reused across threads and samples);
 * `frames(n)` copies out the first `n`.
 */
export abstract class FrameWalker {
  protected readonly seen = new AddressSet();
  private rCode: number[] = [];
  private rOffset: number[] = [];
  private rAddr: number[] = [];
  private rFlags: number[] = [];
  private stopped = 0;
  private cut = false;

  constructor(protected readonly m: PageCache) {}

  /** Queues (m.want) the memory a walk of thread state `tstate` starts in, for the sample's batched read. */
  abstract want(tstate: number): void;

  /** Walks the chain from thread state `t` (or from frame `start`); see `walk`. */
  protected abstract chain(t: number, start: number, defer: boolean): number;

  /**
   * Walks one thread's frames (or the chain at `start`, which no thread state points to) into the
   * raw arrays; returns the count, or -1 when `defer` is set and a frame lies on a page not fetched
   * yet (queued with want).
   */
  walk(t: number, start = 0, defer = false): number {
    this.seen.clear();
    this.stopped = 0;
    this.cut = false;
    const n = this.chain(t, start, defer);
    if (n > 0) this.rFlags[n - 1] = this.rFlags[n - 1]! | FrameFlag.Shim;
    return n;
  }

  /** A copy of the first `n` frames of the last walk. */
  frames(n: number): RawFrames {
    return { codes: this.rCode.slice(0, n), offsets: this.rOffset.slice(0, n), frameAddresses: this.rAddr.slice(0, n), flags: this.rFlags.slice(0, n) };
  }

  /** A copy of the first `n` frames of the last walk, as the stack of thread `thread` of the sample. */
  stack(thread: number, n: number): RawStack {
    return { thread, codes: this.rCode.slice(0, n), offsets: this.rOffset.slice(0, n), frameAddresses: this.rAddr.slice(0, n), flags: this.rFlags.slice(0, n) };
  }

  /** The last walk stopped at MAX_FRAMES. */
  get truncated(): boolean {
    return this.cut;
  }

  /** Snapshots only: address of the zeroed frame the last walk stopped at, else 0. */
  get stoppedAt(): number {
    return this.stopped;
  }

  protected push(n: number, code: number, offset: number, addr: number, flags: number): void {
    this.rCode[n] = code;
    this.rOffset[n] = offset;
    this.rAddr[n] = addr;
    this.rFlags[n] = flags;
  }

  /** Adds `flags` to frame `i` of this walk. */
  protected mark(i: number, flags: number): void {
    this.rFlags[i] = this.rFlags[i]! | flags;
  }

  protected truncate(): void {
    this.cut = true;
  }

  protected stopAt(f: number): void {
    this.stopped = f;
  }

  /** Queues the frame at `f` for the next batch; the walk is redone after it. */
  protected deferTo(f: number): number {
    this.m.want(f, 64);
    return -1;
  }
}
