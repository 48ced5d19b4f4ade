/**
 * NativeUnwinder: walks a stopped thread's native stack with .eh_frame / .debug_frame call frame
 * information (frame pointers where there is none) and symbolizes the addresses it finds.
 */
import { openProcess, type MemoryMap, type ProcessMemory, type Registers, type TargetProcess } from '@pyglass/memory-reader';
import { ElfFile } from '../elf.js';
import { NREGS, loadRegisters, type ArchInfo } from './arch.js';
import { RULE_EXPRESSION, RULE_OFFSET, RULE_REGISTER, RULE_SAME, RULE_UNDEFINED, RULE_VAL_EXPRESSION, RULE_VAL_OFFSET, type UnwindRow } from './cfa.js';
import { evaluateExpression, type ExpressionContext } from './expr.js';
import { NativeModule, openNativeModule } from './module.js';
import { demangle } from './demangle.js';
import { linesForModule, type SourceLine } from './dwarf-line.js';
import { upperBound } from './search.js';
import { isUnusableInput } from '../errors.js';

export interface NativeUnwinderOptions {
  /** The target's memory maps (default: read /proc/PID/maps; `reload()` re-reads them). */
  maps?: MemoryMap[];
  /**
   * Directory the target's paths are relative to (default /proc/PID/root, so files of processes
   * in containers and chroots are found; map_files and the plain path are fallbacks).
   */
  rootPrefix?: string;
  /** Bytes of stack read at once above sp (default 32 KiB). */
  stackWindow?: number;
  /** Most frames returned (default 1024). */
  maxFrames?: number;
}

/** An address resolved to its module and function. */
export interface NativeSymbol {
  address: number;
  /** Path of the module as the target sees it ("/usr/lib/…/libc.so.6", "[vdso]"). */
  module: string;
  /** Function name, when a symbol covers the address. */
  name?: string;
  /** Source file from the module's DWARF line table: set by `NativeUnwinder.sourceLine(symbol)` only. */
  file?: string;
  /** Source line (with `file`). */
  line?: number;
  /** Address minus the function's start, or minus the module's link-time base when `name` is unset. */
  offset: number;
  /**
   * For mangled C++ (`_Z…`) and Rust legacy names: the demangled name without parameters or return
   * type, as profilers show it (`std::vector<int, std::allocator<int> >::push_back`); call
   * `demangle(name, { params: true })` for the full signature. Unset for other names.
   */
  demangled?: string;
}

/** One code mapping of the target and the module behind it (loaded on first use). */
interface CodeMap {
  start: number;
  end: number;
  map: MemoryMap;
  image?: Image | null;
}

interface Image {
  path: string;
  hostPath: string;
  module: NativeModule;
  /** runtime address − link-time address */
  bias: number;
}

const TWO32 = 4294967296;

/** The stack bytes above sp, read once per unwind; other reads go to the process one by one. */
class StackWindow {
  readonly buf: Buffer;
  private readonly view: DataView;
  base = 0;
  len = 0;
  private readonly scratch = Buffer.alloc(8);
  private readonly scratchView: DataView;
  /** Reads that missed the window (for statistics/tests). */
  misses = 0;

  constructor(private readonly memory: ProcessMemory, size: number) {
    this.buf = Buffer.alloc(size);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.scratchView = new DataView(this.scratch.buffer, this.scratch.byteOffset, 8);
  }

  load(sp: number, limit: number): void {
    this.base = sp;
    let len = Math.min(this.buf.length, Math.max(0, limit - sp));
    this.len = 0;
    while (len >= 64) {
      try {
        this.memory.readInto(sp, this.buf, 0, len);
        this.len = len;
        return;
      } catch (e) {
        if (!isUnusableInput(e)) throw e;
        len >>>= 2; // an unmapped page inside the window: try a smaller one
      }
    }
  }

  read(address: number, size: number): number | undefined {
    const off = address - this.base;
    let view: DataView;
    let at: number;
    if (off >= 0 && off + size <= this.len) {
      view = this.view;
      at = off;
    } else {
      if (!(address > 0) || size > 8) return undefined;
      this.misses++;
      try {
        this.memory.readInto(address, this.scratch, 0, size);
      } catch (e) {
        if (!isUnusableInput(e)) throw e;
        return undefined;
      }
      view = this.scratchView;
      at = 0;
    }
    switch (size) {
      case 8: return view.getUint32(at + 4, true) * TWO32 + view.getUint32(at, true);
      case 4: return view.getUint32(at, true);
      case 2: return view.getUint16(at, true);
      case 1: return view.getUint8(at);
      default: return undefined;
    }
  }

  /** A code pointer: on aarch64 the pointer-authentication bits above bit 47 are cleared. */
  readCode(address: number, aarch64: boolean): number | undefined {
    if (!aarch64) return this.read(address, 8);
    const lo = this.read(address, 4);
    const hi = this.read(address + 4, 4);
    if (lo === undefined || hi === undefined) return undefined;
    return (hi & 0xffff) * TWO32 + lo;
  }
}

export class NativeUnwinder {
  readonly rootPrefix: string;
  /** Where the target's maps and files come from. */
  private readonly target: TargetProcess;
  private readonly fixedMaps: boolean;
  private maps: MemoryMap[] = [];
  private code: CodeMap[] = [];
  private codeStarts = new Float64Array(0);
  private mapStarts = new Float64Array(0);
  private lastCode: CodeMap | undefined;
  private readonly window: StackWindow;
  private readonly maxFrames: number;
  private readonly symbols = new Map<number, NativeSymbol | null>();
  /** Demangled names by mangled name (null: not mangled), so each function is demangled once. */
  private readonly demangledNames = new Map<string, string | null>();
  private readonly sourceLines = new Map<number, SourceLine | null>();
  private needsReload = false;
  // Per-frame register files (swapped each step): no allocation while unwinding.
  private regs = new Float64Array(NREGS);
  private valid = new Uint8Array(NREGS);
  private nregs = new Float64Array(NREGS);
  private nvalid = new Uint8Array(NREGS);
  private readonly exprCtx: ExpressionContext;
  private exprBias = 0;
  /** Frames unwound with frame pointers because no call frame information covered their pc. */
  fpFrames = 0;

  /** Stack reads that fell outside the per-unwind stack window (each one is a separate read). */
  get windowMisses(): number {
    return this.window.misses;
  }

  constructor(readonly pid: number, readonly memory: ProcessMemory, options: NativeUnwinderOptions = {}) {
    this.target = openProcess(pid);
    this.rootPrefix = options.rootPrefix ?? this.target.root();
    this.fixedMaps = options.maps !== undefined;
    this.window = new StackWindow(memory, options.stackWindow ?? 32 * 1024);
    this.maxFrames = options.maxFrames ?? 1024;
    const self = this;
    this.exprCtx = {
      reg: (n: number) => (n < NREGS && self.valid[n] ? self.regs[n] : undefined),
      read: (address: number, size: number) => self.window.read(address, size),
      get bias() {
        return self.exprBias;
      },
    };
    this.setMaps(options.maps ?? this.target.maps());
  }

  /** Re-reads /proc/PID/maps (after dlopen/dlclose); parsed modules stay cached. */
  reload(maps?: MemoryMap[]): void {
    this.setMaps(maps ?? this.target.maps());
    this.symbols.clear();
    this.sourceLines.clear();
    this.needsReload = false;
  }

  private setMaps(maps: MemoryMap[]): void {
    const sorted = maps.slice().sort((a, b) => a.start - b.start);
    const previous = new Map<string, CodeMap>();
    for (const c of this.code) previous.set(`${c.start}:${c.end}:${c.map.path}:${c.map.inode}`, c);
    this.maps = sorted;
    this.mapStarts = Float64Array.from(sorted, (m) => m.start);
    this.code = sorted
      .filter((m) => m.executable && m.path !== '[vsyscall]')
      .map((m) => previous.get(`${m.start}:${m.end}:${m.path}:${m.inode}`) ?? { start: m.start, end: m.end, map: m });
    this.codeStarts = Float64Array.from(this.code, (c) => c.start);
    this.lastCode = undefined;
  }

  /** The code mapping containing `address`, if any. */
  private codeFor(address: number): CodeMap | undefined {
    const last = this.lastCode;
    if (last && address >= last.start && address < last.end) return last;
    const i = upperBound(this.codeStarts, address) - 1;
    if (i < 0) return undefined;
    const c = this.code[i]!;
    if (address >= c.end) return undefined;
    this.lastCode = c;
    return c;
  }

  /** The image mapped at `address` (opened on first use), or undefined. */
  private imageFor(address: number): Image | undefined {
    const c = this.codeFor(address);
    if (!c) return undefined;
    if (c.image === undefined) c.image = this.openImage(c) ?? null;
    return c.image ?? undefined;
  }

  private openImage(c: CodeMap): Image | undefined {
    const path = c.map.path;
    if (!path) return undefined; // anonymous (JIT) code
    try {
      if (path === '[vdso]') {
        const buf = this.memory.read(c.start, c.end - c.start);
        const elf = ElfFile.fromBuffer(Buffer.from(buf), '[vdso]');
        const module = new NativeModule(elf);
        const bias = elf.loadBias(c.start, 0) ?? c.start;
        return { path, hostPath: '[vdso]', module, bias };
      }
      if (path.startsWith('[')) return undefined;
      // The lowest-offset mapping of the same file gives the load bias.
      let lowest = c.map;
      for (const m of this.maps) if (m.path === path && m.inode === c.map.inode && m.offset < lowest.offset) lowest = m;
      const hostPath = this.target.mappedFile(c.map, this.rootPrefix);
      const module = openNativeModule(hostPath, this.rootPrefix);
      const bias = module.elf.loadBias(lowest.start, lowest.offset);
      if (bias === undefined) return undefined;
      return { path, hostPath, module, bias };
    } catch (e) {
      if (!isUnusableInput(e)) throw e;
      return undefined;
    }
  }

  /** End of the mapping holding `address` (to bound the stack window), or address + 1 MiB. */
  private mapEnd(address: number): number {
    const i = upperBound(this.mapStarts, address) - 1;
    if (i >= 0) {
      const m = this.maps[i]!;
      if (address < m.end) return m.end;
    }
    return address + (1 << 20);
  }

  /**
   * Walks the stack of a stopped thread: returns the pc of the innermost frame followed by the
   * return address of each caller. Stops at pc 0, at a non-increasing sp, at an undefined return
   * address (the outermost frame: _start, clone) or after `maxFrames` frames.
   * With `sps`, also fills in each frame's stack pointer (its locals lie in [sps[i], sps[i+1])).
   */
  unwind(registers: Registers, out: number[] = [], sps?: number[]): number[] {
    if (this.needsReload && !this.fixedMaps) this.reload();
    out.length = 0;
    if (sps) sps.length = 0;
    const info = loadRegisters(registers, this.regs, this.valid);
    this.window.load(registers.sp, this.mapEnd(registers.sp));
    let signal = false;
    for (let n = 0; n < this.maxFrames; n++) {
      const pc: number = this.regs[info.pc]!;
      if (!this.valid[info.pc] || pc === 0) break;
      out.push(pc);
      if (sps) sps.push(this.regs[info.sp]!);
      const lookup: number = n === 0 || signal ? pc : pc - 1;
      const image = this.imageFor(lookup);
      if (!image && !this.codeFor(lookup) && !this.fixedMaps) this.needsReload = true;
      const row: UnwindRow | null = image ? image.module.row(lookup - image.bias) : null;
      let step: number;
      if (row) {
        this.exprBias = image!.bias;
        step = this.stepCfi(info, row);
        signal = row.signalFrame;
      } else {
        step = this.stepFramePointer(info);
        signal = false;
        if (step === STEP_OK) this.fpFrames++;
      }
      if (step !== STEP_OK) break;
      // Swap register files.
      const r = this.regs;
      this.regs = this.nregs;
      this.nregs = r;
      const v = this.valid;
      this.valid = this.nvalid;
      this.nvalid = v;
      const newSp = this.regs[info.sp]!;
      const oldSp = this.nregs[info.sp]!;
      if (!signal && newSp <= oldSp) break;
    }
    return out;
  }

  private stepCfi(info: ArchInfo, row: UnwindRow): number {
    const regs = this.regs;
    const valid = this.valid;
    const nregs = this.nregs;
    const nvalid = this.nvalid;
    let cfa: number | undefined;
    if (row.cfaExpression) cfa = evaluateExpression(row.cfaExpression, this.exprCtx);
    else if (valid[row.cfaRegister]) cfa = regs[row.cfaRegister]! + row.cfaOffset;
    if (cfa === undefined) return STEP_FAIL;
    const ra = row.raRegister;
    if (ra >= NREGS || row.kind[ra] === RULE_UNDEFINED) return STEP_END;
    const aarch64 = info.arch === 'aarch64';
    const win = this.window;
    const last = aarch64 ? 31 : NREGS - 1; // aarch64 slot 32 is the pc, not a DWARF column
    for (let i = 0; i <= last; i++) {
      const value = row.value[i]!;
      let v: number | undefined;
      switch (row.kind[i]) {
        case RULE_SAME:
          nregs[i] = regs[i]!;
          nvalid[i] = valid[i]!;
          continue;
        case RULE_UNDEFINED:
          nvalid[i] = 0;
          continue;
        case RULE_OFFSET:
          v = i === ra ? win.readCode(cfa + value, aarch64) : win.read(cfa + value, 8);
          break;
        case RULE_VAL_OFFSET:
          v = cfa + value;
          break;
        case RULE_REGISTER:
          v = value < NREGS && valid[value] ? regs[value] : undefined;
          break;
        case RULE_EXPRESSION: {
          const addr = evaluateExpression(row.expressions![i]!, this.exprCtx, cfa);
          v = addr === undefined ? undefined : win.read(addr, 8);
          break;
        }
        case RULE_VAL_EXPRESSION:
          v = evaluateExpression(row.expressions![i]!, this.exprCtx, cfa);
          break;
      }
      if (v === undefined) nvalid[i] = 0;
      else {
        nregs[i] = v;
        nvalid[i] = 1;
      }
    }
    // The caller's sp is the CFA (unless a rule said otherwise); its pc is the return address.
    if (row.kind[info.sp] === RULE_SAME) {
      nregs[info.sp] = cfa;
      nvalid[info.sp] = 1;
    }
    if (!nvalid[ra]) return STEP_FAIL;
    let pc = nregs[ra]!;
    if (aarch64 && pc >= 2 ** 48) pc %= 2 ** 48;
    nregs[info.pc] = pc;
    nvalid[info.pc] = 1;
    return STEP_OK;
  }

  /** x86_64: [rbp] = caller's rbp, [rbp+8] = return address; aarch64: [x29], [x29+8]. */
  private stepFramePointer(info: ArchInfo): number {
    const fp = this.regs[info.fp]!;
    const sp = this.regs[info.sp]!;
    if (!this.valid[info.fp] || fp === 0 || fp < sp || fp % 8 !== 0) return STEP_FAIL;
    const savedFp = this.window.read(fp, 8);
    const ra = this.window.readCode(fp + 8, info.arch === 'aarch64');
    if (savedFp === undefined || ra === undefined) return STEP_FAIL;
    this.nvalid.fill(0);
    this.nregs[info.fp] = savedFp;
    this.nvalid[info.fp] = 1;
    this.nregs[info.sp] = fp + 16;
    this.nvalid[info.sp] = 1;
    this.nregs[info.pc] = ra;
    this.nvalid[info.pc] = 1;
    if (info.arch === 'aarch64') {
      this.nregs[30] = ra;
      this.nvalid[30] = 1;
    }
    return STEP_OK;
  }

  /**
   * The module and function of a runtime address (cached). Undefined when no file-backed mapping
   * holds it. For return addresses, pass `address - 1` to name the calling function exactly.
   */
  symbolize(address: number): NativeSymbol | undefined {
    const hit = this.symbols.get(address);
    if (hit !== undefined) return hit ?? undefined;
    let result: NativeSymbol | null = null;
    const image = this.imageFor(address);
    if (image) {
      const link = address - image.bias;
      let sym: { name: string; offset: number } | undefined;
      try {
        sym = image.module.symbol(link);
      } catch (e) {
        if (!isUnusableInput(e)) throw e;
        sym = undefined;
      }
      if (sym) {
        result = { address, module: image.path, name: sym.name, offset: sym.offset };
        const demangled = this.demangled(sym.name);
        if (demangled !== undefined) result.demangled = demangled;
      } else result = { address, module: image.path, offset: link };
    } else {
      const c = this.codeFor(address);
      if (c && c.map.path) result = { address, module: c.map.path, offset: address - c.start };
    }
    if (this.symbols.size >= 65536) this.symbols.clear();
    this.symbols.set(address, result);
    return result ?? undefined;
  }

  private demangled(name: string): string | undefined {
    const c = name.charCodeAt(0) === 95 ? name.charCodeAt(name.charCodeAt(1) === 95 ? 2 : 1) : 0;
    if (c !== 90 /* Z */) return undefined;
    let d = this.demangledNames.get(name);
    if (d === undefined) {
      d = demangle(name) ?? null;
      if (this.demangledNames.size >= 16384) this.demangledNames.clear();
      this.demangledNames.set(name, d);
    }
    return d ?? undefined;
  }

  /**
   * Symbolizes the output of `unwind`: frame 0 at its pc, callers at return address − 1 (the call
   * instruction), falling back to the address itself when that names nothing (a signal trampoline
   * such as __restore_rt is entered, not called). Unknown addresses get module "?".
   */
  symbolizeStack(pcs: readonly number[]): NativeSymbol[] {
    const out: NativeSymbol[] = new Array(pcs.length);
    for (let i = 0; i < pcs.length; i++) {
      const pc = pcs[i]!;
      let s = this.symbolize(i === 0 ? pc : pc - 1);
      if (i > 0 && s && s.name === undefined) {
        const exact = this.symbolize(pc);
        if (exact?.name !== undefined) s = exact;
      }
      out[i] = s ?? { address: pc, module: '?', offset: 0 };
    }
    return out;
  }

  /** `unwind` then `symbolizeStack`. */
  backtrace(registers: Registers): NativeSymbol[] {
    return this.symbolizeStack(this.unwind(registers));
  }

  /**
   * Source file and line of a runtime address (or of a symbol from `symbolize`/`symbolizeStack`,
   * whose `file`/`line` are then set), from the module's .debug_line — its own, or the separate
   * debug file found by build-id or .gnu_debuglink under the target's root. The module's line
   * tables are parsed on the first call that needs them; answers are cached per address.
   * Undefined when the module has no line information for it.
   */
  sourceLine(at: number | NativeSymbol): SourceLine | undefined {
    const address = typeof at === 'number' ? at : at.address;
    let hit = this.sourceLines.get(address);
    if (hit === undefined) {
      hit = null;
      const image = this.imageFor(address);
      if (image && image.hostPath !== '[vdso]') {
        const lines = linesForModule(image.module.elf, { root: this.rootPrefix, targetPath: image.path });
        hit = lines.lineForAddress(address - image.bias) ?? null;
      }
      if (this.sourceLines.size >= 65536) this.sourceLines.clear();
      this.sourceLines.set(address, hit);
    }
    if (hit && typeof at !== 'number') {
      at.file = hit.file;
      at.line = hit.line;
    }
    return hit ?? undefined;
  }

  /** The module path and load bias of the image mapped at `address`, if any (for diagnostics). */
  moduleFor(address: number): { path: string; hostPath: string; bias: number } | undefined {
    const im = this.imageFor(address);
    return im ? { path: im.path, hostPath: im.hostPath, bias: im.bias } : undefined;
  }
}

const STEP_OK = 0;
const STEP_END = 1;
const STEP_FAIL = 2;

