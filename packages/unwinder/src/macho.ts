/// <reference types="node" preserve="true" />

/**
 * Mach-O parser: thin 32/64-bit files and fat/universal files (one architecture selected).
 * Segments and sections (LC_SEGMENT/LC_SEGMENT_64), symbols (LC_SYMTAB), LC_UUID.
 */
import { ObjectFileError } from './errors.js';
import type { ObjectFile, ObjectSection, ObjectSymbol } from './object.js';
import { BufferSource, FileSource, Fields, checkCount, type ByteSource } from './source.js';

export { ObjectFileError };

export const MH_MAGIC = 0xfeedface;
export const MH_MAGIC_64 = 0xfeedfacf;
export const FAT_MAGIC = 0xcafebabe;
export const FAT_MAGIC_64 = 0xcafebabf;
export const CPU_TYPE_X86_64 = 0x01000007;
export const CPU_TYPE_ARM64 = 0x0100000c;
export const CPU_TYPE_I386 = 7;
export const CPU_TYPE_ARM = 12;
export const MH_OBJECT = 1;
export const MH_EXECUTE = 2;
export const MH_DYLIB = 6;
const LC_SEGMENT = 0x1;
const LC_SYMTAB = 0x2;
const LC_SEGMENT_64 = 0x19;
const LC_UUID = 0x1b;
const N_STAB = 0xe0;
const N_TYPE = 0x0e;
const N_SECT = 0x0e;
const N_ABS = 0x02;
const N_EXT = 0x01;

export type MachOArch = 'x86_64' | 'arm64' | 'i386' | 'arm';

const archByCpu = new Map<number, MachOArch>([[CPU_TYPE_X86_64, 'x86_64'], [CPU_TYPE_ARM64, 'arm64'], [CPU_TYPE_I386, 'i386'], [CPU_TYPE_ARM, 'arm']]);
const cpuByArch = new Map<MachOArch, number>([...archByCpu].map(([c, a]) => [a, c]));

export interface MachOSegment {
  name: string;
  vmaddr: bigint;
  vmsize: bigint;
  fileoff: number;
  filesize: number;
  maxprot: number;
  initprot: number;
}

export interface MachOSection extends ObjectSection {
  /** Segment the section belongs to ("__DATA"). */
  segment: string;
  flags: number;
}

export interface MachOSymbol extends ObjectSymbol {
  /** The name as stored, usually with the leading "_" (`name` has it stripped). */
  rawName: string;
  /** n_type */
  type: number;
  /** n_sect (1-based section number, 0 for absolute symbols). */
  sectionIndex: number;
  external: boolean;
}

export interface FatArch {
  cputype: number;
  cpusubtype: number;
  arch?: MachOArch | undefined;
  offset: number;
  size: number;
}

function defaultArch(): MachOArch {
  return process.arch === 'arm64' ? 'arm64' : 'x86_64';
}

/** Architectures of a fat file (empty array for thin Mach-O files). */
export function fatArchitectures(src: ByteSource): FatArch[] {
  if (src.size < 8) return [];
  const h = new Fields(src.read(0, 8, 'fat header'), false, src.path, 'fat header');
  const magic = h.u32(0);
  if (magic !== FAT_MAGIC && magic !== FAT_MAGIC_64) return [];
  const n = h.u32(4);
  const entry = magic === FAT_MAGIC_64 ? 32 : 20;
  checkCount(src.path, 'fat architecture table', n, entry, src.size - 8);
  const t = new Fields(src.read(8, n * entry, 'fat architecture table'), false, src.path, 'fat architecture table');
  const out: FatArch[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * entry;
    const cputype = t.u32(o);
    const a: FatArch = magic === FAT_MAGIC_64
      ? { cputype, cpusubtype: t.u32(o + 4), offset: t.u64n(o + 8, 'fat arch offset'), size: t.u64n(o + 16, 'fat arch size') }
      : { cputype, cpusubtype: t.u32(o + 4), offset: t.u32(o + 8), size: t.u32(o + 12) };
    a.arch = archByCpu.get(cputype);
    out.push(a);
  }
  return out;
}

export class MachOFile implements ObjectFile {
  readonly format = 'macho' as const;
  readonly is64: boolean;
  readonly little: boolean;
  readonly cputype: number;
  readonly arch?: MachOArch | undefined;
  /** MH_EXECUTE, MH_DYLIB, MH_OBJECT … */
  readonly fileType: number;
  readonly segments: MachOSegment[] = [];
  readonly sections: MachOSection[] = [];
  readonly uuid?: string | undefined;
  /** When the file is fat: every architecture it holds. */
  readonly fatArchs: FatArch[];
  private symtabCmd?: { symoff: number; nsyms: number; stroff: number; strsize: number };
  private symbols?: Map<string, MachOSymbol>;
  private rawSymbols?: Map<string, MachOSymbol>;
  private readonly source: ByteSource;
  private readonly outer: ByteSource;

  static open(path: string, arch?: MachOArch): MachOFile {
    const src = new FileSource(path);
    try {
      return new MachOFile(src, arch);
    } catch (e) {
      src.close();
      throw e;
    }
  }

  static fromBuffer(buf: Buffer, path = '<buffer>', arch?: MachOArch): MachOFile {
    return new MachOFile(new BufferSource(path, buf), arch);
  }

  /** `arch` picks the slice of a fat file (default: this machine's architecture, else the first 64-bit one). */
  constructor(source: ByteSource, arch?: MachOArch) {
    this.outer = source;
    const path = source.path;
    this.fatArchs = fatArchitectures(source);
    if (this.fatArchs.length) {
      const want = cpuByArch.get(arch ?? defaultArch());
      const pick = this.fatArchs.find((a) => a.cputype === want) ?? (arch ? undefined : this.fatArchs.find((a) => (a.cputype & 0x01000000) !== 0));
      if (!pick) throw new ObjectFileError(path, `fat Mach-O file has no ${arch ?? defaultArch()} slice (it has ${this.fatArchs.map((a) => a.arch ?? `cpu 0x${a.cputype.toString(16)}`).join(', ')})`);
      source = source.slice(pick.offset, pick.size, 'fat architecture slice');
    }
    this.source = source;
    if (source.size < 28) throw new ObjectFileError(path, 'is not a Mach-O file (too short)');
    const m = source.read(0, 4, 'Mach-O magic');
    const le = m.readUInt32LE(0);
    const be = m.readUInt32BE(0);
    if (le === MH_MAGIC_64 || le === MH_MAGIC) this.little = true;
    else if (be === MH_MAGIC_64 || be === MH_MAGIC) this.little = false;
    else throw new ObjectFileError(path, 'is not a Mach-O file (bad magic)');
    this.is64 = (this.little ? le : be) === MH_MAGIC_64;
    const hsize = this.is64 ? 32 : 28;
    const h = new Fields(source.read(0, hsize, 'Mach-O header'), this.little, path, 'Mach-O header');
    this.cputype = h.u32(4);
    this.arch = archByCpu.get(this.cputype);
    this.fileType = h.u32(12);
    const ncmds = h.u32(16);
    const sizeofcmds = h.u32(20);
    if (sizeofcmds > source.size - hsize) throw new ObjectFileError(path, `load commands (${sizeofcmds} bytes) run past the end of the file`);
    checkCount(path, 'load commands', ncmds, 8, sizeofcmds);
    const cmds = new Fields(source.read(hsize, sizeofcmds, 'load commands'), this.little, path, 'load commands');
    let off = 0;
    for (let i = 0; i < ncmds; i++) {
      const cmd = cmds.u32(off);
      const size = cmds.u32(off + 4);
      if (size < 8 || off + size > sizeofcmds) throw new ObjectFileError(path, `load command ${i} has an invalid size ${size}`);
      if (cmd === LC_SEGMENT_64 || cmd === LC_SEGMENT) this.parseSegment(cmds, off, size, cmd === LC_SEGMENT_64);
      else if (cmd === LC_SYMTAB) {
        this.symtabCmd = { symoff: cmds.u32(off + 8), nsyms: cmds.u32(off + 12), stroff: cmds.u32(off + 16), strsize: cmds.u32(off + 20) };
      } else if (cmd === LC_UUID) {
        this.uuid = cmds.buf.subarray(off + 8, off + 24).toString('hex');
        if (this.uuid.length !== 32) throw new ObjectFileError(path, 'LC_UUID is truncated');
      }
      off += size;
    }
  }

  private parseSegment(c: Fields, off: number, size: number, is64: boolean): void {
    const segHdr = is64 ? 72 : 56;
    const secSize = is64 ? 80 : 68;
    if (size < segHdr) throw new ObjectFileError(this.source.path, `segment command at ${off} is truncated`);
    const seg: MachOSegment = is64
      ? { name: c.fixedString(off + 8, 16), vmaddr: c.u64(off + 24), vmsize: c.u64(off + 32), fileoff: c.u64n(off + 40, 'fileoff'), filesize: c.u64n(off + 48, 'filesize'), maxprot: c.u32(off + 56), initprot: c.u32(off + 60) }
      : { name: c.fixedString(off + 8, 16), vmaddr: BigInt(c.u32(off + 24)), vmsize: BigInt(c.u32(off + 28)), fileoff: c.u32(off + 32), filesize: c.u32(off + 36), maxprot: c.u32(off + 40), initprot: c.u32(off + 44) };
    const nsects = c.u32(off + (is64 ? 64 : 48));
    checkCount(this.source.path, `sections of segment ${seg.name}`, nsects, secSize, size - segHdr);
    this.segments.push(seg);
    for (let j = 0; j < nsects; j++) {
      const s = off + segHdr + j * secSize;
      const sizeField = is64 ? c.u64(s + 40) : BigInt(c.u32(s + 36));
      const fo = c.u32(s + (is64 ? 48 : 40));
      const flags = c.u32(s + (is64 ? 64 : 56));
      const type = flags & 0xff;
      const zerofill = type === 0x1 || type === 0xc || type === 0x12; // S_ZEROFILL, S_GB_ZEROFILL, S_THREAD_LOCAL_ZEROFILL
      this.sections.push({
        name: c.fixedString(s, 16),
        segment: c.fixedString(s + 16, 16),
        index: this.sections.length + 1,
        address: is64 ? c.u64(s + 32) : BigInt(c.u32(s + 32)),
        size: sizeField,
        fileOffset: fo,
        fileSize: zerofill || sizeField > 0xffffffffn ? 0 : Number(sizeField),
        flags,
      });
    }
  }

  get path(): string {
    return this.outer.path;
  }

  get buildId(): string | undefined {
    return this.uuid;
  }

  /** A section by "segment,section" ("__DATA,PyRuntime") or by section name alone ("__bss"). */
  section(name: string): MachOSection | undefined {
    const comma = name.indexOf(',');
    if (comma >= 0) {
      const seg = name.slice(0, comma);
      const sect = name.slice(comma + 1);
      return this.sections.find((s) => s.segment === seg && s.name === sect);
    }
    return this.sections.find((s) => s.name === name);
  }

  segment(name: string): MachOSegment | undefined {
    return this.segments.find((s) => s.name === name);
  }

  sectionData(section: ObjectSection): Buffer {
    if (section.fileSize === 0) return Buffer.alloc(0);
    return this.source.read(section.fileOffset, section.fileSize, `section ${section.name}`);
  }

  private loadSymbols(): void {
    const byName = new Map<string, MachOSymbol>();
    const byRaw = new Map<string, MachOSymbol>();
    this.symbols = byName;
    this.rawSymbols = byRaw;
    const st = this.symtabCmd;
    if (!st || st.nsyms === 0) return;
    const path = this.source.path;
    const entry = this.is64 ? 16 : 12;
    checkCount(path, 'LC_SYMTAB symbols', st.nsyms, entry, Math.max(0, this.source.size - st.symoff));
    const t = new Fields(this.source.read(st.symoff, st.nsyms * entry, 'symbol table'), this.little, path, 'symbol table');
    const strings = this.source.read(st.stroff, st.strsize, 'string table');
    for (let i = 0; i < st.nsyms; i++) {
      const o = i * entry;
      const strx = t.u32(o);
      const type = t.u8(o + 4);
      if (type & N_STAB) continue;
      const kind = type & N_TYPE;
      if (kind !== N_SECT && kind !== N_ABS) continue;
      if (strx === 0) continue;
      if (strx >= strings.length) throw new ObjectFileError(path, `symbol ${i}: name offset ${strx} is outside the string table (${strings.length} bytes)`);
      const end = strings.indexOf(0, strx);
      if (end < 0) throw new ObjectFileError(path, `symbol ${i}: name is not NUL-terminated before the end of the string table`);
      const rawName = strings.toString('utf8', strx, end);
      const sym: MachOSymbol = {
        rawName,
        name: rawName.startsWith('_') ? rawName.slice(1) : rawName,
        value: this.is64 ? t.u64(o + 8) : BigInt(t.u32(o + 8)),
        size: 0n,
        type,
        sectionIndex: t.u8(o + 5),
        external: (type & N_EXT) !== 0,
      };
      const prev = byName.get(sym.name);
      if (!prev || (!prev.external && sym.external)) byName.set(sym.name, sym);
      if (!byRaw.has(rawName)) byRaw.set(rawName, sym);
    }
  }

  /** A defined symbol by C name ("PyRuntime" finds "_PyRuntime"), or by its raw stored name. */
  symbol(name: string): MachOSymbol | undefined {
    if (!this.symbols) this.loadSymbols();
    return this.symbols!.get(name) ?? this.rawSymbols!.get(name);
  }

  /** Every defined symbol (loads the table). */
  allSymbols(): MachOSymbol[] {
    if (!this.symbols) this.loadSymbols();
    return [...this.rawSymbols!.values()];
  }

  close(): void {
    this.outer.close();
  }
}
