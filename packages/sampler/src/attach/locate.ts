/**
 * Finding the interpreter in a live process: version (§4.3), layout table (static or from
 * `_Py_DebugOffsets`), PyInterpreterState address (§4.4) and the GIL holder's location (§4.5).
 */
import {
  DEBUG_OFFSETS_READ_SIZE, InvalidDebugOffsets, decodeDebugOffsets, layoutFor, type PythonLayout,
} from '@pyglass/cpython-layouts';
import { BadAddress, MemoryReaderError, type MemoryMap, type ProcessMemory } from '@pyglass/memory-reader';
import { findPythonImages, type ProcessImage, type PythonImages } from '@pyglass/unwinder';
import { InterpreterNotFound, NotPythonProcess } from '../errors.js';
import { scanVersion, versionFromFilename, versionFromHex, type PythonVersion } from './version.js';

export interface GilLocation {
  /** ≤3.11: address of a PyThreadState* holding the GIL holder. */
  tstatePointer?: number | undefined;
  /** 3.12+: address of the interpreter's `ceval.gil` pointer (to a _gil_runtime_state). */
  gilPointer?: number | undefined;
}

export interface InterpreterLocation {
  version: PythonVersion;
  layout: PythonLayout;
  freeThreaded: boolean;
  debug: boolean;
  images: PythonImages;
  /** The executable path as the target sees it. */
  executable: string;
  /** _PyRuntime (3.7+), when found. */
  runtime?: number | undefined;
  interp: number;
  gil: GilLocation;
  /** Address of PyCode_Type, when the symbol is there. */
  codeType?: number | undefined;
  /** How the interpreter was found (for diagnostics). */
  via: string;
}

/**
 * The failures a read at a wrong or moving address can raise while the locator probes candidates (an
 * unmapped address, a pointer torn by the running target, an impossible one): the locator tries the
 * next candidate. Anything else (the process gone, permission, koffi missing) reaches the caller.
 */
function isBadRead(e: unknown): boolean {
  return e instanceof BadAddress || e instanceof RangeError;
}

function readU64(mem: ProcessMemory, address: number): number {
  const b = mem.read(address, 8);
  return b.readUInt32LE(0) + b.readUInt32LE(4) * 2 ** 32;
}

export function imagesOf(images: PythonImages): ProcessImage[] {
  return [images.executable, images.libpython].filter((x): x is ProcessImage => x !== undefined);
}

function symbol(images: PythonImages, name: string, exportedOnly = false): number | undefined {
  for (const img of imagesOf(images)) {
    const a = img.symbolAddress(name, exportedOnly);
    if (a !== undefined && a !== 0) return a;
  }
  return undefined;
}

function sectionsOf(images: PythonImages, names: string[]): Array<{ address: number; size: number }> {
  const out: Array<{ address: number; size: number }> = [];
  for (const img of imagesOf(images)) {
    for (const n of names) {
      const r = img.sectionRange(n);
      if (r && r.size > 0) out.push(r);
    }
  }
  return out;
}

/** Version detection, in py-spy's order (§4.3). */
export function detectVersion(mem: ProcessMemory, images: PythonImages): PythonVersion {
  const pyVersion = symbol(images, 'Py_Version');
  if (pyVersion !== undefined) {
    try {
      const v = versionFromHex(mem.read(pyVersion, 4).readUInt32LE(0));
      if (v) return v;
    } catch (e) {
      if (!isBadRead(e)) throw e;
    }
  }
  for (const name of ['Py_GetVersion.version', 'version']) {
    const a = symbol(images, name);
    if (a === undefined) continue;
    try {
      const v = scanVersion(mem.read(a, 128));
      if (v) return v;
    } catch (e) {
      if (!isBadRead(e)) throw e;
    }
  }
  // A whole section holds other strings that look like versions ("2.2.2 …" was found in a 3.6 that
  // had not yet filled its version buffer, just launched): one there counts only when it agrees with
  // the version in the file's name, when the name has one.
  const named = imagesOf(images).map((i) => versionFromFilename(i.path)).find((v) => v !== undefined);
  const agrees = (v: PythonVersion) => named === undefined || (v.major === named.major && v.minor === named.minor);
  for (const range of sectionsOf(images, ['.bss', '.data', '.rodata'])) {
    const size = Math.min(range.size, 64 << 20);
    try {
      const v = scanVersion(mem.read(range.address, size), agrees);
      if (v) return v;
    } catch (e) {
      if (!isBadRead(e)) throw e;
    }
  }
  for (const img of imagesOf(images)) {
    const v = versionFromFilename(img.path);
    if (v) return v;
  }
  throw new InterpreterNotFound(images.pid, 'could not find the Python version in the process (no Py_Version symbol, no version string in .data/.bss)');
}

function isFreeThreadedName(images: PythonImages): boolean {
  return imagesOf(images).some((i) => /python\d\.\d+t/.test(i.path.slice(i.path.lastIndexOf('/') + 1)));
}

function isDebugBuild(images: PythonImages): boolean {
  if (imagesOf(images).some((i) => /python\d\.\d+t?d(?:$|[.-])/.test(i.path.slice(i.path.lastIndexOf('/') + 1)))) return true;
  // both are exported by debug builds (PyAPI_FUNC / PyAPI_DATA): no need to read the .symtab
  return symbol(images, '_Py_NegativeRefcount', true) !== undefined || symbol(images, '_Py_RefTotal', true) !== undefined;
}

function runtimeAddress(images: PythonImages): number | undefined {
  return symbol(images, '_PyRuntime') ?? sectionsOf(images, ['.PyRuntime'])[0]?.address;
}

/** Sorted maps for `contains`. */
export class MapIndex {
  private readonly starts: number[];
  private readonly ends: number[];
  constructor(maps: MemoryMap[]) {
    const sorted = maps.filter((m) => m.readable).sort((a, b) => a.start - b.start);
    this.starts = sorted.map((m) => m.start);
    this.ends = sorted.map((m) => m.end);
  }
  contains(address: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! > address) hi = mid - 1;
      else if (this.ends[mid]! <= address) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

/** Cheap structural check of an interpreter candidate: its first thread state points back to it. */
export function looksLikeInterpreter(mem: ProcessMemory, layout: PythonLayout, maps: MapIndex, interp: number): boolean {
  if (!interp || interp % 8 !== 0 || !maps.contains(interp)) return false;
  try {
    const head = readU64(mem, interp + layout.interpreter_state.threads_head);
    if (!head || head % 8 !== 0 || !maps.contains(head)) return false;
    return readU64(mem, head + layout.thread_state.interp) === interp;
  } catch (e) {
    if (isBadRead(e)) return false;
    throw e;
  }
}

/**
 * Stricter check for candidates found by scanning memory: every thread state of the list points back
 * to `interp`, and their thread ids (pthread_t: the address of glibc's struct pthread) are mapped
 * addresses. A scan otherwise accepts look-alikes, e.g. a pointer to the only thread state: on 2.7
 * the thread state and the interpreter point at each other at the same offset.
 */
export function threadsLookReal(mem: ProcessMemory, layout: PythonLayout, maps: MapIndex, interp: number): boolean {
  const ts = layout.thread_state;
  try {
    let t = readU64(mem, interp + layout.interpreter_state.threads_head);
    let bound = 0;
    for (let i = 0; t && i < 256; i++) {
      if (t % 8 !== 0 || !maps.contains(t) || readU64(mem, t + ts.interp) !== interp) return false;
      const id = readU64(mem, t + ts.thread_id);
      if (id !== 0) {
        if (!maps.contains(id)) return false;
        bound++;
      }
      t = readU64(mem, t + ts.next);
    }
    return bound > 0;
  } catch (e) {
    if (isBadRead(e)) return false;
    throw e;
  }
}

/**
 * Locates the interpreter of process `pid`. `validate(interp)` is the caller's deeper check (a stack
 * walk); it is applied to every candidate. `given` images replace the live lookup of the mapped files (a core file).
 */
export function locateInterpreter(
  pid: number, mem: ProcessMemory, validate: (loc: InterpreterLocation) => boolean, given?: PythonImages,
): InterpreterLocation {
  let images: PythonImages;
  try {
    images = given ?? findPythonImages(pid);
  } catch (e) {
    // the process's own failures (gone, permission, traced, koffi missing) as they are; anything
    // else means its files are not a Python we can read
    if (e instanceof MemoryReaderError || !(e instanceof Error)) throw e;
    throw new NotPythonProcess(pid, e.message);
  }
  const isPython = (img: ProcessImage | undefined) => img !== undefined && /python/i.test(img.path.slice(img.path.lastIndexOf('/') + 1));
  if (!images.libpython && !isPython(images.executable)) {
    // A python statically linked into a differently named executable still has these symbols.
    if (!images.executable || (images.executable.symbolAddress('_PyRuntime') === undefined && images.executable.symbolAddress('interp_head') === undefined
      && images.executable.symbolAddress('Py_Version') === undefined)) {
      throw new NotPythonProcess(pid);
    }
  }
  const executable = images.executable?.path ?? images.libpython!.path;
  const version = detectVersion(mem, images);
  let debug = isDebugBuild(images);
  let freeThreaded = isFreeThreadedName(images);
  // The version tests from here to layoutFor come before any layout exists (they choose how to get one): no
  // layout fact can make them. _PyRuntime exists from 3.7, its _Py_DebugOffsets from 3.13 (and must be of this version).
  const runtime = version.major === 3 && version.minor >= 7 ? runtimeAddress(images) : undefined;
  let decodedLayout: PythonLayout | undefined;
  let via = 'static table';
  if (version.major === 3 && version.minor >= 13 && runtime !== undefined) {
    try {
      const decoded = decodeDebugOffsets(mem.read(runtime, DEBUG_OFFSETS_READ_SIZE), { debug });
      if (decoded.version.major === version.major && decoded.version.minor === version.minor) {
        decodedLayout = decoded.layout;
        freeThreaded = decoded.freeThreaded;
        via = `_Py_DebugOffsets over ${decoded.baseKey}`;
      }
    } catch (e) {
      // no usable _Py_DebugOffsets (garbage or an unknown cookie): fall back to the static table
      if (!(e instanceof InvalidDebugOffsets) && !isBadRead(e)) throw e;
    }
  }
  // Throws UnsupportedPythonVersion with the supported range.
  const layout = decodedLayout ?? layoutFor({ major: version.major, minor: version.minor, patch: version.patch }, { freeThreaded, debug });
  debug = debug || layout.debug;
  const maps = new MapIndex(images.maps);

  const make = (interp: number, how: string): InterpreterLocation => {
    const gil: GilLocation = {};
    if (!freeThreaded) {
      if (layout.gil === 'interpreter-lock' || layout.gil === 'ceval-statics') gil.tstatePointer = symbol(images, '_PyThreadState_Current');
      else if (layout.gil === 'runtime') {
        const off = layout.runtime_state?.tstate_current;
        if (runtime !== undefined && off !== undefined) gil.tstatePointer = runtime + off;
      } else if (layout.interpreter_state.ceval_gil !== undefined) gil.gilPointer = interp + layout.interpreter_state.ceval_gil;
    }
    return {
      version, layout: layout, freeThreaded, debug, images, executable, runtime, interp, gil,
      codeType: symbol(images, 'PyCode_Type'), via: `${via}; interpreter from ${how}`,
    };
  };
  const attempt = (interp: number, how: string): InterpreterLocation | undefined => {
    if (!looksLikeInterpreter(mem, layout, maps, interp)) return undefined;
    const loc = make(interp, how);
    return validate(loc) ? loc : undefined;
  };

  // 1. From symbols.
  const fromSymbols: Array<[number, string]> = [];
  try {
    if (layout.runtime_state === undefined) {
      // ≤3.6: no _PyRuntime; the interpreters are listed from the interp_head static
      const head = symbol(images, 'interp_head');
      if (head !== undefined) fromSymbols.push([readU64(mem, head), 'interp_head']);
    } else if (runtime !== undefined && layout.runtime_state?.interpreters_head !== undefined) {
      // `interpreters.main` follows `head`: head is the newest interpreter, a sub-interpreter once
      // there are some (and one without threads yet fails the structural check)
      const head = runtime + layout.runtime_state.interpreters_head;
      fromSymbols.push([readU64(mem, head + 8), '_PyRuntime.interpreters.main'], [readU64(mem, head), '_PyRuntime.interpreters.head']);
    }
  } catch (e) {
    if (!isBadRead(e)) throw e; // unreadable: scan
  }
  for (const [addr, how] of fromSymbols) {
    if (!looksLikeInterpreter(mem, layout, maps, addr)) continue;
    const loc = make(addr, how);
    if (validate(loc)) return loc;
    // The symbol gives the right structure but a stack walk failed: the interpreter is busy
    // starting or changing. Scanning would only find look-alikes, so the caller retries.
    throw new InterpreterNotFound(pid, `Python ${version.string}: the interpreter at ${how} did not validate (a thread's stack could not be walked)`);
  }
  // 2. Scan .PyRuntime, .data and .bss for a pointer that validates as an interpreter.
  for (const range of sectionsOf(images, ['.PyRuntime', '.data', '.bss'])) {
    let buf: Buffer;
    try {
      buf = mem.read(range.address, Math.min(range.size, 32 << 20));
    } catch (e) {
      if (isBadRead(e)) continue;
      throw e;
    }
    for (let off = 0; off + 8 <= buf.length; off += 8) {
      const v = buf.readUInt32LE(off) + buf.readUInt32LE(off + 4) * 2 ** 32;
      if (v === 0 || v % 8 !== 0 || !maps.contains(v) || !threadsLookReal(mem, layout, maps, v)) continue;
      const loc = attempt(v, `a pointer in ${range.address.toString(16)}+${off}`);
      if (loc) return loc;
    }
  }
  throw new InterpreterNotFound(pid, `Python ${version.string}: no valid PyInterpreterState (${fromSymbols.length ? 'the symbol pointed to an invalid one' : 'no _PyRuntime/interp_head symbol'} and the .data/.bss scan found none)`);
}
