/**
 * Torn frame chains in blocking mode. Pausing stops a thread wherever it is, also between the
 * stores of a frame push or pop: the thread state can point at a frame whose `previous` is not set
 * yet (3.11+), at a C frame record not linked yet (3.11–3.12 cframe), or at a frame object being
 * freed (≤3.10). Read again after the thread has run a little, the chain is whole.
 */
import { threadRunTimeNs } from '@pyglass/memory-reader';
import { isUnreadable } from '../objects/objects.js';
import type { RawThread } from './stack-reader.js';

/** Reads after the first one when a thread's chain is torn; then the sample fails as before. */
export const MAX_TORN_RETRIES = 4;

/** CPU time the torn thread must get before the next read: far more than one push or pop takes. */
const RAN_NS = 20_000;
/** Longest wait for that, per retry (ms): a loaded machine can keep a runnable thread waiting. */
const MAX_WAIT_MS = [2, 5, 10, 20] as const;
/** Poll interval of the wait (ms). */
const POLL_MS = 0.05;

const futexWord = new Int32Array(new SharedArrayBuffer(4));

/** A thread whose walk of this read met memory that was not a whole frame chain, if any. */
export function tornThread(threads: readonly RawThread[]): RawThread | undefined {
  return threads.find((t) => t.error !== undefined && isUnreadable(t.error));
}

/** Run time of the torn thread (ns) while it is still paused; undefined when its tid is unknown. */
export function runTimeBefore(pid: number, torn: RawThread): number | undefined {
  return torn.osThreadId ? threadRunTimeNs(pid, torn.osThreadId) : undefined;
}

/**
 * After the target resumed: returns once the torn thread has been on a CPU for RAN_NS more than
 * `before`, or after the retry's longest wait (its tid or run time unknown: that wait, whole).
 */
export function waitUntilRan(pid: number, torn: RawThread, before: number | undefined, retry: number): void {
  const maxMs = MAX_WAIT_MS[Math.min(retry, MAX_WAIT_MS.length - 1)]!;
  const deadline = performance.now() + maxMs;
  for (;;) {
    const left = deadline - performance.now();
    if (left <= 0) return;
    Atomics.wait(futexWord, 0, 0, before === undefined ? left : Math.min(POLL_MS, left));
    if (before === undefined) continue;
    const now = threadRunTimeNs(pid, torn.osThreadId);
    if (now === undefined || now - before >= RAN_NS) return;
  }
}
