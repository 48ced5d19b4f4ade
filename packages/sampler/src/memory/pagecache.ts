/**
 * A per-sample page cache over ProcessMemory: reads whole 4 KiB pages (a 4 KiB read costs the same
 * as a 64-byte one), batches the pages it is told about in advance into one process_vm_readv, and
 * serves typed field reads from the local copy. `reset()` forgets every page; `startSample()` does
 * too and queues the pages the previous sample used, so that a sample whose memory layout did not
 * move is read in one batch (data is never reused across samples: those pages are read again).
 */
import { MemoryReaderError, type ProcessMemory, type ReadBatch } from '@pyglass/memory-reader';
import { ObjectFileError } from '@pyglass/unwinder';
import { AddressIntMap } from './address-table.js';

export const PAGE = 4096;
const PAGE_MASK = PAGE - 1;
const TWO32 = 2 ** 32;
/** A sample that used more pages than this (deep stacks, thousands of threads) is not prefetched whole. */
const MAX_PREFETCH_PAGES = 1024;
const ascending = (a: number, b: number): number => a - b;
/** Slot values besides a pool slot index. */
const UNREADABLE = -1;
const QUEUED = -2;
const ABSENT = -3;

/** What a ProcessMemory throws when a range cannot be read: a live process's or a core file's error. */
function isReadError(e: unknown): boolean {
  return e instanceof MemoryReaderError || e instanceof ObjectFileError;
}

/** A read hit an unmapped page (or the process vanished). Cheap: no stack trace is captured. */
export class ReadFault extends Error {
  override name = 'ReadFault';
  constructor(readonly address: number) {
    super(`cannot read target memory at 0x${address.toString(16)}`);
  }
}

export class PageCache {
  private pool: Uint8Array;
  private view: DataView;
  /** Page address → slot index; UNREADABLE, QUEUED, or ABSENT (not in the cache). */
  private readonly slots = new AddressIntMap(ABSENT);
  private used = 0;
  private readonly maxPages: number;
  private readonly batch: ReadBatch;
  private readonly pending: number[] = [];
  /** flush(): index in `pending` where each range of the batch starts (and n at the end). */
  private readonly runStarts: number[] = [];
  private readonly retryPages: number[] = [];
  private lastPage = -1;
  private lastBase = 0;
  private readonly scratch = new Uint8Array(16);
  private readonly scratchView = new DataView(this.scratch.buffer);
  /** When set, every page read on demand (not through want/flush) is appended here (to prefetch it next time). */
  missLog: number[] | undefined;
  /**
   * When set, the address of every typed read (and of every 8-byte word a copy covers) is appended
   * here: what a computation over target memory read, to check later that none of it changed.
   */
  readLog: number[] | undefined;
  /** Statistics: pages fetched and batch calls since creation. */
  pagesRead = 0;
  syscalls = 0;
  /** 1 for a slot whose page was read through an accessor since the last reset (see startSample). */
  private readonly touched: Uint8Array;
  /** The pages read through an accessor since the last startSample, in first-use order. */
  private touchedPages: number[] = [];
  private prefetch: number[] = [];
  /** Set by the first startSample: only then are touched pages recorded (a cache only reset would grow the list forever). */
  private sampling = false;

  /**
   * The pool grows on demand up to `maxPages` (256 MiB): a sample of 10,000 threads needs about
   * 2–3 pages per thread (thread state, C-stack cframe, data-stack chunk) in one batch; a smaller
   * bound would drop the batch and fall back to one read per page.
   */
  constructor(readonly mem: ProcessMemory, initialPages = 64, maxPages = 65536) {
    this.pool = new Uint8Array(initialPages * PAGE);
    this.view = new DataView(this.pool.buffer);
    this.maxPages = maxPages;
    this.touched = new Uint8Array(maxPages);
    this.batch = mem.createBatch(256);
  }

  /** Forget every page (and the pages queued for the next flush). */
  reset(): void {
    this.slots.clear();
    this.pending.length = 0;
    this.touched.fill(0, 0, this.used);
    this.used = 0;
    this.lastPage = -1;
  }

  /**
   * Forget every page and queue the pages the previous sample read through an accessor (at most
   * MAX_PREFETCH_PAGES), for the sample's first flush: the thread states, data stacks and code
   * objects of a process whose layout did not change come in that one read instead of one per
   * phase. A page the new sample does not use is dropped from the next prefetch.
   */
  startSample(): void {
    this.sampling = true;
    const last = this.touchedPages;
    this.touchedPages = this.prefetch;
    this.touchedPages.length = 0;
    this.prefetch = last;
    this.reset();
    if (last.length > MAX_PREFETCH_PAGES) last.length = MAX_PREFETCH_PAGES;
    // ascending: neighbouring pages merge into one range of the batch (see flush)
    last.sort(ascending);
    for (const p of last) {
      if (this.slots.get(p) === ABSENT) {
        this.slots.set(p, QUEUED);
        this.pending.push(p);
      }
    }
  }

  private grow(): boolean {
    const pages = this.pool.length / PAGE;
    if (pages >= this.maxPages) return false;
    const bigger = new Uint8Array(Math.min(this.maxPages, pages * 2) * PAGE);
    bigger.set(this.pool);
    this.pool = bigger;
    this.view = new DataView(bigger.buffer);
    return true;
  }

  private allocSlot(): number {
    if (this.used * PAGE >= this.pool.length && !this.grow()) {
      // Full: start over (still correct, only slower).
      this.reset();
    }
    return this.used++;
  }

  /** Queue the pages covering [address, address+length) for the next `flush()`. */
  want(address: number, length: number): void {
    if (!(address > 0) || !(length > 0) || address > Number.MAX_SAFE_INTEGER) return;
    const first = address - (address & PAGE_MASK);
    const last = address + length - 1 - ((address + length - 1) & PAGE_MASK);
    for (let p = first; p <= last; p += PAGE) {
      if (this.slots.get(p) === ABSENT) {
        this.slots.set(p, QUEUED);
        this.pending.push(p);
      }
    }
  }

  /** True when the page holding `address` is already in the cache (read or known unreadable). */
  has(address: number): boolean {
    const slot = this.slots.get(address - (address & PAGE_MASK));
    return slot !== ABSENT && slot !== QUEUED;
  }

  /**
   * Reads [address - before, address + after) in one batch (pages already cached are skipped):
   * a deep frame walk that left the prefetched memory reads ahead instead of one page per step.
   */
  readAround(address: number, before: number, after: number): void {
    this.want(Math.max(PAGE, address - before), before + after);
    this.flush();
  }

  /**
   * Read every queued page in one batch. Pages queued one after another at consecutive addresses
   * get consecutive slots and go as one range (one iovec: the kernel pins and copies a run in one
   * go); a run that fails is read again page by page, so that one unmapped page fails alone.
   */
  flush(): void {
    const n = this.pending.length;
    if (n === 0) return;
    const batch = this.batch;
    batch.clear();
    if (this.used + n > this.pool.length / PAGE) {
      while (this.used + n > this.pool.length / PAGE && this.grow());
      if (this.used + n > this.pool.length / PAGE) {
        for (const p of this.pending) this.slots.set(p, ABSENT);
        this.pending.length = 0;
        return;
      }
    }
    const firstSlot = this.used;
    const pending = this.pending;
    const runs = this.runStarts;
    runs.length = 0;
    for (let i = 0; i < n; ) {
      let j = i + 1;
      while (j < n && pending[j] === pending[j - 1]! + PAGE) j++;
      batch.add(pending[i]!, (j - i) * PAGE, this.pool, (firstSlot + i) * PAGE);
      runs.push(i);
      i = j;
    }
    runs.push(n);
    this.used += n;
    this.mem.readBatch(batch);
    this.syscalls++;
    this.pagesRead += n;
    const again = this.retryPages;
    again.length = 0;
    for (let r = 0; r + 1 < runs.length; r++) {
      const ok = batch.succeeded(r);
      const from = runs[r]!;
      const to = runs[r + 1]!;
      for (let i = from; i < to; i++) {
        this.slots.set(pending[i]!, ok ? firstSlot + i : UNREADABLE);
        if (!ok && to - from > 1) again.push(i);
      }
    }
    if (again.length > 0) {
      // the pages of the failed runs, one range each (their slots stay where they were)
      batch.clear();
      for (const i of again) batch.add(pending[i]!, PAGE, this.pool, (firstSlot + i) * PAGE);
      this.mem.readBatch(batch);
      this.syscalls++;
      for (let k = 0; k < again.length; k++) {
        const i = again[k]!;
        if (batch.succeeded(k)) this.slots.set(pending[i]!, firstSlot + i);
      }
    }
    pending.length = 0;
  }

  /** Pool offset of the page holding `address` (reading it now if needed). */
  private base(page: number): number {
    if (page === this.lastPage) return this.lastBase;
    let slot = this.slots.get(page);
    if (slot === ABSENT || slot === QUEUED) {
      if (slot === QUEUED) {
        // queued but not flushed: read it now, alone
        const i = this.pending.indexOf(page);
        if (i >= 0) this.pending.splice(i, 1);
      }
      slot = this.allocSlot();
      this.missLog?.push(page);
      try {
        this.mem.readInto(page, this.pool, slot * PAGE, PAGE);
        this.syscalls++;
        this.pagesRead++;
      } catch (e) {
        if (!isReadError(e)) throw e;
        this.used--;
        this.slots.set(page, UNREADABLE);
        throw new ReadFault(page);
      }
      this.slots.set(page, slot);
    }
    if (slot < 0) throw new ReadFault(page);
    if (this.sampling && this.touched[slot] === 0) {
      this.touched[slot] = 1;
      this.touchedPages.push(page);
    }
    this.lastPage = page;
    this.lastBase = slot * PAGE;
    return this.lastBase;
  }

  /** DataView + offset for `len` (≤16) bytes at `address`, copying through scratch across a page boundary. */
  private at(address: number, len: number): number {
    if (this.readLog !== undefined) this.readLog.push(address);
    const off = address & PAGE_MASK;
    if (off + len <= PAGE) return this.base(address - off) + off;
    this.copy(address, this.scratch, 0, len);
    return -1;
  }

  u8(address: number): number {
    if (this.readLog !== undefined) this.readLog.push(address);
    const off = address & PAGE_MASK;
    // base() first: it may grow the pool, and `this.pool[...]` would read the old one
    const b = this.base(address - off);
    return this.pool[b + off]!;
  }

  u32(address: number): number {
    const o = this.at(address, 4);
    return o >= 0 ? this.view.getUint32(o, true) : this.scratchView.getUint32(0, true);
  }

  i32(address: number): number {
    const o = this.at(address, 4);
    return o >= 0 ? this.view.getInt32(o, true) : this.scratchView.getInt32(0, true);
  }

  /** An unsigned 64-bit value as a number (exact below 2^53). */
  u64(address: number): number {
    const o = this.at(address, 8);
    const v = o >= 0 ? this.view : this.scratchView;
    const p = o >= 0 ? o : 0;
    return v.getUint32(p, true) + v.getUint32(p + 4, true) * TWO32;
  }

  /** A signed 64-bit value as a number. */
  i64(address: number): number {
    const o = this.at(address, 8);
    const v = o >= 0 ? this.view : this.scratchView;
    const p = o >= 0 ? o : 0;
    return v.getUint32(p, true) + v.getInt32(p + 4, true) * TWO32;
  }

  f64(address: number): number {
    const o = this.at(address, 8);
    return o >= 0 ? this.view.getFloat64(o, true) : this.scratchView.getFloat64(0, true);
  }

  /** Copy `length` bytes at `address` into dest (through the cache). */
  copy(address: number, dest: Uint8Array, destOffset: number, length: number): void {
    if (this.readLog !== undefined) for (let a = address; a < address + length; a += 8) this.readLog.push(a);
    let done = 0;
    while (done < length) {
      const a = address + done;
      const off = a & PAGE_MASK;
      const n = Math.min(PAGE - off, length - done);
      const b = this.base(a - off) + off;
      dest.set(this.pool.subarray(b, b + n), destOffset + done);
      done += n;
    }
  }

  /** A fresh copy of `length` bytes at `address`; large ranges bypass the cache. */
  bytes(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    if (length > 2 * PAGE) {
      try {
        this.mem.readInto(address, out, 0, length);
        this.syscalls++;
      } catch (e) {
        if (!isReadError(e)) throw e;
        throw new ReadFault(address);
      }
      return out;
    }
    this.copy(address, out, 0, length);
    return out;
  }
}
