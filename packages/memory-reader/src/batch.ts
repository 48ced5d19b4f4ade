/**
 * ReadBatch implementations. Ranges live in typed arrays sized for `capacity` (grown by doubling),
 * so queueing a range allocates nothing. The Linux batch also keeps the iovec arrays
 * process_vm_readv wants, pre-packed as it goes.
 */
import { addressOf, putU64 } from './native.js';
import type { ReadBatch } from './types.js';

/** Ranges with their destinations, filled range by range (the /proc/PID/mem, macOS and Windows path). */
export class RangeBatch implements ReadBatch {
  count = 0;
  protected capacity: number;
  /** Remote addresses. */
  addresses: Float64Array;
  lengths: Float64Array;
  destOffsets: Float64Array;
  dests: Uint8Array[];
  /** 1 when the range was read completely by the last readBatch. */
  ok: Uint8Array;

  constructor(capacity = 64) {
    this.capacity = Math.max(1, capacity | 0);
    this.addresses = new Float64Array(this.capacity);
    this.lengths = new Float64Array(this.capacity);
    this.destOffsets = new Float64Array(this.capacity);
    this.dests = new Array<Uint8Array>(this.capacity);
    this.ok = new Uint8Array(this.capacity);
  }

  add(address: number, length: number, dest: Uint8Array, destOffset = 0): number {
    if (!(length >= 0 && length <= 0xffffffff && destOffset >= 0 && destOffset + length <= dest.length)) {
      throw new RangeError(`ReadBatch.add: ${length} bytes at offset ${destOffset} do not fit a destination of ${dest.length} bytes`);
    }
    if (!(address >= 0 && address <= Number.MAX_SAFE_INTEGER)) {
      throw new RangeError(`ReadBatch.add: address ${address} is not a valid address`);
    }
    const i = this.count;
    if (i === this.capacity) this.grow(this.capacity * 2);
    this.addresses[i] = address;
    this.lengths[i] = length;
    this.destOffsets[i] = destOffset;
    this.dests[i] = dest;
    this.ok[i] = 0;
    this.packed(i, address, length, dest, destOffset);
    this.count = i + 1;
    return i;
  }

  succeeded(index: number): boolean {
    return index >= 0 && index < this.count && this.ok[index] === 1;
  }

  clear(): void {
    this.count = 0;
  }

  /** Hook for subclasses that mirror each range into native structures. */
  protected packed(_i: number, _address: number, _length: number, _dest: Uint8Array, _destOffset: number): void {}

  protected grow(capacity: number): void {
    const grownF = (a: Float64Array) => { const b = new Float64Array(capacity); b.set(a); return b; };
    this.addresses = grownF(this.addresses);
    this.lengths = grownF(this.lengths);
    this.destOffsets = grownF(this.destOffsets);
    const ok = new Uint8Array(capacity);
    ok.set(this.ok);
    this.ok = ok;
    this.dests.length = capacity;
    this.capacity = capacity;
  }
}

/** Most iovecs one process_vm_readv accepts (IOV_MAX on Linux). */
export const IOV_MAX = 1024;

let lastDest: Uint8Array | undefined;
let lastDestAddress = 0;
const destAddresses = new WeakMap<Uint8Array, number>();

/**
 * Native address of `dest`'s first byte, cached per buffer so the hot path does not call koffi or
 * allocate a BigInt. The buffer object stays referenced by the cache key / the caller.
 */
export function destAddress(dest: Uint8Array): number {
  if (dest === lastDest) return lastDestAddress;
  let a = destAddresses.get(dest);
  if (a === undefined) {
    a = addressOf(dest);
    destAddresses.set(dest, a);
  }
  lastDest = dest;
  lastDestAddress = a;
  return a;
}

/** A batch whose ranges are also packed as local and remote `struct iovec` arrays (16 bytes each). */
export class IovecReadBatch extends RangeBatch {
  /** Local iovecs: {iov_base, iov_len} as little-endian u64 pairs in u32 halves. */
  local: Uint32Array;
  remote: Uint32Array;
  private localChunks: Uint32Array[] = [];
  private remoteChunks: Uint32Array[] = [];

  constructor(capacity = 64) {
    super(capacity);
    this.local = new Uint32Array(this.capacity * 4);
    this.remote = new Uint32Array(this.capacity * 4);
  }

  protected override packed(i: number, address: number, length: number, dest: Uint8Array, destOffset: number): void {
    const j = i * 4;
    const l = this.local;
    const r = this.remote;
    putU64(l, j, destAddress(dest) + destOffset);
    l[j + 2] = length;
    l[j + 3] = 0;
    putU64(r, j, address);
    r[j + 2] = length;
    r[j + 3] = 0;
  }

  protected override grow(capacity: number): void {
    super.grow(capacity);
    const l = new Uint32Array(capacity * 4);
    l.set(this.local);
    this.local = l;
    const r = new Uint32Array(capacity * 4);
    r.set(this.remote);
    this.remote = r;
    this.localChunks = [];
    this.remoteChunks = [];
  }

  /** The local iovec array starting at range `i` (cached views at IOV_MAX boundaries). */
  localFrom(i: number): Uint32Array {
    if (i === 0) return this.local;
    if (i % IOV_MAX === 0) return (this.localChunks[i / IOV_MAX] ??= this.local.subarray(i * 4));
    return this.local.subarray(i * 4);
  }

  remoteFrom(i: number): Uint32Array {
    if (i === 0) return this.remote;
    if (i % IOV_MAX === 0) return (this.remoteChunks[i / IOV_MAX] ??= this.remote.subarray(i * 4));
    return this.remote.subarray(i * 4);
  }
}

