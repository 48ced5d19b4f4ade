/**
 * A ProcessMemory built on one primitive — read this range whole, or say it cannot be read — for the
 * ports whose system call copies one range at a time (macOS mach_vm_read_overwrite, Windows
 * ReadProcessMemory). Single reads, batches and their bookkeeping follow from it here, once.
 */
import { RangeBatch } from './batch.js';
import { BadAddress } from './errors.js';
import type { ProcessMemory, ReadBatch } from './types.js';

export abstract class RangeReadMemory implements ProcessMemory {
  constructor(readonly pid: number) {}

  /**
   * Copies `length` (> 0) bytes at `address` into `dest[destOffset ..]`: true when all of them were
   * read, false when the range is not (wholly) readable; throws on any other failure.
   */
  protected abstract readRange(address: number, dest: Uint8Array, destOffset: number, length: number): boolean;

  /** Releases what the port holds for the process (a task port, a handle). */
  abstract close(): void;

  read(address: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    this.readInto(address, buf, 0, length);
    return buf;
  }

  readInto(address: number, dest: Uint8Array, destOffset = 0, length = dest.length - destOffset): void {
    if (length !== 0 && !this.readRange(address, dest, destOffset, length)) throw new BadAddress(this.pid, address, length);
  }

  createBatch(capacity = 64): ReadBatch {
    return new RangeBatch(capacity);
  }

  readBatch(batch: ReadBatch): number {
    if (!(batch instanceof RangeBatch)) throw new TypeError('readBatch: the batch must come from createBatch()');
    let done = 0;
    for (let i = 0; i < batch.count; i++) {
      const length = batch.lengths[i]!;
      const ok = length === 0 || this.readRange(batch.addresses[i]!, batch.dests[i]!, batch.destOffsets[i]!, length);
      batch.ok[i] = ok ? 1 : 0;
      if (ok) done++;
    }
    return done;
  }
}
