/// <reference types="node" preserve="true" />

/**
 * A small cursor over DWARF call-frame bytes: fixed-size integers, LEB128 and the DW_EH_PE pointer
 * encodings of .eh_frame. Values are plain numbers (addresses are below 2^53).
 */
import { NativeUnwindError } from './errors.js';

export const DW_EH_PE_absptr = 0x00;
export const DW_EH_PE_uleb128 = 0x01;
export const DW_EH_PE_udata2 = 0x02;
export const DW_EH_PE_udata4 = 0x03;
export const DW_EH_PE_udata8 = 0x04;
export const DW_EH_PE_sleb128 = 0x09;
export const DW_EH_PE_sdata2 = 0x0a;
export const DW_EH_PE_sdata4 = 0x0b;
export const DW_EH_PE_sdata8 = 0x0c;
export const DW_EH_PE_pcrel = 0x10;
export const DW_EH_PE_textrel = 0x20;
export const DW_EH_PE_datarel = 0x30;
export const DW_EH_PE_funcrel = 0x40;
export const DW_EH_PE_aligned = 0x50;
export const DW_EH_PE_indirect = 0x80;
export const DW_EH_PE_omit = 0xff;

const TWO32 = 4294967296;

/** Bases the relative pointer encodings add to the stored value (all link-time addresses). */
export interface PointerBases {
  /** Address of byte 0 of the buffer being read (pcrel = this + position). */
  section: number;
  /** .text address (textrel). */
  text?: number;
  /** .got / .eh_frame_hdr address (datarel). */
  data?: number;
  /** Start of the current function (funcrel). */
  func?: number;
}

/**
 * Optional hook for DW_EH_PE_indirect: reads the pointer stored at a link-time address. Without
 * it, indirect pointers decode to the address of the slot.
 */
export type IndirectReader = (address: number) => number | undefined;

export class ByteReader {
  pos: number;
  readonly view: DataView;
  constructor(
    readonly buf: Buffer,
    readonly path: string,
    pos = 0,
    readonly little = true,
    readonly addressSize = 8,
    /** Reads stop here (default: the end of `buf`). */
    readonly end = buf.length,
  ) {
    this.pos = pos;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  protected need(n: number): void {
    if (n > this.end - this.pos) this.outOfBounds(n);
  }

  /** Throws for a read of `n` bytes past `end` (readers of other sections throw their own error). */
  protected outOfBounds(n: number): never {
    throw new NativeUnwindError(`${this.path}: call frame data ends early (need ${n} bytes at offset ${this.pos} of ${this.end}): the section is truncated or corrupt`);
  }

  /** Checks that `n` bytes remain, advances past them and returns where they start. */
  private take(n: number): number {
    this.need(n);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): number {
    return this.buf[this.take(1)]!;
  }
  u16(): number {
    return this.view.getUint16(this.take(2), this.little);
  }
  s16(): number {
    return this.view.getInt16(this.take(2), this.little);
  }
  u32(): number {
    return this.view.getUint32(this.take(4), this.little);
  }
  s32(): number {
    return this.view.getInt32(this.take(4), this.little);
  }
  u64(): number {
    const at = this.take(8);
    const lo = this.view.getUint32(at + (this.little ? 0 : 4), this.little);
    const hi = this.view.getUint32(at + (this.little ? 4 : 0), this.little);
    return hi * TWO32 + lo;
  }
  s64(): number {
    const at = this.take(8);
    const lo = this.view.getUint32(at + (this.little ? 0 : 4), this.little);
    const hi = this.view.getInt32(at + (this.little ? 4 : 0), this.little);
    return hi * TWO32 + lo;
  }
  uleb(): number {
    return this.leb(false);
  }
  sleb(): number {
    return this.leb(true);
  }
  /** LEB128; a signed value's last byte carries the sign in bit 6. */
  private leb(signed: boolean): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) return signed && b & 0x40 ? result - mul : result;
    }
  }
  /** A NUL-terminated string. */
  cstring(): string {
    const end = this.buf.indexOf(0, this.pos);
    if (end < 0) throw new NativeUnwindError(`${this.path}: unterminated string at offset ${this.pos} in call frame data`);
    const s = this.buf.toString('latin1', this.pos, end);
    this.pos = end + 1;
    return s;
  }

  /** A value in the DW_EH_PE format `enc & 0x0f` with no base applied. */
  encodedValue(enc: number): number {
    switch (enc & 0x0f) {
      case DW_EH_PE_absptr: return this.addressSize === 8 ? this.u64() : this.u32();
      case DW_EH_PE_uleb128: return this.uleb();
      case DW_EH_PE_udata2: return this.u16();
      case DW_EH_PE_udata4: return this.u32();
      case DW_EH_PE_udata8: return this.u64();
      case DW_EH_PE_sleb128: return this.sleb();
      case DW_EH_PE_sdata2: return this.s16();
      case DW_EH_PE_sdata4: return this.s32();
      case DW_EH_PE_sdata8: return this.s64();
      default:
        throw new NativeUnwindError(`${this.path}: unsupported pointer encoding 0x${enc.toString(16)} at offset ${this.pos} in call frame data`);
    }
  }

  /** A DW_EH_PE-encoded pointer, bases applied; undefined for DW_EH_PE_omit. */
  pointer(enc: number, bases: PointerBases, indirect?: IndirectReader): number | undefined {
    if (enc === DW_EH_PE_omit) return undefined;
    const at = this.pos;
    if ((enc & 0x70) === DW_EH_PE_aligned) {
      const a = this.addressSize;
      this.pos = Math.ceil(this.pos / a) * a;
    }
    let v = this.encodedValue(enc);
    switch (enc & 0x70) {
      case 0:
      case DW_EH_PE_aligned:
        break;
      case DW_EH_PE_pcrel: v += bases.section + at; break;
      case DW_EH_PE_textrel: v += baseOrThrow(bases.text, 'textrel', this.path); break;
      case DW_EH_PE_datarel: v += baseOrThrow(bases.data, 'datarel', this.path); break;
      case DW_EH_PE_funcrel: v += baseOrThrow(bases.func, 'funcrel', this.path); break;
      default:
        throw new NativeUnwindError(`${this.path}: unsupported pointer application 0x${(enc & 0x70).toString(16)} in call frame data`);
    }
    if (this.addressSize === 8) {
      if (v >= 2 ** 64) v -= 2 ** 64;
    } else {
      v = v >>> 0;
    }
    if (enc & DW_EH_PE_indirect && indirect) return indirect(v);
    return v;
  }
}

function baseOrThrow(base: number | undefined, kind: string, path: string): number {
  if (base === undefined) throw new NativeUnwindError(`${path}: a ${kind} pointer needs a base address the file does not provide`);
  return base;
}
