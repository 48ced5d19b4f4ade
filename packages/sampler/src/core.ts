/**
 * Python stacks out of an ELF core file (`pyglass dump --core`): the core is a ProcessMemory
 * (unwinder's CoreMemory), its NT_FILE note names the executable and libpython, and the interpreter
 * is located and read exactly as in a live process. Reads that miss the core (gcore leaves out
 * unmodified file-backed pages such as .rodata) fall back to the mapped files, opened at their
 * recorded paths or under `root`.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isSystemError, type MemoryMap } from '@pyglass/memory-reader';
import {
  coreExecutablePath, coreMaps, coreTruncation, ElfCore, isPythonLibrary, ObjectFileError, openProcessImage,
  type CoreMemory, type ProcessImage, type PythonImages,
} from '@pyglass/unwinder';
import { NotPythonProcess } from './errors.js';
import { cachedShortFilename } from './decode/filenames.js';
import { locateInterpreter, type InterpreterLocation } from './attach/locate.js';
import { createReaders, validationWalk, type TargetReaders } from './attach/readers.js';
import type { ObjectReader } from './objects/objects.js';
import type { StackReader } from './read/stack-reader.js';
import { StackTraces } from './decode/stack-traces.js';
import { GLIBC_PTHREAD_TID_OFFSET, OsThreadIds } from './read/os-thread-ids.js';
import { LineNo, type StackTrace } from './types.js';
import type { PythonVersion } from './attach/version.js';
import { brandErrors } from '@pyglass/model';

/** A core file that cannot be read as a Python process (one line: what, why, what to try). */
export class CoreFileError extends Error {
  override name = 'CoreFileError';
  /** `problem` follows the file name: "FILE is not an ELF core file", "FILE: the core is truncated …". */
  constructor(readonly file: string, problem: string) {
    super(`${file}${problem.startsWith('is ') ? ' ' : ': '}${problem}`);
  }
}
// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/sampler', { CoreFileError });

/** True when `path` starts like an ELF core (magic and e_type ET_CORE), whatever follows. */
function looksLikeCore(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const b = Buffer.alloc(18);
      if (readSync(fd, b, 0, 18, 0) < 18) return false;
      const little = b[5] !== 2;
      return b.readUInt32BE(0) === 0x7f454c46 && (little ? b.readUInt16LE(16) : b.readUInt16BE(16)) === 4;
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (!isSystemError(e)) throw e;
    return false;
  }
}

export interface CoreSpyOptions {
  /** Directory the paths recorded in the core are relative to (an extracted container image). */
  root?: string | undefined;
  /** Number of -l flags (locals repr budget 128 × this). */
  dumpLocals?: number | undefined;
  fullFilenames?: boolean | undefined;
  lineNo?: LineNo | undefined;
}

function joinRoot(root: string | undefined, path: string): string {
  if (!root) return path;
  return `${root.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
}

function checkComplete(core: ElfCore): void {
  const cut = coreTruncation(core);
  if (cut) {
    throw new CoreFileError(core.path, `the core file is truncated (${cut.size} bytes, its segments need ${cut.need}): it was cut short while being written; take the core again`);
  }
}

export class CoreSpy {
  readonly core: ElfCore;
  readonly pid: number;
  readonly version: PythonVersion;
  /** The executable as recorded in the core. */
  readonly executable: string;
  readonly location: InterpreterLocation;
  /** Signal that caused the dump (0 for gcore). */
  readonly signal: number;
  /** The command line recorded in the core (NT_PRPSINFO, 80 chars at most). */
  readonly psargs: string;
  private readonly mem: CoreMemory;
  private readonly reader: StackReader;
  private readonly objects: ObjectReader;
  private readonly options: CoreSpyOptions;
  private readonly osTids: OsThreadIds;
  /** Threads (by thread id) whose stack could not be read by the last getStackTraces(), with why. */
  readonly unreadable = new Map<number, string>();
  /** Threads whose frames end early because the core lacks the memory of an outer frame, with why. */
  readonly incomplete = new Map<number, string>();

  private constructor(core: ElfCore, mem: CoreMemory, location: InterpreterLocation, readers: TargetReaders, options: CoreSpyOptions) {
    this.core = core;
    this.mem = mem;
    this.location = location;
    this.reader = readers.stacks;
    this.objects = readers.objects;
    this.options = options;
    this.pid = core.pid;
    this.version = location.version;
    this.executable = location.executable;
    this.signal = core.threads[0]?.cursig ?? 0;
    this.psargs = core.processInfo?.psargs ?? '';
    const coreTids = new Set(core.threads.map((t) => t.tid));
    // ≤3.10: the tid read from glibc's struct pthread is trusted when the core has that thread
    this.osTids = new OsThreadIds(location.layout.thread_state.native_thread_id !== undefined, (tid) => coreTids.has(tid));
  }

  /**
   * Opens `path` as a core of a Python process. Throws CoreFileError (not a core, truncated, no
   * Python in it, binaries missing), UnsupportedPythonVersion or InterpreterNotFound.
   */
  static open(path: string, options: CoreSpyOptions = {}): CoreSpy {
    let core: ElfCore;
    try {
      core = ElfCore.open(path);
    } catch (e) {
      if (!(e instanceof ObjectFileError)) throw e;
      const code = e.code;
      if (code === 'ENOENT') throw new CoreFileError(path, 'cannot open the core file: no such file');
      if (code === 'EACCES' || code === 'EPERM') throw new CoreFileError(path, 'cannot open the core file: permission denied');
      if (code === 'EISDIR') throw new CoreFileError(path, 'is a directory, not an ELF core file');
      if (looksLikeCore(path)) {
        throw new CoreFileError(path, `the core file is truncated or damaged (${e.problem}): take the core again`);
      }
      throw new CoreFileError(path, 'is not an ELF core file');
    }
    try {
      return CoreSpy.fromCore(core, options);
    } catch (e) {
      core.source.close();
      throw e;
    }
  }

  /** A spy over an already opened core (the core is closed by `close()`). */
  static fromCore(core: ElfCore, options: CoreSpyOptions = {}): CoreSpy {
    checkComplete(core);
    const root = options.root;
    if (root !== undefined) {
      let dir = false;
      try {
        dir = statSync(root).isDirectory();
      } catch (e) {
        if (!isSystemError(e)) throw e; // missing: said below
      }
      if (!dir) throw new CoreFileError(core.path, `--root ${root} is not a directory`);
    }
    if (core.files.length === 0) throw new CoreFileError(core.path, 'the core has no NT_FILE note (no list of mapped files), so its Python binaries cannot be found');
    const maps = coreMaps(core);
    const pid = core.pid;
    const images = findCoreImages(core, maps, root);
    const mem = core.memory({ readMappedFiles: (p) => joinRoot(root, p) });
    try {
      let readers: TargetReaders | undefined;
      const location = locateInterpreter(pid, mem, (loc) => {
        const r = createReaders(mem, loc, {
          snapshot: true,
          shortFilename: cachedShortFilename(options.fullFilenames ?? false, options.root ?? '', ''),
          pthreadTidOffset: GLIBC_PTHREAD_TID_OFFSET,
        });
        // A core may lack some memory (gdb cannot read guard regions inside thread stacks): one
        // complete thread is enough to accept the interpreter; the others report their error.
        const threads = validationWalk(r.stacks);
        if (!threads?.some((t) => !t.error)) return false;
        readers = r;
        return true;
      }, images);
      return new CoreSpy(core, mem, location, readers!, options);
    } catch (e) {
      mem.close();
      if (e instanceof NotPythonProcess) throw new CoreFileError(core.path, `process ${pid} in the core is not running Python (no python executable or libpython among its mapped files)`);
      throw e;
    }
  }

  /**
   * Every thread's Python stack, innermost frame first (threads in the interpreter's order). A
   * thread whose stack cannot be read from the core has no frames and its error in `unreadable`.
   */
  getStackTraces(): StackTrace[] {
    const o = this.options;
    const raw = this.reader.read({ lineNo: o.lineNo ?? LineNo.LastInstruction, gilOnly: false, dumpLocals: o.dumpLocals ?? 0 });
    this.unreadable.clear();
    this.incomplete.clear();
    for (const t of raw) {
      if (t.error) this.unreadable.set(t.threadId, t.error.message);
      else if (t.stoppedAt) {
        // gdb's gcore writes a thread stack it cannot read as zeros
        this.incomplete.set(t.threadId, `the core holds only zeros for the frame at 0x${t.stoppedAt.toString(16)}, so the outer frames are missing (gcore could not read that memory)`);
      }
    }
    if (raw.length > 0 && this.unreadable.size === raw.length) {
      throw new CoreFileError(this.core.path, `no thread's Python stack could be read from the core (${raw[0]!.error!.message})`);
    }
    const traces = new StackTraces(this.pid, this.reader, this.objects, this.location.layout);
    traces.nameThreads(raw);
    // a core has no scheduler state: py-spy's core mode leaves every thread active
    return raw.map((t) => traces.of(t, this.osTids.of(t), true, t.frames));
  }

  close(): void {
    this.mem.close();
    this.core.source.close();
  }
}

/** The executable and libpython named in the core's NT_FILE note, opened under `root`. */
function findCoreImages(core: ElfCore, maps: MemoryMap[], root: string | undefined): PythonImages {
  const pid = core.pid;
  const result: PythonImages = { pid, maps };
  const open = (path: string): ProcessImage => {
    const host = joinRoot(root, path);
    try {
      statSync(host);
    } catch (e) {
      if (!isSystemError(e)) throw e;
      const hint = root === undefined ? 'run where the binaries the process used are installed, or give --root DIR (the directory they are under, e.g. an extracted container image)' : 'check --root';
      throw new CoreFileError(core.path, `cannot open ${host}, a binary the process had mapped (no such file): ${hint}`);
    }
    try {
      return openProcessImage(pid, path, maps, host);
    } catch (e) {
      throw new CoreFileError(core.path, `${host} does not match the core (${(e as Error).message.replace(/^.*?: /, '')}): the binaries under ${root ?? '/'} are not the ones the process ran`);
    }
  };
  const lib = maps.find((m) => isPythonLibrary(m.path));
  if (lib) result.libpython = open(lib.path);
  const exe = coreExecutablePath(core);
  if (exe) {
    try {
      result.executable = open(exe);
    } catch (e) {
      if (!result.libpython) throw e;
    }
  }
  if (!result.libpython && !result.executable) {
    throw new CoreFileError(core.path, 'could not tell which mapped file is the executable (no NT_AUXV note, no file named like the process)');
  }
  return result;
}
