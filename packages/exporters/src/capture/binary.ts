/**
 * Varint binary writing and reading for the capture format, in the style of protobuf's wire
 * encoding: unsigned LEB128 varints for counts and ids, zigzag varints for signed deltas, strings as
 * a varint length and UTF-8. Numbers go up to 2^53 (pthread ids, addresses), so the arithmetic
 * avoids 32-bit bit operations above 2^31.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A growable byte buffer written front to back. */
export class BinaryWriter {
  private buf = new Uint8Array(4096);
  private view = new DataView(this.buf.buffer);
  private pos = 0;

  get length(): number {
    return this.pos;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** An unsigned integer in [0, 2^53) as a LEB128 varint. */
  uint(value: number): this {
    if (!(value >= 0) || !Number.isSafeInteger(value)) throw new RangeError(`not an unsigned safe integer: ${value}`);
    this.reserve(8);
    let v = value;
    while (v > 0x7fffffff) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    while (v > 0x7f) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
    return this;
  }

  /** A signed integer in (-2^52, 2^52) zigzag-encoded (0, -1, 1, -2 … → 0, 1, 2, 3 …). */
  sint(value: number): this {
    return this.uint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  float64(value: number): this {
    this.reserve(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
    return this;
  }

  string(value: string): this {
    const bytes = encoder.encode(value);
    this.uint(bytes.length);
    return this.raw(bytes);
  }

  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** Appends what `other` holds and empties it. */
  drain(other: BinaryWriter): this {
    this.raw(other.buf.subarray(0, other.pos));
    other.pos = 0;
    return this;
  }

  /** The bytes written so far (a copy), and the writer emptied. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }
}

/** Thrown by BinaryReader when the data ends early or holds an impossible value. */
export class BinaryDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BinaryDecodeError';
  }
}

/** Reads what BinaryWriter wrote; every read is bounds-checked. */
export class BinaryReader {
  pos = 0;
  private readonly view: DataView;

  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  uint(): number {
    const buf = this.buf;
    // fast path: one byte (most ids, flags and deltas)
    const first = buf[this.pos];
    if (first !== undefined && first < 0x80) {
      this.pos++;
      return first;
    }
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= buf.length) throw new BinaryDecodeError('the data ends inside a number');
      const b = buf[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (result > Number.MAX_SAFE_INTEGER) break;
        return result;
      }
      scale *= 128;
    }
    throw new BinaryDecodeError('a number is too large');
  }

  sint(): number {
    const u = this.uint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  float64(): number {
    if (this.pos + 8 > this.buf.length) throw new BinaryDecodeError('the data ends inside a number');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  string(): string {
    const n = this.uint();
    if (this.pos + n > this.buf.length) throw new BinaryDecodeError('the data ends inside a string');
    const bytes = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    try {
      return decoder.decode(bytes);
    } catch {
      throw new BinaryDecodeError('a string is not valid UTF-8');
    }
  }
}
