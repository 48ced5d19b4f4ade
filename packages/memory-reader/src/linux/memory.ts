/// <reference types="node" preserve="true" />

/**
 * Linux ProcessMemory: process_vm_readv through koffi with pre-packed iovec arrays, falling back
 * to pread on /proc/PID/mem when the syscall is refused (EPERM) or missing (ENOSYS), or when
 * PYGLASS_NO_PROCESS_VM_READV=1.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { IOV_MAX, IovecReadBatch, RangeBatch, destAddress } from '../batch.js';
import { BadAddress, isSystemError, MemoryReaderError, ProcessExited } from '../errors.js';
import { EACCES, EFAULT, EIO, ENOSYS, EPERM, ESRCH, errno, linuxLibc, putU64, type NativeFn } from '../native.js';
import { checkSamplable, permissionDenied } from './classify.js';
import { processExists } from './proc.js';
import type { ProcessMemory, ReadBatch } from '../types.js';

/** Options of openProcessMemory. */
export interface OpenOptions {
  /** Read through /proc/PID/mem instead of process_vm_readv (default: env PYGLASS_NO_PROCESS_VM_READV=1). */
  procMem?: boolean;
}

const ENOMEM = 12;

export class LiveProcessMemory implements ProcessMemory {
  readonly pid: number;
  /** True once reads go through /proc/PID/mem. */
  usingProcMem: boolean;
  private fd = -1;
  private pvr: NativeFn | undefined;
  private readonly localIov = new Uint32Array(4);
  private readonly remoteIov = new Uint32Array(4);

  constructor(pid: number, options: OpenOptions = {}) {
    checkSamplable(pid);
    this.pid = pid;
    this.usingProcMem = options.procMem ?? process.env['PYGLASS_NO_PROCESS_VM_READV'] === '1';
  }

  read(address: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    this.readInto(address, buf, 0, length);
    return buf;
  }

  readInto(address: number, dest: Uint8Array, destOffset = 0, length = dest.length - destOffset): void {
    if (!(length >= 0 && destOffset >= 0 && destOffset + length <= dest.length)) {
      throw new RangeError(`readInto: ${length} bytes at offset ${destOffset} do not fit a destination of ${dest.length} bytes`);
    }
    if (length === 0) return;
    if (this.usingProcMem) {
      this.preadAll(address, dest, destOffset, length);
      return;
    }
    const l = this.localIov;
    const r = this.remoteIov;
    putU64(l, 0, destAddress(dest) + destOffset);
    l[2] = length;
    putU64(r, 0, address);
    r[2] = length;
    const n = (this.pvr ??= linuxLibc().processVmReadv)(this.pid, l, 1, r, 1, 0) as number;
    if (n === length) return;
    if (n >= 0) throw this.shortReadError(address, length);
    const e = errno();
    if (e === EPERM || e === ENOSYS) {
      this.switchToProcMem(e);
      this.preadAll(address, dest, destOffset, length);
      return;
    }
    throw this.errnoError(e, address, length);
  }

  createBatch(capacity = 64): ReadBatch {
    return new IovecReadBatch(capacity);
  }

  readBatch(batch: ReadBatch): number {
    if (!(batch instanceof RangeBatch)) throw new TypeError('readBatch: the batch must come from createBatch()');
    if (this.usingProcMem || !(batch instanceof IovecReadBatch)) return this.preadBatch(batch, 0, 0);
    const pvr = (this.pvr ??= linuxLibc().processVmReadv);
    const count = batch.count;
    const lengths = batch.lengths;
    const ok = batch.ok;
    let done = 0;
    let i = 0;
    while (i < count) {
      const end = Math.min(count, i + IOV_MAX);
      const n = end - i;
      let got = pvr(this.pid, batch.localFrom(i), n, batch.remoteFrom(i), n, 0) as number;
      if (got < 0) {
        const e = errno();
        if (e === EFAULT || e === EIO || e === ENOMEM) {
          got = 0; // nothing copied: the first non-empty range failed
        } else if (e === EPERM || e === ENOSYS) {
          this.switchToProcMem(e);
          return this.preadBatch(batch, i, done);
        } else {
          throw this.errnoError(e, batch.addresses[i]!, lengths[i]!);
        }
      }
      // process_vm_readv stops at the first failing remote range: every range before it is complete.
      while (i < end && got >= lengths[i]!) {
        got -= lengths[i]!;
        ok[i] = 1;
        done++;
        i++;
      }
      if (i < end) ok[i++] = 0; // the failing one; carry on with the next
    }
    return done;
  }

  /** Closes the /proc/PID/mem descriptor, if one was opened. Further reads reopen it. */
  close(): void {
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch (e) {
        if (!isSystemError(e)) throw e; // already closed
      }
      this.fd = -1;
    }
  }

  private switchToProcMem(_e: number): void {
    this.usingProcMem = true;
  }

  private memFd(): number {
    if (this.fd >= 0) return this.fd;
    try {
      this.fd = openSync(`/proc/${this.pid}/mem`, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') throw permissionDenied(this.pid, EACCES);
      if (code === 'ENOENT' || code === 'ESRCH') throw new ProcessExited(this.pid, ESRCH);
      throw new MemoryReaderError(`Cannot open /proc/${this.pid}/mem: ${(err as Error).message}`, this.pid);
    }
    return this.fd;
  }

  /** Reads a range through /proc/PID/mem; returns bytes read, or -1 on EIO/EFAULT. */
  private pread(address: number, dest: Uint8Array, destOffset: number, length: number): number {
    const fd = this.memFd();
    let total = 0;
    try {
      while (total < length) {
        const n = readSync(fd, dest, destOffset + total, length - total, address + total);
        if (n <= 0) break;
        total += n;
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EIO' || code === 'EFAULT') return total;
      if (code === 'EACCES' || code === 'EPERM') throw permissionDenied(this.pid, EPERM);
      if (code === 'ESRCH') throw new ProcessExited(this.pid, ESRCH);
      throw new MemoryReaderError(`Reading /proc/${this.pid}/mem at 0x${address.toString(16)} failed: ${(err as Error).message}`, this.pid);
    }
    return total;
  }

  private preadAll(address: number, dest: Uint8Array, destOffset: number, length: number): void {
    if (this.pread(address, dest, destOffset, length) !== length) throw this.shortReadError(address, length);
  }

  private preadBatch(batch: RangeBatch, from: number, done: number): number {
    for (let i = from; i < batch.count; i++) {
      const len = batch.lengths[i]!;
      const ok = len === 0 || this.pread(batch.addresses[i]!, batch.dests[i]!, batch.destOffsets[i]!, len) === len;
      batch.ok[i] = ok ? 1 : 0;
      if (ok) done++;
    }
    if (done === 0 && batch.count > from && !processExists(this.pid)) throw new ProcessExited(this.pid);
    return done;
  }

  private shortReadError(address: number, length: number): Error {
    if (!processExists(this.pid)) return new ProcessExited(this.pid);
    return new BadAddress(this.pid, address, length, EFAULT);
  }

  private errnoError(e: number, address: number, length: number): Error {
    switch (e) {
      case ESRCH:
        return new ProcessExited(this.pid, e);
      case EPERM:
      case EACCES:
        return permissionDenied(this.pid, e);
      case EFAULT:
      case EIO:
      case ENOMEM:
        return this.shortReadError(address, length);
      default:
        return new MemoryReaderError(`process_vm_readv on process ${this.pid} at 0x${address.toString(16)} (${length} bytes) failed with errno ${e}`, this.pid, e);
    }
  }
}

/** Opens a Linux process for reading. Throws ProcessNotFound, KernelThread, ZombieProcess or a PermissionDenied. */
export function openLinuxProcessMemory(pid: number, options?: OpenOptions): LiveProcessMemory {
  return new LiveProcessMemory(pid, options);
}
