/// <reference types="node" preserve="true" />

/**
 * Byte sources for the parsers: a whole in-memory Buffer, or positional reads from an open file
 * descriptor (libpython is 30 MB; only headers and symbol tables are ever read from it).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ObjectFileError } from './errors.js';

export interface ByteSource {
  /** Name used in error messages. */
  readonly path: string;
  /** Total length in bytes. */
  readonly size: number;
  /**
   * `length` bytes at `offset`. Throws ObjectFileError naming `what` when the range is outside the
   * source. The result may share memory with the source: do not modify it.
   */
  read(offset: number, length: number, what: string): Buffer;
  /** Copies `length` bytes at `offset` into `dest[destOffset ..]` (no allocation). */
  readInto(offset: number, dest: Uint8Array, destOffset: number, length: number, what: string): void;
  /** A view of `[offset, offset+length)` as its own source (fat Mach-O slices). */
  slice(offset: number, length: number, what: string): ByteSource;
  close(): void;
}

function checkRange(src: ByteSource, offset: number, length: number, what: string): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > src.size) {
    throw new ObjectFileError(src.path, `${what} (offset ${offset}, ${length} bytes) lies outside the file (${src.size} bytes): the file is truncated or corrupt`);
  }
}

export class BufferSource implements ByteSource {
  readonly size: number;
  constructor(readonly path: string, private readonly buf: Buffer) {
    this.size = buf.length;
  }
  read(offset: number, length: number, what: string): Buffer {
    checkRange(this, offset, length, what);
    return this.buf.subarray(offset, offset + length);
  }
  readInto(offset: number, dest: Uint8Array, destOffset: number, length: number, what: string): void {
    dest.set(this.read(offset, length, what), destOffset);
  }
  slice(offset: number, length: number, what: string): ByteSource {
    return new BufferSource(this.path, this.read(offset, length, what));
  }
  close(): void {}
}

export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number;
  constructor(readonly path: string, fd?: number) {
    this.fd = fd ?? openFd(path);
    try {
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }
  read(offset: number, length: number, what: string): Buffer {
    checkRange(this, offset, length, what);
    const buf = Buffer.allocUnsafe(length);
    this.readInto(offset, buf, 0, length, what);
    return buf;
  }
  readInto(offset: number, dest: Uint8Array, destOffset: number, length: number, what: string): void {
    checkRange(this, offset, length, what);
    if (this.fd < 0) throw new ObjectFileError(this.path, `cannot read ${what}: the file was closed (evicted from the cache); open it again`);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, dest, destOffset + done, length - done, offset + done);
      if (n <= 0) throw new ObjectFileError(this.path, `${what}: unexpected end of file at offset ${offset + done} (the file shrank while being read)`);
      done += n;
    }
  }
  slice(offset: number, length: number, what: string): ByteSource {
    checkRange(this, offset, length, what);
    return new SliceSource(this, offset, length);
  }
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

class SliceSource implements ByteSource {
  readonly path: string;
  constructor(private readonly parent: ByteSource, private readonly base: number, readonly size: number) {
    this.path = parent.path;
  }
  read(offset: number, length: number, what: string): Buffer {
    checkRange(this, offset, length, what);
    return this.parent.read(this.base + offset, length, what);
  }
  readInto(offset: number, dest: Uint8Array, destOffset: number, length: number, what: string): void {
    checkRange(this, offset, length, what);
    this.parent.readInto(this.base + offset, dest, destOffset, length, what);
  }
  slice(offset: number, length: number, what: string): ByteSource {
    checkRange(this, offset, length, what);
    return new SliceSource(this, offset, length);
  }
  close(): void {
    this.parent.close();
  }
}

/** open(2) with an ObjectFileError naming the file on failure. */
export function openFd(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ObjectFileError(path, `cannot be opened (${code ?? 'error'}): check the path and permissions`, code);
  }
}

/** Bounds-checked little/big-endian field reader over one Buffer. */
export class Fields {
  private readonly view: DataView;
  constructor(readonly buf: Buffer, readonly little: boolean, readonly path: string, readonly what: string) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  get length(): number {
    return this.buf.length;
  }
  private check(off: number, n: number): void {
    if (off < 0 || off + n > this.buf.length) {
      throw new ObjectFileError(this.path, `${this.what} is truncated: needs ${off + n} bytes, has ${this.buf.length}`);
    }
  }
  u8(off: number): number {
    this.check(off, 1);
    return this.buf[off]!;
  }
  u16(off: number): number {
    this.check(off, 2);
    return this.view.getUint16(off, this.little);
  }
  i32(off: number): number {
    this.check(off, 4);
    return this.view.getInt32(off, this.little);
  }
  u32(off: number): number {
    this.check(off, 4);
    return this.view.getUint32(off, this.little);
  }
  u64(off: number): bigint {
    this.check(off, 8);
    return this.view.getBigUint64(off, this.little);
  }
  /** A u64 that must fit a JS number (file offsets, counts): ObjectFileError otherwise. */
  u64n(off: number, field: string): number {
    const v = this.u64(off);
    if (v > 0x1f_ffff_ffff_ffffn) throw new ObjectFileError(this.path, `${this.what}: ${field} 0x${v.toString(16)} is absurdly large`);
    return Number(v);
  }
  /** A word of the file's class: 8 bytes when `is64`, else 4 bytes. */
  word(off: number, is64: boolean): bigint {
    return is64 ? this.u64(off) : BigInt(this.u32(off));
  }
  wordn(off: number, is64: boolean, field: string): number {
    return is64 ? this.u64n(off, field) : this.u32(off);
  }
  /** A NUL-padded fixed-size string (Mach-O segment names, PE section names, core fname). */
  fixedString(off: number, n: number): string {
    this.check(off, n);
    let end = off;
    while (end < off + n && this.buf[end] !== 0) end++;
    return this.buf.toString('latin1', off, end);
  }
}

/**
 * The NUL-terminated string at `off` of a string table. Throws when `off` is outside the table or
 * the string is not terminated before the table ends.
 */
export function cString(table: Buffer, off: number, path: string, what: string): string {
  if (off < 0 || off >= table.length) {
    if (off === 0 && table.length === 0) return '';
    throw new ObjectFileError(path, `${what}: string offset ${off} is outside the string table (${table.length} bytes)`);
  }
  const end = table.indexOf(0, off);
  if (end < 0) throw new ObjectFileError(path, `${what}: string at offset ${off} is not NUL-terminated before the end of the string table`);
  return table.toString('utf8', off, end);
}

/** Rejects a table of `count` entries of `entrySize` bytes that cannot fit in `available` bytes. */
export function checkCount(path: string, what: string, count: number, entrySize: number, available: number): void {
  if (!Number.isSafeInteger(count) || count < 0 || count * entrySize > available) {
    throw new ObjectFileError(path, `${what}: ${count} entries of ${entrySize} bytes do not fit in the ${available} bytes available (corrupt count)`);
  }
}
