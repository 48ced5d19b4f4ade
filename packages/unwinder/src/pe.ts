/// <reference types="node" preserve="true" />

/**
 * PE/COFF parser (PE32 and PE32+): section table, image base, export directory. Addresses are
 * RVAs (relative to the module base), so runtime address = module base + RVA.
 */
import { ObjectFileError } from './errors.js';
import type { ObjectFile, ObjectSection, ObjectSymbol } from './object.js';
import { BufferSource, FileSource, Fields, checkCount, cString, type ByteSource } from './source.js';

export { ObjectFileError };

export const IMAGE_FILE_MACHINE_I386 = 0x14c;
export const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
export const IMAGE_FILE_MACHINE_ARM64 = 0xaa64;

export interface PeSection extends ObjectSection {
  /** IMAGE_SCN_* flags. */
  characteristics: number;
}

export interface PeExport extends ObjectSymbol {
  /** The export's ordinal (biased by the directory's Base). */
  ordinal: number;
  /** "DLL.Name" when the export forwards to another DLL (then `value` is not code or data). */
  forwarder?: string | undefined;
}

export class PeFile implements ObjectFile {
  readonly format = 'pe' as const;
  readonly machine: number;
  readonly is64: boolean;
  /** Preferred load address (OptionalHeader.ImageBase). */
  readonly imageBase: bigint;
  readonly sizeOfImage: number;
  readonly sections: PeSection[] = [];
  readonly buildId = undefined;
  private readonly dataDirs: { rva: number; size: number }[] = [];
  private exports?: Map<string, PeExport>;
  private readonly dataCache = new Map<number, Buffer>();
  /** The DLL's own name from the export directory. */
  dllName?: string | undefined;

  static open(path: string): PeFile {
    const src = new FileSource(path);
    try {
      return new PeFile(src);
    } catch (e) {
      src.close();
      throw e;
    }
  }

  static fromBuffer(buf: Buffer, path = '<buffer>'): PeFile {
    return new PeFile(new BufferSource(path, buf));
  }

  constructor(readonly source: ByteSource) {
    const path = source.path;
    if (source.size < 64) throw new ObjectFileError(path, 'is not a PE file (too short for a DOS header)');
    const dos = new Fields(source.read(0, 64, 'DOS header'), true, path, 'DOS header');
    if (dos.u16(0) !== 0x5a4d) throw new ObjectFileError(path, 'is not a PE file (no MZ signature)');
    const peOff = dos.u32(0x3c);
    const coff = new Fields(source.read(peOff, 24, 'PE header'), true, path, 'PE header');
    if (coff.u32(0) !== 0x00004550) throw new ObjectFileError(path, `is not a PE file (no PE signature at offset ${peOff})`);
    this.machine = coff.u16(4);
    const nsect = coff.u16(6);
    const symPtr = coff.u32(12);
    const nsyms = coff.u32(16);
    const optSize = coff.u16(20);
    const opt = new Fields(source.read(peOff + 24, optSize, 'optional header'), true, path, 'optional header');
    const magic = opt.u16(0);
    if (magic !== 0x10b && magic !== 0x20b) throw new ObjectFileError(path, `has an unknown optional header magic 0x${magic.toString(16)}`);
    this.is64 = magic === 0x20b;
    this.imageBase = this.is64 ? opt.u64(24) : BigInt(opt.u32(28));
    this.sizeOfImage = opt.u32(56);
    const ndirOff = this.is64 ? 108 : 92;
    const ndir = Math.min(opt.u32(ndirOff), 16);
    checkCount(path, 'data directories', ndir, 8, optSize - ndirOff - 4);
    for (let i = 0; i < ndir; i++) this.dataDirs.push({ rva: opt.u32(ndirOff + 4 + i * 8), size: opt.u32(ndirOff + 8 + i * 8) });

    const secOff = peOff + 24 + optSize;
    checkCount(path, 'section table', nsect, 40, Math.max(0, source.size - secOff));
    const st = new Fields(source.read(secOff, nsect * 40, 'section table'), true, path, 'section table');
    let strtab: Buffer | undefined;
    for (let i = 0; i < nsect; i++) {
      const o = i * 40;
      let name = st.fixedString(o, 8);
      // "/123": a long name in the COFF string table (MinGW keeps them when debug sections exist).
      if (/^\/\d+$/.test(name) && symPtr !== 0) {
        if (!strtab) {
          const strOff = symPtr + nsyms * 18;
          const len = new Fields(source.read(strOff, 4, 'COFF string table'), true, path, 'COFF string table').u32(0);
          strtab = source.read(strOff, len, 'COFF string table');
        }
        name = cString(strtab, Number(name.slice(1)), path, `section ${i} long name`);
      }
      const virtualSize = st.u32(o + 8);
      const rawSize = st.u32(o + 16);
      this.sections.push({
        name,
        index: i + 1,
        address: BigInt(st.u32(o + 12)),
        size: BigInt(virtualSize || rawSize),
        fileOffset: st.u32(o + 20),
        fileSize: virtualSize ? Math.min(rawSize, virtualSize) : rawSize,
        characteristics: st.u32(o + 36),
      });
    }
  }

  get path(): string {
    return this.source.path;
  }

  /** A section by name; a name longer than 8 characters also matches its truncation ("PyRuntime" → "PyRuntim"). */
  section(name: string): PeSection | undefined {
    return this.sections.find((s) => s.name === name) ?? (name.length > 8 ? this.sections.find((s) => s.name === name.slice(0, 8)) : undefined);
  }

  sectionData(section: ObjectSection): Buffer {
    if (section.fileSize === 0) return Buffer.alloc(0);
    let data = this.dataCache.get(section.index);
    if (!data) {
      data = this.source.read(section.fileOffset, section.fileSize, `section ${section.name}`);
      this.dataCache.set(section.index, data);
    }
    return data;
  }

  /** File offset of an RVA, or undefined when it is not backed by file data. */
  rvaToOffset(rva: number): number | undefined {
    for (const s of this.sections) {
      const a = Number(s.address);
      if (rva >= a && rva < a + s.fileSize) return s.fileOffset + (rva - a);
    }
    return undefined;
  }

  private readRva(rva: number, length: number, what: string): Buffer {
    const off = this.rvaToOffset(rva);
    if (off === undefined) throw new ObjectFileError(this.path, `${what} at RVA 0x${rva.toString(16)} is not inside any section's file data`);
    return this.source.read(off, length, what);
  }

  private loadExports(): Map<string, PeExport> {
    const map = new Map<string, PeExport>();
    this.exports = map;
    const dir = this.dataDirs[0];
    if (!dir || dir.rva === 0 || dir.size === 0) return map;
    const path = this.path;
    const d = new Fields(this.readRva(dir.rva, 40, 'export directory'), true, path, 'export directory');
    const base = d.u32(16);
    const nfuncs = d.u32(20);
    const nnames = d.u32(24);
    const funcsRva = d.u32(28);
    const namesRva = d.u32(32);
    const ordsRva = d.u32(36);
    checkCount(path, 'export address table', nfuncs, 4, this.source.size);
    checkCount(path, 'export name table', nnames, 4, this.source.size);
    try {
      this.dllName = cString(this.readSectionTail(d.u32(12)), 0, path, 'export DLL name');
    } catch (e) {
      if (!(e instanceof ObjectFileError)) throw e;
    }
    if (nnames === 0) return map;
    const funcs = new Fields(this.readRva(funcsRva, nfuncs * 4, 'export address table'), true, path, 'export address table');
    const names = new Fields(this.readRva(namesRva, nnames * 4, 'export name table'), true, path, 'export name table');
    const ords = new Fields(this.readRva(ordsRva, nnames * 2, 'export ordinal table'), true, path, 'export ordinal table');
    for (let i = 0; i < nnames; i++) {
      const name = cString(this.readSectionTail(names.u32(i * 4)), 0, path, `export name ${i}`);
      const idx = ords.u16(i * 2);
      if (idx >= nfuncs) throw new ObjectFileError(path, `export ${name} has ordinal index ${idx} past the ${nfuncs} exported functions`);
      const rva = funcs.u32(idx * 4);
      const exp: PeExport = { name, value: BigInt(rva), size: 0n, ordinal: idx + base };
      if (rva >= dir.rva && rva < dir.rva + dir.size) exp.forwarder = cString(this.readSectionTail(rva), 0, path, `forwarder of ${name}`);
      if (!map.has(name)) map.set(name, exp);
    }
    return map;
  }

  /** Bytes from `rva` to the end of its section's file data (for NUL-terminated strings). */
  private readSectionTail(rva: number): Buffer {
    for (const s of this.sections) {
      const a = Number(s.address);
      if (rva >= a && rva < a + s.fileSize) return this.sectionData(s).subarray(rva - a);
    }
    throw new ObjectFileError(this.path, `string at RVA 0x${rva.toString(16)} is not inside any section's file data`);
  }

  /** An export by name; `value` is its RVA. */
  symbol(name: string): PeExport | undefined {
    return (this.exports ?? this.loadExports()).get(name);
  }

  /** Every named export. */
  allExports(): PeExport[] {
    return [...(this.exports ?? this.loadExports()).values()];
  }

  close(): void {
    this.source.close();
  }
}
