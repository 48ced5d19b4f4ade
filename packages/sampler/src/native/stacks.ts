/**
 * Native stacks (--native): unwinds each thread's C stack while the target is locked and merges it
 * with the Python stack the way py-spy does: every eval-loop frame of the interpreter is replaced by
 * the Python frames it was running, interpreter internals are dropped (except a few well-known
 * modules such as time.sleep), and C extension / library frames stay as frames with `module` set.
 */
import { getRegisters, MemoryReaderError, type ProcessMemory } from '@pyglass/memory-reader';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { mapCythonLine, NativeUnwindError, NativeUnwinder, ObjectFileError, type NativeSymbol } from '@pyglass/unwinder';
import { frameOwners, type InterpreterFramesLayout } from '@pyglass/cpython-layouts';
import { currentInterpreterFrame } from '../read/walkers/interpreter-frames.js';
import type { InterpreterLocation } from '../attach/locate.js';
import { isUnreadable } from '../objects/objects.js';
import type { PageCache } from '../memory/pagecache.js';
import type { Frame } from '../types.js';
import { brandErrors } from '@pyglass/model';

/** Native stacks were asked for in a mode that cannot provide them. */
export class NativeStacksUnavailable extends Error {
  override readonly name = 'NativeStacksUnavailable';
  constructor(reason: string) {
    super(`Can't get native stack traces: ${reason}`);
  }
}
// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/sampler', { NativeStacksUnavailable });

/** The Cython helper frames py-spy hides (they only forward calls). */
const CYTHON_HELPERS = new Set([
  '__Pyx_PyFunction_FastCallDict', '__Pyx_PyObject_CallOneArg', '__Pyx_PyObject_Call', '__pyx_FusedFunction_call',
]);

/** Frames that only start a process or a thread. */
const STARTUP_FRAMES = new Set(['__libc_start_main', '__libc_start_call_main', '_start', '__clone', '__clone3', 'start_thread']);

/** First name tokens of interpreter-internal functions that are kept (py-spy's list). */
const KEPT_TOKENS = new Set(['time', 'sys', 'gc', 'os', 'unicode', 'thread', 'stringio', 'sre', 'PyGilState', 'PyThread', 'lock']);

const CYTHON_PREFIX = /^_?(?:__pyx_fuse_\d+(?:_\d+)*)?__pyx_(?:pf|pw|f)(?=_\d)/;

/**
 * Demangles a Cython function symbol the way py-spy does: strips the `__pyx_pf` / `__pyx_pw` /
 * `__pyx_f` prefix (and fused-function prefixes), then the `_<len><identifier>` module and class
 * segments. `__pyx_pw_8implicit_4_als_5least_squares_cg` → `least_squares_cg`. Other names are
 * returned unchanged.
 */
export function demangleCython(name: string): string {
  const m = CYTHON_PREFIX.exec(name);
  if (!m) return name;
  let current = name.slice(m[0].length);
  let next = current;
  for (;;) {
    // next = "_<digits><rest>": <digits> is the length of the segment that follows (or a counter).
    if (next.charCodeAt(0) !== 95 /* _ */) break;
    let end = 1;
    while (end < next.length && next.charCodeAt(end) >= 48 && next.charCodeAt(end) <= 57) end++;
    if (end === 1) break;
    const len = Number(next.slice(1, end));
    current = next.slice(end);
    if (len >= current.length) break;
    next = current.slice(len);
  }
  return current;
}

/** True for Cython's call-forwarding helpers, which py-spy leaves out of native stacks. */
export function isCythonHelper(name: string): boolean {
  return CYTHON_HELPERS.has(name);
}

/** Stack bytes credited to the outermost unwound frame (its caller's sp is unknown). */
const LAST_FRAME_SPAN = 64 * 1024;

/** How one native frame takes part in the merged stack. */
const EVAL = 1; // the eval loop: replaced by the Python frames it runs
const IGNORE = 2; // interpreter internals: dropped
const STARTUP = 3; // process / thread start-up (__libc_start_main, start_thread, …): dropped
type Kind = typeof EVAL | typeof IGNORE | typeof STARTUP | Frame;

/** One thread's native state, captured while the process is locked (buffers reused per tid). */
export interface NativeCapture {
  /** pc of frame 0, then each caller's return address. */
  pcs: number[];
  /** Stack pointer of each frame. */
  sps: number[];
  /**
   * Addresses of the C-stack entry frames of the interpreter (3.12+: the frame each
   * _PyEval_EvalFrameDefault call pushes on its own C stack), innermost first. The native frame
   * whose stack range holds one is an eval-loop frame, named or not (stripped interpreters).
   */
  entries: number[];
}

/**
 * Per-PythonSpy native stack support: one NativeUnwinder (its maps are re-read when a pc falls in
 * no known module), a capture buffer per OS thread, and a classification cache by address.
 */
/** 3.12+: the layout and the owners of the entry frames (C-stack shims) that mark eval-loop invocations. */
interface EntryFrames {
  readonly L: InterpreterFramesLayout;
  readonly owners: readonly number[];
}

export class NativeStacks {
  readonly unwinder: NativeUnwinder;
  private readonly interpreterModules: Set<string>;
  private readonly evalNames: (tokens: string[]) => boolean;
  private readonly kinds = new Map<number, Kind>();
  /** Source paths from debug info → the path shown (see sourcePath). */
  private readonly paths = new Map<string, string>();
  private readonly captures = new Map<number, NativeCapture>();
  private readonly entryFrames: EntryFrames | undefined;

  /**
   * `fullFilenames`: a frame without source information shows its module's full path instead of the
   * module's file name (py-spy shows `libfoo.so`; the frame's `module` always keeps the full path).
   */
  constructor(pid: number, memory: ProcessMemory, location: InterpreterLocation, private readonly fullFilenames = false) {
    this.unwinder = new NativeUnwinder(pid, memory);
    this.interpreterModules = new Set();
    for (const img of [location.images.executable, location.images.libpython]) if (img) this.interpreterModules.add(img.path);
    this.interpreterModules.add(location.executable);
    // Python 2's eval loop is PyEval_EvalFrameEx; on 3.x that name is a public wrapper around
    // _PyEval_EvalFrameDefault, so counting it too would take one Python frame too many.
    this.evalNames = location.layout.evalFrame === 'PyEval_EvalFrameEx'
      ? (t) => t[0] === 'PyEval' && t[1] === 'EvalFrameEx'
      : (t) => t[0] === 'PyEval' && t[1] === 'EvalFrameDefault';
    const L = location.layout;
    const owners = L.frames === 'interpreter-frame' ? frameOwners(L).cStack : [];
    this.entryFrames = L.frames === 'interpreter-frame' && owners.length ? { L, owners } : undefined;
  }

  /**
   * Call while the process is locked: unwinds the native stack of thread `tid` and, on 3.12+,
   * collects the entry frames of its thread state `tstate` through `m` (the sample's page cache).
   * Returns a capture reused for this tid, or undefined when the registers cannot be read.
   */
  capture(tid: number, tstate: number, m: PageCache): NativeCapture | undefined {
    let c = this.captures.get(tid);
    if (!c) {
      c = { pcs: [], sps: [], entries: [] };
      this.captures.set(tid, c);
    }
    c.entries.length = 0;
    try {
      this.unwinder.unwind(getRegisters(tid), c.pcs, c.sps);
    } catch (e) {
      // no registers (the thread is gone) or nothing to unwind with: no native frames this sample
      if (!(e instanceof MemoryReaderError || e instanceof NativeUnwindError || e instanceof ObjectFileError)) throw e;
      c.pcs.length = 0;
      c.sps.length = 0;
      return undefined;
    }
    if (this.entryFrames) {
      try {
        this.collectEntries(this.entryFrames, tstate, m, c.entries);
      } catch (e) {
        if (!isUnreadable(e)) throw e;
        c.entries.length = 0;
      }
    }
    return c;
  }

  /** Forgets the buffers of threads that are gone. */
  retain(live: ReadonlyMap<number, number>): void {
    if (this.captures.size <= live.size) return;
    const keep = new Set(live.values());
    for (const tid of this.captures.keys()) if (!keep.has(tid)) this.captures.delete(tid);
  }

  private collectEntries({ L, owners }: EntryFrames, t: number, m: PageCache, out: number[]): void {
    const I = L.interpreter_frame;
    let f = currentInterpreterFrame(m, L, t);
    const [o1, o2] = owners;
    for (let n = 0; f && n < 4096; n++) {
      const owner = m.u8(f + I.owner);
      if (owner === o1 || owner === o2) out.push(f);
      f = m.u64(f + I.previous);
    }
    if (out.length > 1) out.sort((a, b) => a - b);
  }

  /**
   * Merges a native capture with the thread's Python frames (innermost first). Never loses
   * Python frames: those no eval-loop frame claimed are appended after the native ones.
   */
  merge(c: NativeCapture, python: readonly Frame[]): Frame[] {
    const { pcs, sps, entries } = c;
    // Eval-loop frames by stack range when the entry frames fall on this stack (3.12+), else by name.
    // (3.14+ also has a base entry frame inside the thread state, on the heap: it matches nothing.)
    let bySp = false;
    const top = sps.length ? sps[sps.length - 1]! + LAST_FRAME_SPAN : 0;
    if (entries.length && sps.length === pcs.length) {
      const lo = sps[0]!;
      for (const e of entries) {
        if (e >= lo && e < top) {
          bySp = true;
          break;
        }
      }
    }
    const out: Frame[] = [];
    let p = 0;
    let e = 0;
    for (let i = 0; i < pcs.length; i++) {
      let kind = this.kindOf(pcs[i]!, i === 0);
      let evals = kind === EVAL ? 1 : 0;
      if (bySp) {
        const hi = i + 1 < sps.length ? sps[i + 1]! : top;
        while (e < entries.length && entries[e]! < sps[i]!) e++;
        evals = 0;
        while (e < entries.length && entries[e]! < hi) {
          evals++;
          e++;
        }
        if (evals === 0 && kind === EVAL) kind = IGNORE;
      }
      if (evals > 0) {
        // One eval-loop invocation runs Python frames up to and including the next entry frame
        // (before 3.11 every frame is an entry frame: one Python frame per eval frame).
        for (; evals > 0; evals--) {
          while (p < python.length) {
            const f = python[p++]!;
            out.push(f);
            if (f.isEntry || f.isShimEntry) break;
          }
        }
        continue;
      }
      if (kind === IGNORE) continue;
      if (kind === STARTUP) {
        // libc without symbols: the unnamed frame that called __libc_start_main / start_thread
        const last = out[out.length - 1];
        if (last && last.line === 0 && last.name.startsWith('0x') && out.length > p) out.pop();
        continue;
      }
      if (kind === EVAL) continue;
      out.push(kind);
    }
    while (p < python.length) out.push(python[p++]!);
    return out;
  }

  /** The classification of the frame at `pc` (cached). Frame 0 is looked up at its pc, callers at pc − 1. */
  private kindOf(pc: number, innermost: boolean): Kind {
    const key = innermost ? -pc : pc;
    const hit = this.kinds.get(key);
    if (hit !== undefined) return hit;
    let sym = this.unwinder.symbolize(innermost ? pc : pc - 1);
    if (!innermost && sym && sym.name === undefined) {
      // a signal trampoline is entered, not called: name it at its own address
      const exact = this.unwinder.symbolize(pc);
      if (exact?.name !== undefined) sym = exact;
    }
    const kind = this.classify(sym, pc);
    if (this.kinds.size >= 65536) this.kinds.clear();
    this.kinds.set(key, kind);
    return kind;
  }

  private classify(sym: NativeSymbol | undefined, pc: number): Kind {
    const name = sym?.name;
    if (sym && this.interpreterModules.has(sym.module)) {
      if (name === undefined) return IGNORE;
      const tokens = name.split(/[_.]/).filter((t) => t.length > 0);
      if (this.evalNames(tokens)) return EVAL;
      if (tokens.length > 0 && KEPT_TOKENS.has(tokens[0]!)) return this.frame(name, sym.module);
      return IGNORE;
    }
    if (name !== undefined && STARTUP_FRAMES.has(name)) return STARTUP;
    if (name !== undefined && CYTHON_HELPERS.has(name)) return IGNORE;
    const module = sym?.module ?? '?';
    if (name === undefined) return this.frame(`0x${pc.toString(16)}`, module);
    // Like py-spy: the source file and line from the module's debug info (Cython's generated C
    // mapped back to the .pyx), asked only for frames outside the interpreter's own binaries.
    const source = this.unwinder.sourceLine(sym!);
    const root = this.unwinder.rootPrefix;
    const pyx = source && mapCythonLine(source.file, source.line, root);
    const at = pyx ?? source;
    return this.frame(sym?.demangled ?? demangleCython(name), module, at && this.sourcePath(at.file, module), at?.line ?? 0);
  }

  /**
   * py-spy's choice of file name for a native frame: the path from the debug info if it exists
   * (in the target's root), else the module's directory with its base name if that exists, else
   * the path as recorded.
   */
  private sourcePath(file: string, module: string): string {
    let path = this.paths.get(file);
    if (path === undefined) {
      const root = this.unwinder.rootPrefix;
      const nextToModule = join(dirname(module), basename(file));
      path = existsSync(join(root, file)) ? file : existsSync(join(root, nextToModule)) ? nextToModule : file;
      this.paths.set(file, path);
    }
    return path;
  }

  /** A native frame: the source file when known, else the module (its file name unless fullFilenames). */
  private frame(name: string, module: string, file?: string, line = 0): Frame {
    const filename = file ?? (this.fullFilenames ? module : basename(module));
    return { name, filename, module, shortFilename: undefined, line, locals: undefined, isEntry: true, isShimEntry: true };
  }
}
