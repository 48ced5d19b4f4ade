/**
 * The OS thread id of a thread, for PythonSpy (a live process) and CoreSpy (a core file) alike.
 * (Thread names, the other thing both need, are in thread-names.ts.)
 */
import type { RawThread } from './stack-reader.js';

/**
 * The OS thread id of a thread. 3.11+ thread states hold it; before, it is read from glibc's
 * struct pthread, an offset that can be wrong, so it is trusted once `exists(tid)` confirms it
 * (the OS has that thread, or the core file recorded it).
 */
export class OsThreadIds {
  /** Python thread id → confirmed OS tid. */
  private readonly confirmed = new Map<number, number>();
  constructor(private readonly fromThreadState: boolean, private readonly exists: (tid: number) => boolean) {}

  of(t: RawThread): number | undefined {
    if (!t.osThreadId) return undefined;
    if (this.fromThreadState) return t.osThreadId;
    if (this.confirmed.get(t.threadId) === t.osThreadId) return t.osThreadId;
    if (t.osThreadId > 0 && t.osThreadId < 2 ** 31 && this.exists(t.osThreadId)) {
      this.confirmed.set(t.threadId, t.osThreadId);
      return t.osThreadId;
    }
    return undefined;
  }

  /** False when no thread id can be known (none in the thread state, none confirmed). */
  get anyKnowable(): boolean {
    return this.fromThreadState || this.confirmed.size > 0;
  }
}

/** Offset of `tid` in glibc's struct pthread on x86_64 (glibc 2.2x–2.4x); OsThreadIds confirms what is read there. */
export const GLIBC_PTHREAD_TID_OFFSET = 0x2d0;
