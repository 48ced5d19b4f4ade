/// <reference types="node" preserve="true" />

/**
 * .eh_frame / .debug_frame parsing: CIEs, FDEs, the .eh_frame_hdr binary-search table and a lazily
 * built sorted index for sections without one. Every address here is a link-time (file) address;
 * callers subtract the load bias before looking a pc up.
 */
import { ByteReader, DW_EH_PE_absptr, DW_EH_PE_datarel, DW_EH_PE_omit, DW_EH_PE_sdata4, type IndirectReader, type PointerBases } from './reader.js';
import { NativeUnwindError } from './errors.js';

export interface Cie {
  /** Offset of the CIE in its section. */
  offset: number;
  version: number;
  augmentation: string;
  codeAlign: number;
  dataAlign: number;
  raRegister: number;
  /** DW_EH_PE encoding of FDE pc_begin/pc_range (absptr when there is no 'R'). */
  fdeEncoding: number;
  lsdaEncoding: number;
  /** 'S' augmentation: FDEs of this CIE describe signal trampolines. */
  signalFrame: boolean;
  /** FDEs carry an augmentation-data block ('z'). */
  hasAugmentationData: boolean;
  addressSize: number;
  /** Initial instructions: [start, end) in the section buffer. */
  instStart: number;
  instEnd: number;
}

export interface Fde {
  /** The section holding this FDE. */
  section: FrameSection;
  offset: number;
  cie: Cie;
  pcBegin: number;
  /** pcBegin + pc_range. */
  pcEnd: number;
  instStart: number;
  instEnd: number;
}

export interface FrameSectionOptions {
  /** Link-time address of the section (0 for .debug_frame, which is not loaded). */
  address: number;
  /** .text address for textrel pointers. */
  text?: number;
  /** .got address for datarel pointers in .eh_frame. */
  data?: number;
  /** .debug_frame (CIE id 0xffffffff, CIE pointers are section offsets) instead of .eh_frame. */
  debugFrame?: boolean;
  addressSize?: number;
  little?: boolean;
  indirect?: IndirectReader;
}

/** One parsed .eh_frame or .debug_frame section. */
export class FrameSection {
  readonly address: number;
  readonly debugFrame: boolean;
  private readonly cies = new Map<number, Cie>();
  private readonly bases: PointerBases;
  private readonly addressSize: number;
  private readonly little: boolean;
  private readonly indirect?: IndirectReader | undefined;
  /** Sorted pc_begin values and FDE offsets, built on first linear lookup. */
  private sortedPcs?: Float64Array;
  private sortedOffsets?: Float64Array;

  constructor(readonly data: Buffer, readonly path: string, opts: FrameSectionOptions) {
    this.address = opts.address;
    this.debugFrame = opts.debugFrame ?? false;
    this.addressSize = opts.addressSize ?? 8;
    this.little = opts.little ?? true;
    this.indirect = opts.indirect;
    this.bases = { section: opts.address, ...(opts.text !== undefined ? { text: opts.text } : {}), ...(opts.data !== undefined ? { data: opts.data } : {}) };
  }

  private reader(pos: number): ByteReader {
    return new ByteReader(this.data, this.path, pos, this.little, this.addressSize);
  }

  /** Reads an entry header at `offset`: [length-field end, entry end, id-field position, 64-bit]. */
  private header(r: ByteReader): { end: number; idPos: number; id: number; dwarf64: boolean } | undefined {
    const start = r.pos;
    if (start + 4 > this.data.length) return undefined;
    let len = r.u32();
    let dwarf64 = false;
    if (len === 0xffffffff) {
      len = r.u64();
      dwarf64 = true;
    }
    if (len === 0) return { end: r.pos, idPos: r.pos, id: -1, dwarf64 }; // terminator
    const end = r.pos + len;
    if (end > this.data.length) throw new NativeUnwindError(`${this.path}: call frame entry at offset ${start} (length ${len}) runs past the end of the section (${this.data.length} bytes)`);
    const idPos = r.pos;
    const id = dwarf64 ? r.u64() : r.u32();
    return { end, idPos, id, dwarf64 };
  }

  private isCieId(id: number, dwarf64: boolean): boolean {
    if (!this.debugFrame) return id === 0;
    return dwarf64 ? id >= 0xffffffff * 4294967296 : id === 0xffffffff;
  }

  /** The CIE at `offset` (cached). */
  cie(offset: number): Cie {
    const cached = this.cies.get(offset);
    if (cached) return cached;
    const r = this.reader(offset);
    const h = this.header(r);
    if (!h || h.id === -1 || !this.isCieId(h.id, h.dwarf64)) {
      throw new NativeUnwindError(`${this.path}: no CIE at offset ${offset} of the call frame section`);
    }
    const version = r.u8();
    if (version !== 1 && version !== 3 && version !== 4) throw new NativeUnwindError(`${this.path}: CIE at offset ${offset} has unsupported version ${version}`);
    const augmentation = r.cstring();
    let addressSize = this.addressSize;
    if (version === 4) {
      addressSize = r.u8();
      r.u8(); // segment selector size
    }
    if (augmentation.includes('eh')) r.pos += this.addressSize; // ancient GCC "eh" data
    const codeAlign = r.uleb();
    const dataAlign = r.sleb();
    const raRegister = version === 1 ? r.u8() : r.uleb();
    let fdeEncoding = DW_EH_PE_absptr;
    let lsdaEncoding = DW_EH_PE_omit;
    let signalFrame = false;
    const hasAugmentationData = augmentation.startsWith('z');
    if (hasAugmentationData) {
      const augLen = r.uleb();
      const augEnd = r.pos + augLen;
      for (let i = 1; i < augmentation.length; i++) {
        const c = augmentation[i];
        if (c === 'R') fdeEncoding = r.u8();
        else if (c === 'L') lsdaEncoding = r.u8();
        else if (c === 'P') {
          const enc = r.u8();
          r.pointer(enc & 0x7f, this.bases); // personality routine: skipped (not followed)
        } else if (c === 'S') signalFrame = true;
        else if (c === 'B' || c === 'G') continue;
        else break; // unknown: the length tells where the instructions start
      }
      r.pos = augEnd;
    } else if (augmentation.includes('S')) {
      signalFrame = true;
    }
    const cie: Cie = { offset, version, augmentation, codeAlign, dataAlign, raRegister, fdeEncoding, lsdaEncoding, signalFrame, hasAugmentationData, addressSize, instStart: r.pos, instEnd: h.end };
    this.cies.set(offset, cie);
    return cie;
  }

  /** The FDE at `offset`, or undefined when the entry there is a CIE or a terminator. */
  fde(offset: number): Fde | undefined {
    const r = this.reader(offset);
    const h = this.header(r);
    if (!h || h.id === -1 || this.isCieId(h.id, h.dwarf64)) return undefined;
    const cieOffset = this.debugFrame ? h.id : h.idPos - h.id;
    const cie = this.cie(cieOffset);
    const bases = this.bases;
    const pcBegin = r.pointer(cie.fdeEncoding, bases, this.indirect) ?? 0;
    const pcRange = r.encodedValue(cie.fdeEncoding & 0x0f);
    if (cie.hasAugmentationData) {
      const augLen = r.uleb();
      r.pos += augLen;
    }
    return { section: this, offset, cie, pcBegin, pcEnd: pcBegin + pcRange, instStart: r.pos, instEnd: h.end };
  }

  /** Every FDE in section order. */
  *fdes(): Generator<Fde> {
    const r = this.reader(0);
    while (r.pos < this.data.length) {
      const start = r.pos;
      const h = this.header(r);
      if (!h) break;
      if (h.id === -1) {
        if (!this.debugFrame) break; // .eh_frame terminator
        r.pos = h.end;
        continue;
      }
      if (!this.isCieId(h.id, h.dwarf64)) {
        const f = this.fde(start);
        if (f) yield f;
      }
      r.pos = h.end;
    }
  }

  /** The FDE covering `pc` by a binary search over a sorted index built on first use. */
  findLinear(pc: number): Fde | undefined {
    if (!this.sortedPcs) this.buildIndex();
    const pcs = this.sortedPcs!;
    let lo = 0;
    let hi = pcs.length - 1;
    if (hi < 0 || pc < pcs[0]!) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (pcs[mid]! <= pc) lo = mid;
      else hi = mid - 1;
    }
    // Zero-length FDEs (and overlapping ones) can shadow a real one: look back a little.
    for (let i = lo; i >= 0 && i > lo - 4; i--) {
      const f = this.fde(this.sortedOffsets![i]!);
      if (f && pc >= f.pcBegin && pc < f.pcEnd) return f;
    }
    return undefined;
  }

  private buildIndex(): void {
    const entries: Array<[number, number]> = [];
    for (const f of this.fdes()) if (f.pcEnd > f.pcBegin && f.pcBegin !== 0) entries.push([f.pcBegin, f.offset]);
    entries.sort((a, b) => a[0] - b[0]);
    this.sortedPcs = Float64Array.from(entries, (e) => e[0]);
    this.sortedOffsets = Float64Array.from(entries, (e) => e[1]);
  }
}

/**
 * The .eh_frame_hdr binary-search table. The common encoding (datarel sdata4) is searched in place
 * without decoding; other encodings are decoded once into arrays.
 */
export class EhFrameHdr {
  /** Link-time address of .eh_frame, as the header records it. */
  readonly ehFramePtr: number;
  readonly count: number;
  private readonly view: DataView;
  private readonly tableStart: number;
  private readonly fastPath: boolean;
  private pcs?: Float64Array;
  private fdeAddrs?: Float64Array;

  constructor(readonly data: Buffer, readonly address: number, readonly path: string, little = true) {
    const r = new ByteReader(data, path, 0, little);
    const version = r.u8();
    if (version !== 1) throw new NativeUnwindError(`${path}: .eh_frame_hdr version ${version} is not 1`);
    const ptrEnc = r.u8();
    const countEnc = r.u8();
    const tableEnc = r.u8();
    const bases: PointerBases = { section: address, data: address };
    this.ehFramePtr = r.pointer(ptrEnc, bases) ?? 0;
    this.count = countEnc === DW_EH_PE_omit || tableEnc === DW_EH_PE_omit ? 0 : r.pointer(countEnc, bases) ?? 0;
    this.tableStart = r.pos;
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.fastPath = tableEnc === (DW_EH_PE_datarel | DW_EH_PE_sdata4) && little;
    if (this.fastPath) {
      if (this.tableStart + this.count * 8 > data.length) throw new NativeUnwindError(`${path}: .eh_frame_hdr table (${this.count} entries) runs past the end of the section`);
    } else if (this.count > 0) {
      const pcs = new Float64Array(this.count);
      const addrs = new Float64Array(this.count);
      for (let i = 0; i < this.count; i++) {
        pcs[i] = r.pointer(tableEnc, bases) ?? 0;
        addrs[i] = r.pointer(tableEnc, bases) ?? 0;
      }
      this.pcs = pcs;
      this.fdeAddrs = addrs;
    }
  }

  /** Link-time address of the FDE whose initial location is the greatest ≤ pc, if any. */
  lookup(pc: number): number | undefined {
    const n = this.count;
    if (n === 0) return undefined;
    if (this.fastPath) {
      const v = this.view;
      const base = this.tableStart;
      const rel = pc - this.address;
      if (rel < v.getInt32(base, true)) return undefined;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (v.getInt32(base + mid * 8, true) <= rel) lo = mid;
        else hi = mid - 1;
      }
      return this.address + v.getInt32(base + lo * 8 + 4, true);
    }
    const pcs = this.pcs!;
    if (pc < pcs[0]!) return undefined;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (pcs[mid]! <= pc) lo = mid;
      else hi = mid - 1;
    }
    return this.fdeAddrs![lo]!;
  }
}

/** .eh_frame with its optional .eh_frame_hdr, plus an optional .debug_frame, for one image. */
export class CallFrameInfo {
  constructor(
    readonly ehFrame: FrameSection | undefined,
    readonly hdr: EhFrameHdr | undefined,
    readonly debugFrame: FrameSection | undefined,
  ) {}

  /** The FDE covering link-time address `pc`, if any. */
  findFde(pc: number): Fde | undefined {
    const eh = this.ehFrame;
    if (eh) {
      if (this.hdr && this.hdr.count > 0) {
        const addr = this.hdr.lookup(pc);
        if (addr !== undefined) {
          const f = eh.fde(addr - eh.address);
          if (f && pc >= f.pcBegin && pc < f.pcEnd) return f;
        }
      } else {
        const f = eh.findLinear(pc);
        if (f) return f;
      }
    }
    return this.debugFrame?.findLinear(pc);
  }
}
