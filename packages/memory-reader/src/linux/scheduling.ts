/**
 * How the calling thread is scheduled (Linux). A sampler sleeps between samples and must run the
 * moment its timer fires; on a machine whose CPUs the target keeps busy, the default time slice
 * lets it wait for milliseconds first. Since Linux 6.12 (EEVDF) a SCHED_OTHER thread may ask for a
 * shorter slice (sched_attr.sched_runtime), which makes its wake-ups preempt promptly without
 * giving it more CPU time and without privileges.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isSystemError } from '../errors.js';
import { linuxLibc } from '../native.js';

/** sched_setattr / sched_getattr numbers per architecture. */
const SCHED_ATTR_SYSCALLS: Record<string, [set: number, get: number]> = { x64: [314, 315], arm64: [274, 275] };
/** struct sched_attr, version 1 (with the utilization clamps). */
const SCHED_ATTR_SIZE = 56;
const SCHED_OTHER = 0;
const RUNTIME_OFFSET = 24;

/** The calling thread's struct sched_attr, or undefined where it cannot be read. */
function readSchedAttr(numbers: [number, number]): Buffer | undefined {
  const attr = Buffer.alloc(SCHED_ATTR_SIZE);
  const r = linuxLibc().syscall(numbers[1], 'int', 0, 'void *', attr, 'unsigned int', SCHED_ATTR_SIZE, 'unsigned int', 0);
  return Number(r) === 0 ? attr : undefined;
}

/**
 * Requests a time slice of `nanoseconds` for the calling thread (0: back to the default; the
 * kernel clamps requests to 0.1–100 ms). False where this cannot be done: not Linux, a kernel
 * without sched_setattr, or a real-time policy (left alone). Policy, nice value and clamps are kept.
 */
export function setSchedulerSlice(nanoseconds: number): boolean {
  const numbers = SCHED_ATTR_SYSCALLS[process.arch];
  if (process.platform !== 'linux' || !numbers) return false;
  try {
    const attr = readSchedAttr(numbers);
    if (!attr || attr.readUInt32LE(4) !== SCHED_OTHER) return false;
    attr.writeUInt32LE(SCHED_ATTR_SIZE, 0);
    attr.writeBigUInt64LE(BigInt(Math.max(0, Math.round(nanoseconds))), RUNTIME_OFFSET);
    return Number(linuxLibc().syscall(numbers[0], 'int', 0, 'void *', attr, 'unsigned int', 0)) === 0;
  } catch {
    // best effort on purpose: whatever koffi or the kernel throws (no libc binding, an ABI it
    // cannot call) means the slice stays the default, which only costs timing precision
    return false;
  }
}

/** The calling thread's time slice in nanoseconds (requested or default), or undefined where unknown. */
export function schedulerSlice(): number | undefined {
  const numbers = SCHED_ATTR_SYSCALLS[process.arch];
  if (process.platform !== 'linux' || !numbers) return undefined;
  try {
    const attr = readSchedAttr(numbers);
    return attr ? Number(attr.readBigUInt64LE(RUNTIME_OFFSET)) : undefined;
  } catch {
    return undefined; // best effort on purpose, as in setSchedulerSlice
  }
}

/**
 * Sets the calling thread's timer slack and returns the previous value, or undefined where it
 * cannot be set. The default slack of 50 µs makes every timed wait overshoot by ~80 µs.
 * (/proc/self is the main thread: call it from the thread that waits.)
 */
export function setTimerSlack(nanoseconds: number): number | undefined {
  try {
    const file = '/proc/self/timerslack_ns';
    const previous = Number(readFileSync(file, 'latin1').trim());
    writeFileSync(file, String(Math.max(1, Math.round(nanoseconds))));
    return previous;
  } catch (e) {
    if (!isSystemError(e)) throw e; // no such file (old kernel) or not writable
    return undefined;
  }
}
