/// <reference types="node" preserve="true" />

/**
 * ELF parser (32/64-bit, little/big endian). Reads headers eagerly and symbol tables lazily:
 * the first `symbol()` call indexes one table (name → entry index), later calls are one Map lookup.
 */
import { ObjectFileError } from './errors.js';
import type { ObjectFile, ObjectSection, ObjectSymbol } from './object.js';
import { BufferSource, FileSource, Fields, checkCount, cString, type ByteSource } from './source.js';

export { ObjectFileError };

export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_NOTE = 4;
export const PT_GNU_EH_FRAME = 0x6474e550;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHT_NOTE = 7;
export const SHT_DYNSYM = 11;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_TLS = 6;
export const STT_GNU_IFUNC = 10;
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const NT_GNU_BUILD_ID = 3;
/** Owner name of GNU notes (the build id). */
const GNU_NOTE = 'GNU';

export const EM_386 = 3;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

export interface ElfSection extends ObjectSection {
  type: number;
  flags: bigint;
  link: number;
  info: number;
  addralign: bigint;
  entsize: number;
}

export interface ElfSegment {
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  paddr: bigint;
  filesz: number;
  memsz: bigint;
  align: bigint;
}

export interface ElfSymbol extends ObjectSymbol {
  /** STT_* (STT_FUNC, STT_OBJECT …). */
  type: number;
  /** STB_* (STB_LOCAL, STB_GLOBAL, STB_WEAK). */
  bind: number;
  /** st_shndx: the section the symbol is defined in (SHN_ABS for absolute symbols). */
  sectionIndex: number;
  /** Which table it came from. */
  table: 'dynsym' | 'symtab';
}

export interface ElfNote {
  name: string;
  type: number;
  desc: Buffer;
}

/** A nearest-preceding-function answer of `symbolForAddress`. */
export interface AddressSymbol {
  symbol: ElfSymbol;
  /** `address - symbol.value`. */
  offset: number;
}

const MAX_SAFE = 0x1f_ffff_ffff_ffffn;
/** Lookups answered by scanning a symbol table before its name index is built. */
const SCAN_LOOKUPS = 24;

/** One lazily loaded symbol table (.dynsym or .symtab). */
class SymbolTable {
  private data?: Buffer;
  private view?: DataView;
  private strings?: Buffer;
  private byName?: Map<string, number>;
  private lookups = 0;
  readonly count: number;
  readonly entSize: number;

  constructor(
    private readonly elf: ElfFile,
    readonly kind: 'dynsym' | 'symtab',
    readonly section: ElfSection,
    private readonly strtab: ElfSection,
  ) {
    this.entSize = elf.is64 ? 24 : 16;
    if (section.entsize !== 0 && section.entsize !== this.entSize) {
      throw new ObjectFileError(elf.path, `.${kind} entry size ${section.entsize} is not ${this.entSize}`);
    }
    this.count = Math.floor(section.fileSize / this.entSize);
  }

  private load(): void {
    if (this.data) return;
    this.data = this.elf.sectionData(this.section);
    this.view = new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    this.strings = this.elf.sectionData(this.strtab);
  }

  private nameOffset(i: number): number {
    return this.view!.getUint32(i * this.entSize, this.elf.little);
  }

  private info(i: number): number {
    return this.data![i * this.entSize + (this.elf.is64 ? 4 : 12)]!;
  }

  private shndx(i: number): number {
    return this.view!.getUint16(i * this.entSize + (this.elf.is64 ? 6 : 14), this.elf.little);
  }

  value(i: number): bigint {
    const off = i * this.entSize;
    return this.elf.is64 ? this.view!.getBigUint64(off + 8, this.elf.little) : BigInt(this.view!.getUint32(off + 4, this.elf.little));
  }

  /** True for entries worth indexing: defined, named, not section/file symbols. */
  private defined(i: number): boolean {
    const type = this.info(i) & 0xf;
    return this.shndx(i) !== SHN_UNDEF && type !== STT_SECTION && type !== STT_FILE;
  }

  get(i: number): ElfSymbol {
    this.load();
    const off = i * this.entSize;
    const v = this.view!;
    const little = this.elf.little;
    const info = this.info(i);
    const size = this.elf.is64 ? v.getBigUint64(off + 16, little) : BigInt(v.getUint32(off + 8, little));
    return {
      name: cString(this.strings!, this.nameOffset(i), this.elf.path, `.${this.kind} symbol ${i} name`),
      value: this.value(i),
      size,
      type: info & 0xf,
      bind: info >> 4,
      sectionIndex: this.shndx(i),
      table: this.kind,
    };
  }

  indexOf(name: string): number | undefined {
    // A few lookups (attaching needs about ten) scan the table comparing bytes: building the full
    // name index decodes every name (~25 ms on a libpython) and pays off only for many lookups.
    if (!this.byName && ++this.lookups <= SCAN_LOOKUPS) return this.scan(name);
    if (!this.byName) this.buildIndex();
    return this.byName!.get(name);
  }

  /** indexOf by a linear scan: the same answer as the index (globals beat same-named statics). */
  private scan(name: string): number | undefined {
    this.load();
    const want = Buffer.from(name, 'latin1');
    const n = want.length;
    if (n === 0) return undefined;
    const first = want[0]!;
    const strings = this.strings!;
    const limit = strings.length - n;
    let found: number | undefined;
    for (let i = 1; i < this.count; i++) {
      const so = this.nameOffset(i);
      if (so === 0 || so >= limit || strings[so] !== first || strings[so + n] !== 0) continue;
      if (strings.compare(want, 0, n, so, so + n) !== 0 || !this.defined(i)) continue;
      if (found === undefined) found = i;
      else if ((this.info(found) >> 4) === STB_LOCAL && (this.info(i) >> 4) !== STB_LOCAL) found = i;
      if ((this.info(found) >> 4) !== STB_LOCAL) break;
    }
    return found;
  }

  private buildIndex(): void {
    this.load();
    const map = new Map<string, number>();
    const strings = this.strings!;
    const path = this.elf.path;
    for (let i = 1; i < this.count; i++) {
      if (!this.defined(i)) continue;
      const so = this.nameOffset(i);
      if (so === 0) continue;
      if (so >= strings.length) throw new ObjectFileError(path, `.${this.kind} symbol ${i}: name offset ${so} is outside the string table (${strings.length} bytes)`);
      const end = strings.indexOf(0, so);
      if (end < 0) throw new ObjectFileError(path, `.${this.kind} symbol ${i}: name is not NUL-terminated before the end of the string table`);
      const name = strings.toString('latin1', so, end);
      const prev = map.get(name);
      if (prev === undefined) map.set(name, i);
      else if ((this.info(prev) >> 4) === STB_LOCAL && (this.info(i) >> 4) !== STB_LOCAL) map.set(name, i); // globals beat same-named statics
    }
    this.byName = map;
  }

  /** Calls `fn(index, value)` for every defined function symbol with a nonzero address. */
  forEachFunction(fn: (i: number, value: bigint) => void): void {
    this.load();
    for (let i = 1; i < this.count; i++) {
      const type = this.info(i) & 0xf;
      if ((type !== STT_FUNC && type !== STT_GNU_IFUNC) || this.shndx(i) === SHN_UNDEF) continue;
      const value = this.value(i);
      if (value !== 0n) fn(i, value);
    }
  }
}

export class ElfFile implements ObjectFile {
  readonly format: 'elf' | 'elf-core' = 'elf';
  readonly is64: boolean;
  readonly little: boolean;
  /** e_type: ET_EXEC, ET_DYN, ET_CORE … */
  readonly type: number;
  /** e_machine: EM_X86_64, EM_AARCH64 … */
  readonly machine: number;
  readonly entry: bigint;
  readonly segments: readonly ElfSegment[];
  readonly sections: readonly ElfSection[];
  private readonly byName = new Map<string, ElfSection>();
  private dynsym?: SymbolTable | null;
  private symtab?: SymbolTable | null;
  private sortedAddrs?: Float64Array;
  private sortedRefs?: Int32Array;
  private buildIdCache?: string | null;
  private readonly dataCache = new Map<number, Buffer>();

  /** Parses the ELF at `path` (positional reads: only headers are read now). */
  static open(path: string): ElfFile {
    const src = new FileSource(path);
    try {
      return new ElfFile(src);
    } catch (e) {
      src.close();
      throw e;
    }
  }

  /** Parses an ELF image held in memory. */
  static fromBuffer(buf: Buffer, path = '<buffer>'): ElfFile {
    return new ElfFile(new BufferSource(path, buf));
  }

  constructor(readonly source: ByteSource) {
    const path = source.path;
    if (source.size < 16) throw new ObjectFileError(path, `is not an ELF file (${source.size} bytes, too short for an ELF header)`);
    const ident = source.read(0, 16, 'ELF identification');
    if (ident[0] !== 0x7f || ident[1] !== 0x45 || ident[2] !== 0x4c || ident[3] !== 0x46) throw new ObjectFileError(path, 'is not an ELF file (bad magic)');
    if (ident[4] !== 1 && ident[4] !== 2) throw new ObjectFileError(path, `has an invalid ELF class ${ident[4]}`);
    if (ident[5] !== 1 && ident[5] !== 2) throw new ObjectFileError(path, `has an invalid ELF data encoding ${ident[5]}`);
    this.is64 = ident[4] === 2;
    this.little = ident[5] === 1;
    const is64 = this.is64;
    const h = new Fields(source.read(0, is64 ? 64 : 52, 'ELF header'), this.little, path, 'ELF header');
    this.type = h.u16(16);
    this.machine = h.u16(18);
    this.entry = h.word(24, is64);
    const phoff = h.wordn(is64 ? 32 : 28, is64, 'e_phoff');
    const shoff = h.wordn(is64 ? 40 : 32, is64, 'e_shoff');
    const phentsize = h.u16(is64 ? 54 : 42);
    let phnum = h.u16(is64 ? 56 : 44);
    const shentsize = h.u16(is64 ? 58 : 46);
    let shnum = h.u16(is64 ? 60 : 48);
    let shstrndx = h.u16(is64 ? 62 : 50);
    const shMin = is64 ? 64 : 40;
    const phMin = is64 ? 56 : 32;

    // Extended numbering lives in section header 0.
    let sh0: Fields | undefined;
    if (shoff !== 0 && (shnum === 0 || shstrndx === 0xffff || phnum === 0xffff)) {
      if (shentsize < shMin) throw new ObjectFileError(path, `section header size ${shentsize} is smaller than ${shMin}`);
      sh0 = new Fields(source.read(shoff, shMin, 'section header 0'), this.little, path, 'section header 0');
      if (shnum === 0) shnum = sh0.wordn(is64 ? 32 : 20, is64, 'extended section count');
      if (shstrndx === 0xffff) shstrndx = sh0.u32(is64 ? 40 : 24);
      if (phnum === 0xffff) phnum = sh0.u32(is64 ? 44 : 28);
    }

    // Program headers.
    const segments: ElfSegment[] = [];
    if (phnum > 0 && phoff !== 0) {
      if (phentsize < phMin) throw new ObjectFileError(path, `program header size ${phentsize} is smaller than ${phMin}`);
      checkCount(path, 'program header table', phnum, phentsize, Math.max(0, source.size - phoff));
      const ph = new Fields(source.read(phoff, phnum * phentsize, 'program header table'), this.little, path, 'program header table');
      for (let i = 0; i < phnum; i++) {
        const o = i * phentsize;
        segments.push(is64
          ? { type: ph.u32(o), flags: ph.u32(o + 4), offset: ph.u64n(o + 8, 'p_offset'), vaddr: ph.u64(o + 16), paddr: ph.u64(o + 24), filesz: ph.u64n(o + 32, 'p_filesz'), memsz: ph.u64(o + 40), align: ph.u64(o + 48) }
          : { type: ph.u32(o), offset: ph.u32(o + 4), vaddr: BigInt(ph.u32(o + 8)), paddr: BigInt(ph.u32(o + 12)), filesz: ph.u32(o + 16), memsz: BigInt(ph.u32(o + 20)), flags: ph.u32(o + 24), align: BigInt(ph.u32(o + 28)) });
      }
    }
    this.segments = segments;

    // Section headers and their names.
    const sections: ElfSection[] = [];
    if (shnum > 0 && shoff !== 0) {
      if (shentsize < shMin) throw new ObjectFileError(path, `section header size ${shentsize} is smaller than ${shMin}`);
      checkCount(path, 'section header table', shnum, shentsize, Math.max(0, source.size - shoff));
      const sh = new Fields(source.read(shoff, shnum * shentsize, 'section header table'), this.little, path, 'section header table');
      const raw: { nameOff: number; s: ElfSection }[] = [];
      for (let i = 0; i < shnum; i++) {
        const o = i * shentsize;
        const type = sh.u32(o + 4);
        const s: ElfSection = is64
          ? { name: '', index: i, type, flags: sh.u64(o + 8), address: sh.u64(o + 16), fileOffset: sh.u64n(o + 24, 'sh_offset'), size: sh.u64(o + 32), fileSize: 0, link: sh.u32(o + 40), info: sh.u32(o + 44), addralign: sh.u64(o + 48), entsize: sh.u64n(o + 56, 'sh_entsize') }
          : { name: '', index: i, type, flags: BigInt(sh.u32(o + 8)), address: BigInt(sh.u32(o + 12)), fileOffset: sh.u32(o + 16), size: BigInt(sh.u32(o + 20)), fileSize: 0, link: sh.u32(o + 24), info: sh.u32(o + 28), addralign: BigInt(sh.u32(o + 32)), entsize: sh.u32(o + 36) };
        if (type !== SHT_NOBITS && i !== 0) {
          if (s.size > MAX_SAFE) throw new ObjectFileError(path, `section ${i} size 0x${s.size.toString(16)} is absurdly large`);
          s.fileSize = Number(s.size);
        }
        raw.push({ nameOff: sh.u32(o), s });
        sections.push(s);
      }
      if (shstrndx !== 0 && shstrndx < shnum) {
        const strSec = sections[shstrndx]!;
        const names = source.read(strSec.fileOffset, strSec.fileSize, 'section name string table');
        for (const { nameOff, s } of raw) {
          if (s.index === 0 && nameOff === 0) continue;
          s.name = cString(names, nameOff, path, `section ${s.index} name`);
        }
      } else if (shstrndx >= shnum) {
        throw new ObjectFileError(path, `section name table index ${shstrndx} is past the ${shnum} sections`);
      }
    }
    this.sections = sections;
    for (const s of sections) if (s.name && !this.byName.has(s.name)) this.byName.set(s.name, s);
  }

  get path(): string {
    return this.source.path;
  }

  section(name: string): ElfSection | undefined {
    return this.byName.get(name);
  }

  sectionData(section: ObjectSection): Buffer {
    if (section.fileSize === 0) return Buffer.alloc(0);
    const cached = this.dataCache.get(section.index);
    if (cached) return cached;
    const data = this.source.read(section.fileOffset, section.fileSize, `section ${section.name || section.index}`);
    this.dataCache.set(section.index, data);
    return data;
  }

  /** PT_LOAD segments in file order. */
  get loadSegments(): ElfSegment[] {
    return this.segments.filter((s) => s.type === PT_LOAD);
  }

  private table(kind: 'dynsym' | 'symtab'): SymbolTable | null {
    const existing = kind === 'dynsym' ? this.dynsym : this.symtab;
    if (existing !== undefined) return existing;
    const wanted = kind === 'dynsym' ? SHT_DYNSYM : SHT_SYMTAB;
    let t: SymbolTable | null = null;
    const sec = this.sections.find((s) => s.type === wanted);
    if (sec) {
      const str = this.sections[sec.link];
      if (!str || str.type !== SHT_STRTAB) throw new ObjectFileError(this.path, `.${kind} links to section ${sec.link}, which is not a string table`);
      t = new SymbolTable(this, kind, sec, str);
    }
    if (kind === 'dynsym') this.dynsym = t;
    else this.symtab = t;
    return t;
  }

  /** True when the file has a .symtab (it is not stripped). */
  get hasSymtab(): boolean {
    return this.table('symtab') !== null;
  }

  /**
   * A defined symbol by name: .dynsym first (what the dynamic linker sees), then .symtab (statics
   * like interp_head). Indexes each table on first use; later lookups are O(1).
   */
  symbol(name: string): ElfSymbol | undefined {
    return this.symbolIn('dynsym', name) ?? this.symbolIn('symtab', name);
  }

  /** A defined symbol from one table only. */
  symbolIn(kind: 'dynsym' | 'symtab', name: string): ElfSymbol | undefined {
    const t = this.table(kind);
    if (!t) return undefined;
    const i = t.indexOf(name);
    return i === undefined ? undefined : t.get(i);
  }

  /**
   * The function symbol at or before file address `address` (nearest preceding; check `offset`
   * against `symbol.size` if you need containment). The sorted address array is built on first use.
   */
  symbolForAddress(address: number | bigint): AddressSymbol | undefined {
    if (!this.sortedAddrs) this.buildAddressIndex();
    const addrs = this.sortedAddrs!;
    const a = Number(address);
    let lo = 0;
    let hi = addrs.length - 1;
    if (hi < 0 || a < addrs[0]!) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (addrs[mid]! <= a) lo = mid;
      else hi = mid - 1;
    }
    const ref = this.sortedRefs![lo]!;
    const t = ref < 0 ? this.table('dynsym')! : this.table('symtab')!;
    const symbol = t.get(ref < 0 ? ~ref : ref);
    return { symbol, offset: a - addrs[lo]! };
  }

  private buildAddressIndex(): void {
    const entries: { a: number; ref: number; sized: boolean }[] = [];
    const add = (t: SymbolTable | null, neg: boolean) => {
      t?.forEachFunction((i, value) => {
        if (value <= MAX_SAFE) entries.push({ a: Number(value), ref: neg ? ~i : i, sized: true });
      });
    };
    add(this.table('symtab'), false);
    add(this.table('dynsym'), true);
    entries.sort((x, y) => x.a - y.a);
    const addrs: number[] = [];
    const refs: number[] = [];
    for (const e of entries) {
      if (addrs.length && addrs[addrs.length - 1] === e.a) continue; // symtab entry wins for aliases
      addrs.push(e.a);
      refs.push(e.ref);
    }
    this.sortedAddrs = Float64Array.from(addrs);
    this.sortedRefs = Int32Array.from(refs);
  }

  /** Notes from SHT_NOTE sections, or PT_NOTE segments when the file has no section headers. */
  notes(): ElfNote[] {
    const out: ElfNote[] = [];
    const noteSections = this.sections.filter((s) => s.type === SHT_NOTE);
    if (noteSections.length) for (const s of noteSections) parseNotes(this.path, this.sectionData(s), this.little, out);
    else for (const p of this.segments) if (p.type === PT_NOTE) parseNotes(this.path, this.source.read(p.offset, p.filesz, 'PT_NOTE segment'), this.little, out);
    return out;
  }

  /** The GNU build-id as lowercase hex, if the file has one. */
  get buildId(): string | undefined {
    if (this.buildIdCache === undefined) {
      this.buildIdCache = null;
      const sec = this.section('.note.gnu.build-id');
      const notes: ElfNote[] = [];
      if (sec) parseNotes(this.path, this.sectionData(sec), this.little, notes);
      else notes.push(...this.notes());
      const n = notes.find((x) => x.name === GNU_NOTE && x.type === NT_GNU_BUILD_ID);
      if (n) this.buildIdCache = n.desc.toString('hex');
    }
    return this.buildIdCache ?? undefined;
  }

  /** `.gnu_debuglink`: the separate debug file's name and CRC32. */
  get debugLink(): { name: string; crc: number } | undefined {
    const sec = this.section('.gnu_debuglink');
    if (!sec) return undefined;
    const data = this.sectionData(sec);
    const name = cString(data, 0, this.path, '.gnu_debuglink');
    const crcOff = (Buffer.byteLength(name) + 1 + 3) & ~3;
    const f = new Fields(data, this.little, this.path, '.gnu_debuglink');
    return { name, crc: f.u32(crcOff) };
  }

  /** The PT_LOAD segment whose file range contains `fileOffset` (page-aligned start allowed). */
  loadSegmentForOffset(fileOffset: number, pageSize = 4096): ElfSegment | undefined {
    for (const s of this.segments) {
      if (s.type !== PT_LOAD) continue;
      const alignedOff = s.offset - (s.offset % pageSize);
      if (fileOffset >= alignedOff && fileOffset < s.offset + Math.max(s.filesz, 1)) return s;
    }
    return undefined;
  }

  /**
   * Load bias (runtime address − file address) given one mapping of this file: it starts at
   * `mapStart` and maps file offset `mapOffset` (a /proc/PID/maps line). Undefined when no PT_LOAD
   * covers that offset.
   */
  loadBias(mapStart: number, mapOffset: number, pageSize = 4096): number | undefined {
    const seg = this.loadSegmentForOffset(mapOffset, pageSize);
    if (!seg) return undefined;
    // File offset X of the segment is at runtime bias + vaddr + (X - offset).
    return mapStart - (Number(seg.vaddr) + (mapOffset - seg.offset));
  }

  /** File address (vaddr) of a file offset, via the PT_LOAD segments. */
  offsetToAddress(fileOffset: number): bigint | undefined {
    for (const s of this.segments) {
      if (s.type === PT_LOAD && fileOffset >= s.offset && fileOffset < s.offset + s.filesz) return s.vaddr + BigInt(fileOffset - s.offset);
    }
    return undefined;
  }

  /** File offset of a file address (vaddr), via the PT_LOAD segments; undefined for .bss. */
  addressToOffset(address: bigint): number | undefined {
    for (const s of this.segments) {
      if (s.type === PT_LOAD && address >= s.vaddr && address < s.vaddr + BigInt(s.filesz)) return s.offset + Number(address - s.vaddr);
    }
    return undefined;
  }

  close(): void {
    this.source.close();
  }
}

/** Parses an ELF note area (4-byte aligned name and desc) into `out`. */
export function parseNotes(path: string, data: Buffer, little: boolean, out: ElfNote[]): void {
  const f = new Fields(data, little, path, 'note');
  let off = 0;
  while (off + 12 <= data.length) {
    const namesz = f.u32(off);
    const descsz = f.u32(off + 4);
    const type = f.u32(off + 8);
    const nameOff = off + 12;
    const descOff = nameOff + ((namesz + 3) & ~3);
    const end = descOff + ((descsz + 3) & ~3);
    if (namesz > data.length || descsz > data.length || descOff + descsz > data.length) {
      throw new ObjectFileError(path, `note at offset ${off} (name ${namesz} bytes, desc ${descsz} bytes) runs past the end of its note area (${data.length} bytes)`);
    }
    let nameEnd = nameOff;
    while (nameEnd < nameOff + namesz && data[nameEnd] !== 0) nameEnd++;
    out.push({ name: data.toString('latin1', nameOff, nameEnd), type, desc: data.subarray(descOff, descOff + descsz) });
    off = end;
  }
}
