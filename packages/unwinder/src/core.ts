/// <reference types="node" preserve="true" />

/**
 * ELF core files (kernel cores and gdb's gcore): threads (NT_PRSTATUS), process info
 * (NT_PRPSINFO), mapped files (NT_FILE), and a ProcessMemory over the PT_LOAD segments.
 */
import type { ProcessMemory, ReadBatch, Registers } from '@pyglass/memory-reader';
import { BadAddress } from '@pyglass/memory-reader';
import { isUnusableInput, ObjectFileError } from './errors.js';
import { ElfFile, EM_AARCH64, EM_X86_64, ET_CORE, PT_LOAD, PT_NOTE, parseNotes, type ElfNote } from './elf.js';
import { BufferSource, FileSource, Fields, type ByteSource } from './source.js';

export { ObjectFileError };

/** Thrown by CoreMemory for an address outside every PT_LOAD segment (a memory-reader BadAddress). */
export class CoreBadAddress extends BadAddress {
  constructor(core: string, pid: number, address: number, length: number) {
    super(pid, address, length);
    this.message = `Bad address reading core file ${core}: 0x${address.toString(16)} (${length} bytes) is outside every PT_LOAD segment of the core`;
  }
}

export const NT_PRSTATUS = 1;
export const NT_PRFPREG = 2;
/** Owner name of the kernel's notes in a core (NT_PRSTATUS, NT_PRPSINFO, NT_AUXV, NT_FILE). */
const CORE_NOTE = 'CORE';
export const NT_PRPSINFO = 3;
export const NT_AUXV = 6;
export const NT_FILE = 0x46494c45;
export const NT_SIGINFO = 0x53494749;

export interface CoreThread {
  /** Thread id (pr_pid of NT_PRSTATUS). */
  tid: number;
  /** Process id the thread belongs to (from NT_PRPSINFO). */
  pid: number;
  ppid: number;
  /** Signal that caused the dump (0 for gcore). */
  cursig: number;
  /** General-purpose registers; undefined for architectures pyglass does not decode. */
  registers?: Registers | undefined;
}

export interface CoreProcessInfo {
  pid: number;
  ppid: number;
  uid: number;
  gid: number;
  /** Executable name (16 chars max). */
  fname: string;
  /** Command line (80 chars max, arguments separated by spaces). */
  psargs: string;
  /** Process state character ('R', 'S' …). */
  state: string;
}

export interface CoreMappedFile {
  start: number;
  end: number;
  /** File offset in bytes (NT_FILE stores pages; this is already multiplied by the page size). */
  offset: number;
  path: string;
}

export interface CoreSegment {
  vaddr: number;
  memsz: number;
  /** Bytes present in the core; the rest of `memsz` reads as zeros. */
  filesz: number;
  /** Where the bytes are in the core file. */
  offset: number;
  flags: number;
}

const X86_64_REGS = ['r15', 'r14', 'r13', 'r12', 'rbp', 'rbx', 'r11', 'r10', 'r9', 'r8', 'rax', 'rcx', 'rdx', 'rsi', 'rdi', 'orig_rax', 'rip', 'cs', 'eflags', 'rsp', 'ss', 'fs_base', 'gs_base', 'ds', 'es', 'fs', 'gs'];

function safe(v: bigint): number {
  // Register values above 2^53 (kernel addresses, sign-extended values) lose low bits as numbers;
  // pc/sp/fp of user code always fit.
  return Number(v);
}

export class ElfCore extends ElfFile {
  override readonly format = 'elf-core' as const;
  readonly threads: CoreThread[] = [];
  readonly processInfo?: CoreProcessInfo | undefined;
  readonly files: CoreMappedFile[] = [];
  /** PT_LOAD segments sorted by address. */
  readonly memorySegments: CoreSegment[];
  readonly auxv?: Buffer | undefined;

  static override open(path: string): ElfCore {
    const src = new FileSource(path);
    try {
      return new ElfCore(src);
    } catch (e) {
      src.close();
      throw e;
    }
  }

  static override fromBuffer(buf: Buffer, path = '<buffer>'): ElfCore {
    return new ElfCore(new BufferSource(path, buf));
  }

  constructor(source: ByteSource) {
    try {
      super(source);
    } catch (e) {
      if (e instanceof ObjectFileError) throw new ObjectFileError(source.path, `is not an ELF core file (${e.message.slice(source.path.length + 2)})`);
      throw e;
    }
    if (this.type !== ET_CORE) throw new ObjectFileError(this.path, `is not an ELF core file (ELF type ${this.type}, expected ET_CORE = 4)`);
    const notes: ElfNote[] = [];
    for (const p of this.segments) {
      if (p.type === PT_NOTE) parseNotes(this.path, source.read(p.offset, p.filesz, 'PT_NOTE segment'), this.little, notes);
    }
    this.memorySegments = this.segments
      .filter((p) => p.type === PT_LOAD)
      .map((p) => ({ vaddr: Number(p.vaddr), memsz: Number(p.memsz), filesz: p.filesz, offset: p.offset, flags: p.flags }))
      .sort((a, b) => a.vaddr - b.vaddr);
    for (const n of notes) {
      if (n.name === CORE_NOTE && n.type === NT_PRPSINFO) this.processInfo = this.parsePrpsinfo(n.desc);
      else if (n.name === CORE_NOTE && n.type === NT_AUXV) this.auxv = n.desc;
    }
    for (const n of notes) {
      if (n.name !== CORE_NOTE) continue;
      if (n.type === NT_PRSTATUS) this.threads.push(this.parsePrstatus(n.desc));
      else if (n.type === NT_FILE) this.files.push(...this.parseFileNote(n.desc));
    }
  }

  /** Process id of the dumped process (NT_PRPSINFO, else the first thread's id). */
  get pid(): number {
    return this.processInfo?.pid ?? this.threads[0]?.tid ?? 0;
  }

  private parsePrpsinfo(desc: Buffer): CoreProcessInfo {
    const f = new Fields(desc, this.little, this.path, 'NT_PRPSINFO note');
    // 64-bit elf_prpsinfo: state, sname, zomb, nice, pad, flag(8), uid, gid, pid, ppid, pgrp, sid, fname[16], psargs[80]
    // 32-bit (i386): same with a 4-byte flag and 16-bit uid/gid.
    const b = this.is64 ? 16 : 8;
    const uidW = this.is64 ? 4 : 2;
    const idBase = b + 2 * uidW;
    const rd = (o: number) => (uidW === 4 ? f.u32(o) : f.u16(o));
    return {
      state: String.fromCharCode(f.u8(1)),
      uid: rd(b),
      gid: rd(b + uidW),
      pid: f.i32(idBase),
      ppid: f.i32(idBase + 4),
      fname: f.fixedString(idBase + 16, 16),
      psargs: f.fixedString(idBase + 32, 80).trimEnd(),
    };
  }

  private parsePrstatus(desc: Buffer): CoreThread {
    const f = new Fields(desc, this.little, this.path, 'NT_PRSTATUS note');
    const cursig = f.u16(12);
    if (!this.is64) {
      return { tid: f.i32(24), ppid: f.i32(28), pid: this.processInfo?.pid ?? f.i32(24), cursig };
    }
    const tid = f.i32(32);
    const thread: CoreThread = { tid, ppid: f.i32(36), pid: this.processInfo?.pid ?? tid, cursig };
    const regBase = 112;
    if (this.machine === EM_X86_64) {
      const all: Record<string, number> = {};
      X86_64_REGS.forEach((name, i) => { all[name] = safe(f.u64(regBase + i * 8)); });
      thread.registers = { arch: 'x86_64', pc: all['rip']!, sp: all['rsp']!, fp: all['rbp']!, all };
    } else if (this.machine === EM_AARCH64) {
      const all: Record<string, number> = {};
      for (let i = 0; i < 31; i++) all[`x${i}`] = safe(f.u64(regBase + i * 8));
      const sp = (all['sp'] = safe(f.u64(regBase + 31 * 8)));
      const pc = (all['pc'] = safe(f.u64(regBase + 32 * 8)));
      all['pstate'] = safe(f.u64(regBase + 33 * 8));
      thread.registers = { arch: 'aarch64', pc, sp, fp: all['x29']!, all };
    }
    return thread;
  }

  private parseFileNote(desc: Buffer): CoreMappedFile[] {
    const f = new Fields(desc, this.little, this.path, 'NT_FILE note');
    const w = this.is64 ? 8 : 4;
    const count = f.wordn(0, this.is64, 'NT_FILE count');
    const pageSize = f.wordn(w, this.is64, 'NT_FILE page size');
    if (count * 3 * w + 2 * w > desc.length) throw new ObjectFileError(this.path, `NT_FILE note claims ${count} files but holds only ${desc.length} bytes`);
    let strOff = 2 * w + count * 3 * w;
    const out: CoreMappedFile[] = [];
    for (let i = 0; i < count; i++) {
      const o = 2 * w + i * 3 * w;
      const end = desc.indexOf(0, strOff);
      if (end < 0) throw new ObjectFileError(this.path, `NT_FILE note: path ${i} is not NUL-terminated`);
      out.push({
        start: f.wordn(o, this.is64, 'NT_FILE start'),
        end: f.wordn(o + w, this.is64, 'NT_FILE end'),
        offset: f.wordn(o + 2 * w, this.is64, 'NT_FILE offset') * pageSize,
        path: desc.toString('utf8', strOff, end),
      });
      strOff = end + 1;
    }
    return out;
  }

  /** A ProcessMemory reading this core's PT_LOAD segments (see CoreMemoryOptions). */
  memory(options: CoreMemoryOptions = {}): CoreMemory {
    return new CoreMemory(this, options);
  }
}

/** Opens `path` as an ELF core file; ObjectFileError "PATH is not an ELF core file" otherwise. */
export function openCore(path: string): ElfCore {
  return ElfCore.open(path);
}

class CoreReadBatch implements ReadBatch {
  count = 0;
  addrs: number[] = [];
  lens: number[] = [];
  dests: Uint8Array[] = [];
  offs: number[] = [];
  ok: Uint8Array;
  constructor(capacity: number) {
    this.ok = new Uint8Array(Math.max(1, capacity));
  }
  add(address: number, length: number, dest: Uint8Array, destOffset = 0): number {
    const i = this.count++;
    this.addrs[i] = address;
    this.lens[i] = length;
    this.dests[i] = dest;
    this.offs[i] = destOffset;
    if (i >= this.ok.length) {
      const grown = new Uint8Array(this.ok.length * 2);
      grown.set(this.ok);
      this.ok = grown;
    }
    this.ok[i] = 0;
    return i;
  }
  succeeded(index: number): boolean {
    return index < this.count && this.ok[index] === 1;
  }
  clear(): void {
    this.count = 0;
  }
}

export interface CoreMemoryOptions {
  /**
   * Cores usually omit unmodified file-backed mappings (code, .rodata: Py_Version lives there).
   * When set, addresses outside every PT_LOAD segment but inside an NT_FILE mapping are read from
   * that file: `true` opens the recorded path as is, a function maps it to a host path (e.g. into
   * an extracted container image). The files must be the ones the process had mapped.
   */
  readMappedFiles?: boolean | ((path: string) => string);
}

/**
 * ProcessMemory over a core file: reads come from PT_LOAD segments; bytes past p_filesz are
 * zeros; with `readMappedFiles`, from the NT_FILE mapped files for the rest.
 */
export class CoreMemory implements ProcessMemory {
  readonly pid: number;
  private readonly segs: CoreSegment[];
  private readonly starts: Float64Array;
  private last = 0;
  private readonly files: CoreMappedFile[];
  private readonly resolve?: ((path: string) => string) | undefined;
  private readonly opened = new Map<string, ByteSource | null>();

  constructor(readonly core: ElfCore, options: CoreMemoryOptions = {}) {
    this.pid = core.pid;
    this.segs = core.memorySegments;
    this.starts = Float64Array.from(this.segs.map((s) => s.vaddr));
    const rf = options.readMappedFiles;
    this.resolve = rf === true ? (p) => p : rf || undefined;
    this.files = this.resolve ? [...core.files].sort((a, b) => a.start - b.start) : [];
  }

  /** Closes the mapped files opened for `readMappedFiles` (the core itself stays open). */
  close(): void {
    for (const s of this.opened.values()) s?.close();
    this.opened.clear();
  }

  private fromMappedFile(addr: number, dest: Uint8Array, pos: number, left: number): number {
    const f = this.files.find((x) => addr >= x.start && addr < x.end);
    if (!f) return 0;
    let src = this.opened.get(f.path);
    if (src === undefined) {
      try {
        src = new FileSource(this.resolve!(f.path));
      } catch (e) {
        if (!isUnusableInput(e)) throw e;
        src = null;
      }
      this.opened.set(f.path, src);
    }
    if (!src) return 0;
    const off = f.offset + (addr - f.start);
    const n = Math.min(left, f.end - addr, src.size - off);
    if (n <= 0) return 0;
    src.readInto(off, dest, pos, n, `mapped file ${f.path}`);
    return n;
  }

  private find(address: number): number {
    const last = this.segs[this.last];
    if (last && address >= last.vaddr && address < last.vaddr + last.memsz) return this.last;
    const st = this.starts;
    let lo = 0;
    let hi = st.length - 1;
    if (hi < 0 || address < st[0]!) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (st[mid]! <= address) lo = mid;
      else hi = mid - 1;
    }
    const s = this.segs[lo]!;
    if (address >= s.vaddr + s.memsz) return -1;
    this.last = lo;
    return lo;
  }

  /** True when every byte of the range is inside some segment. */
  private fill(address: number, dest: Uint8Array, destOffset: number, length: number): boolean {
    let addr = address;
    let pos = destOffset;
    let left = length;
    while (left > 0) {
      const i = this.find(addr);
      if (i < 0) {
        const n = this.files.length ? this.fromMappedFile(addr, dest, pos, left) : 0;
        if (n === 0) return false;
        addr += n;
        pos += n;
        left -= n;
        continue;
      }
      const s = this.segs[i]!;
      const inSeg = addr - s.vaddr;
      const n = Math.min(left, s.memsz - inSeg);
      const fromFile = Math.max(0, Math.min(n, s.filesz - inSeg));
      if (fromFile > 0) {
        this.core.source.readInto(s.offset + inSeg, dest, pos, fromFile, `core memory at 0x${addr.toString(16)}`);
      }
      if (fromFile < n) dest.fill(0, pos + fromFile, pos + n);
      addr += n;
      pos += n;
      left -= n;
    }
    return true;
  }

  read(address: number, length: number): Buffer {
    const buf = Buffer.alloc(length);
    this.readInto(address, buf, 0, length);
    return buf;
  }

  readInto(address: number, dest: Uint8Array, destOffset = 0, length = dest.length - destOffset): void {
    if (!this.fill(address, dest, destOffset, length)) throw new CoreBadAddress(this.core.path, this.pid, address, length);
  }

  readBatch(batch: ReadBatch): number {
    if (!(batch instanceof CoreReadBatch)) throw new TypeError('CoreMemory.readBatch needs a batch made by its createBatch()');
    let ok = 0;
    for (let i = 0; i < batch.count; i++) {
      const good = this.fill(batch.addrs[i]!, batch.dests[i]!, batch.offs[i]!, batch.lens[i]!);
      batch.ok[i] = good ? 1 : 0;
      if (good) ok++;
    }
    return ok;
  }

  createBatch(capacity = 64): ReadBatch {
    return new CoreReadBatch(capacity);
  }
}
