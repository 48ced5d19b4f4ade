/**
 * A parsed code module for unwinding and symbolization: its ELF file, call frame information and a
 * cache of unwind rows by link-time pc. Modules are shared by every unwinder in this process and
 * keyed by (device, inode, size, mtime), so a library mapped by many targets is parsed once.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ElfFile } from '../elf.js';
import { toAddress } from '@pyglass/memory-reader';
import { CallFrameInfo, EhFrameHdr, FrameSection } from './ehframe.js';
import { computeRow, UnwindRow } from './cfa.js';
import { isUnusableInput } from '../errors.js';

const PT_GNU_EH_FRAME = 0x6474e550;
const PT_LOAD = 1;
const ROW_CACHE_LIMIT = 65536;

/** The symbol found for a link-time address. */
export interface ModuleSymbol {
  name: string;
  /** Address minus the symbol's start. */
  offset: number;
}

export class NativeModule {
  private cfiCache?: CallFrameInfo | null;
  private readonly rows = new Map<number, UnwindRow | null>();
  private symbolFile?: ElfFile | null;
  /** Why the call frame information could not be loaded, if it could not. */
  cfiError?: string;

  constructor(
    readonly elf: ElfFile,
    /** Where debug files are looked up (the target's root directory, "" for ours). */
    readonly root = '',
  ) {}

  get path(): string {
    return this.elf.path;
  }

  /** .eh_frame (+ .eh_frame_hdr) and .debug_frame, parsed on first use; null when there is none. */
  get cfi(): CallFrameInfo | null {
    if (this.cfiCache === undefined) {
      try {
        this.cfiCache = loadCallFrameInfo(this.elf);
      } catch (e) {
        this.cfiError = (e as Error).message;
        this.cfiCache = null;
      }
    }
    return this.cfiCache;
  }

  /**
   * The unwind row for link-time address `pc` (cached), or null when no FDE covers it or its
   * instructions cannot be interpreted.
   */
  row(pc: number): UnwindRow | null {
    const hit = this.rows.get(pc);
    if (hit !== undefined) return hit;
    let row: UnwindRow | null = null;
    const cfi = this.cfi;
    if (cfi) {
      try {
        const fde = cfi.findFde(pc);
        if (fde) row = computeRow(fde, pc);
      } catch (e) {
        if (!isUnusableInput(e)) throw e;
        row = null;
      }
    }
    if (this.rows.size >= ROW_CACHE_LIMIT) this.rows.clear();
    this.rows.set(pc, row);
    return row;
  }

  /**
   * The function symbol containing link-time address `address`: the nearest preceding function
   * symbol whose [value, value+size) holds it, or the nearest preceding one when its size is 0.
   * Uses .symtab, else .dynsym plus the separate debug file found by build-id.
   */
  symbol(address: number): ModuleSymbol | undefined {
    const file = this.symbols();
    const hit = file.symbolForAddress(address);
    if (!hit) return undefined;
    const size = Number(hit.symbol.size);
    if (size > 0 && hit.offset >= size) return undefined; // in a gap between functions
    // A size-0 symbol (e.g. _init) does not name code in another section (the .plt after it).
    if (size === 0 && this.sectionIndexAt(address) !== hit.symbol.sectionIndex) return undefined;
    if (file !== this.elf) {
      // Debug files often list an internal alias first (__libc_start_main_alias_2): prefer the
      // exported name when the stripped file's .dynsym has a symbol at the same address.
      const pub = this.elf.symbolForAddress(address);
      if (pub && pub.symbol.value === hit.symbol.value) return { name: pub.symbol.name, offset: hit.offset };
    }
    return { name: hit.symbol.name, offset: hit.offset };
  }

  private sectionStarts?: Float64Array;
  private sectionEnds?: Float64Array;
  private sectionIndexes?: Int32Array;

  /** Index of the allocated section holding link-time `address` (-1 if none). */
  private sectionIndexAt(address: number): number {
    if (!this.sectionStarts) {
      const secs = this.elf.sections.filter((s) => (s.flags & 2n) !== 0n && s.size > 0n).sort((a, b) => Number(a.address - b.address));
      this.sectionStarts = Float64Array.from(secs, (s) => Number(s.address));
      this.sectionEnds = Float64Array.from(secs, (s) => Number(s.address + s.size));
      this.sectionIndexes = Int32Array.from(secs, (s) => s.index);
    }
    const starts = this.sectionStarts;
    for (let i = starts.length - 1; i >= 0; i--) {
      if (address >= starts[i]!) return address < this.sectionEnds![i]! ? this.sectionIndexes![i]! : -1;
    }
    return -1;
  }

  private symbols(): ElfFile {
    if (this.symbolFile === undefined) {
      this.symbolFile = null;
      if (!this.elf.hasSymtab) {
        const debug = findDebugFile(this.elf, this.root);
        if (debug) this.symbolFile = debug;
      }
    }
    return this.symbolFile ?? this.elf;
  }
}

/** Opens the separate debug file of `elf` by build-id (/usr/lib/debug/.build-id/xx/rest.debug), if present. */
export function findDebugFile(elf: ElfFile, root = ''): ElfFile | undefined {
  const id = elf.buildId;
  if (!id || id.length < 4) return undefined;
  const rel = join('/usr/lib/debug/.build-id', id.slice(0, 2), `${id.slice(2)}.debug`);
  for (const candidate of root ? [join(root, rel), rel] : [rel]) {
    if (!existsSync(candidate)) continue;
    try {
      const f = ElfFile.open(candidate);
      if (f.buildId === id && f.hasSymtab) return f;
      f.close();
    } catch (e) {
      if (!isUnusableInput(e)) throw e; // unreadable debug file: use the main file's symbols
    }
  }
  return undefined;
}

/** Builds the call frame information of an ELF file: section headers first, PT_GNU_EH_FRAME otherwise. */
export function loadCallFrameInfo(elf: ElfFile): CallFrameInfo | null {
  const little = elf.little;
  const addressSize = elf.is64 ? 8 : 4;
  const text = elf.section('.text');
  const got = elf.section('.got');
  const common = {
    addressSize,
    little,
    ...(text ? { text: toAddress(text.address) } : {}),
    ...(got ? { data: toAddress(got.address) } : {}),
  };
  let eh: FrameSection | undefined;
  let hdr: EhFrameHdr | undefined;
  const ehSec = elf.section('.eh_frame');
  const hdrSec = elf.section('.eh_frame_hdr');
  if (ehSec && ehSec.fileSize > 0) {
    eh = new FrameSection(elf.sectionData(ehSec), elf.path, { ...common, address: toAddress(ehSec.address) });
    if (hdrSec && hdrSec.fileSize > 0) hdr = new EhFrameHdr(elf.sectionData(hdrSec), toAddress(hdrSec.address), elf.path, little);
  } else {
    // No section headers (or stripped of them): find .eh_frame_hdr through its program header.
    const seg = elf.segments.find((s) => s.type === PT_GNU_EH_FRAME);
    if (seg && seg.filesz > 0) {
      hdr = new EhFrameHdr(elf.source.read(seg.offset, seg.filesz, 'PT_GNU_EH_FRAME segment'), toAddress(seg.vaddr), elf.path, little);
      const ehAddr = hdr.ehFramePtr;
      const load = elf.segments.find((s) => s.type === PT_LOAD && ehAddr >= Number(s.vaddr) && ehAddr < Number(s.vaddr) + s.filesz);
      if (load) {
        const off = load.offset + (ehAddr - Number(load.vaddr));
        const len = load.offset + load.filesz - off;
        eh = new FrameSection(elf.source.read(off, len, '.eh_frame (from PT_GNU_EH_FRAME)'), elf.path, { ...common, address: ehAddr });
      } else {
        hdr = undefined;
      }
    }
  }
  let debug: FrameSection | undefined;
  const dbgSec = elf.section('.debug_frame');
  if (dbgSec && dbgSec.fileSize > 0) debug = new FrameSection(elf.sectionData(dbgSec), elf.path, { ...common, address: 0, debugFrame: true });
  if (!eh && !debug) return null;
  return new CallFrameInfo(eh, hdr, debug);
}

const modules = new Map<string, NativeModule>();

/**
 * The shared module for the file at `hostPath` (parsed once per device/inode/size/mtime). Throws
 * when the file cannot be opened or is not ELF.
 */
export function openNativeModule(hostPath: string, root = ''): NativeModule {
  const st = statSync(hostPath);
  const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  let m = modules.get(key);
  if (!m) {
    m = new NativeModule(ElfFile.open(hostPath), root);
    modules.set(key, m);
  }
  return m;
}

/** Closes every cached module's file (they are reopened on next use). */
export function clearNativeModuleCache(): void {
  for (const m of modules.values()) m.elf.close();
  modules.clear();
}
