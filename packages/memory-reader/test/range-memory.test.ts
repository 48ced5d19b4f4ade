/**
 * RangeReadMemory, the reads and batches of the ports that copy one range at a time (macOS, Windows),
 * over a real process: this one, its one-range primitive being Linux's process_vm_readv of one range.
 */
import { describe, expect, it } from 'vitest';
import { BadAddress, LiveProcessMemory, type ReadBatch } from '../src/index.js';
import { addressOf } from '../src/native.js';
import { RangeReadMemory } from '../src/range-memory.js';

/** A port whose one primitive is a single-range read of this process (an unreadable range: false). */
class OneRangeAtATime extends RangeReadMemory {
  readonly calls: number[] = [];
  private readonly live = new LiveProcessMemory(process.pid);

  protected readRange(address: number, dest: Uint8Array, destOffset: number, length: number): boolean {
    this.calls.push(length);
    try {
      this.live.readInto(address, dest, destOffset, length);
      return true;
    } catch (e) {
      if (e instanceof BadAddress) return false;
      throw e;
    }
  }

  close(): void {
    this.live.close();
  }
}

// the first page is never mapped in a Linux process
const UNMAPPED = 4096 - 64;

describe('RangeReadMemory', () => {
  const source = Buffer.from('one range at a time: macOS and Windows read like this');
  const at = addressOf(source);

  it('reads a range, into a buffer or at an offset of one; an unreadable range is BadAddress', () => {
    const mem = new OneRangeAtATime(process.pid);
    try {
      expect(mem.read(at + 4, 5).toString()).toBe('range');
      const dest = Buffer.alloc(12, '.');
      mem.readInto(at, dest, 3, 3);
      expect(dest.toString()).toBe('...one......');
      expect(() => mem.read(UNMAPPED, 16)).toThrow(BadAddress);
      // a zero-length read asks the system nothing
      const before = mem.calls.length;
      mem.readInto(UNMAPPED, dest, 0, 0);
      expect(mem.calls.length).toBe(before);
    } finally {
      mem.close();
    }
  });

  it('reads every range of a batch it can, marks the others, and counts the ones read', () => {
    const mem = new OneRangeAtATime(process.pid);
    try {
      const batch = mem.createBatch(1); // grows past its capacity
      const a = Buffer.alloc(3);
      const b = Buffer.alloc(8);
      const i = batch.add(at, 3, a);
      const j = batch.add(UNMAPPED, 8, b);
      const k = batch.add(at + 10, 2, b, 6);
      const empty = batch.add(UNMAPPED, 0, b);
      expect(mem.readBatch(batch)).toBe(3);
      expect([batch.succeeded(i), batch.succeeded(j), batch.succeeded(k), batch.succeeded(empty)]).toEqual([true, false, true, true]);
      expect(a.toString()).toBe('one');
      expect(b.subarray(6).toString()).toBe('at');
      // a batch of another kind is refused, not half-read
      expect(() => mem.readBatch({ count: 1 } as unknown as ReadBatch)).toThrow(TypeError);
    } finally {
      mem.close();
    }
  });
});
