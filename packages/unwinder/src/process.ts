/**
 * Finding a Python process's images: its executable and its libpython, opened through
 * /proc/PID/exe and /proc/PID/root so processes in containers and chroots work, with the load
 * bias that turns file addresses into runtime addresses.
 */
import { openProcess, toAddress, type MemoryMap } from '@pyglass/memory-reader';
import { ElfFile, SHN_UNDEF, STT_TLS } from './elf.js';
import { ObjectFileError } from './errors.js';
import { openElf } from './open.js';

export interface ProcessImage {
  /** Path as the target's /proc/PID/maps shows it, e.g. /usr/lib/x86_64-linux-gnu/libpython3.14.so.1.0. */
  path: string;
  /** Path we opened, e.g. /proc/123/root/usr/lib/… or /proc/123/exe. */
  hostPath: string;
  /** Parsed file (shared through the openObjectFile cache: do not close it). */
  file: ElfFile;
  /** Runtime address = file virtual address + loadBias. */
  loadBias: number;
  /** Lowest start / highest end of this file's mappings. */
  start: number;
  end: number;
  /** This file's mappings, in address order. */
  maps: MemoryMap[];
  /**
   * Runtime address of a symbol: .dynsym, then .symtab; only .dynsym with `exportedOnly` (cheaper
   * for names that are exported when they exist at all: the full table is not read).
   */
  symbolAddress(name: string, exportedOnly?: boolean): number | undefined;
  /** Runtime range of an allocated section (".PyRuntime", ".bss", ".eh_frame" …). */
  sectionRange(name: string): { address: number; size: number } | undefined;
}

export interface PythonImages {
  pid: number;
  executable?: ProcessImage | undefined;
  libpython?: ProcessImage | undefined;
  maps: MemoryMap[];
}

const PYTHON_LIB = /^libpython\d\.\d+[a-z]*\.(?:so(?:\.[\d.]+)?|dylib)$/;

/**
 * True for a libpython shared library path: libpython2.7.so.1.0, libpython3.8m.so,
 * libpython3.13t.so.1.0, libpython3.14d.so, libpython3.12.dylib … (not libboost_python310.so, and
 * not the stable-ABI stub libpython3.so).
 */
export function isPythonLibrary(path: string): boolean {
  const slash = path.lastIndexOf('/');
  return PYTHON_LIB.test(slash >= 0 ? path.slice(slash + 1) : path);
}

const SHF_ALLOC = 2n;

class Image implements ProcessImage {
  constructor(
    readonly path: string,
    readonly hostPath: string,
    readonly file: ElfFile,
    readonly loadBias: number,
    readonly start: number,
    readonly end: number,
    readonly maps: MemoryMap[],
  ) {}

  symbolAddress(name: string, exportedOnly = false): number | undefined {
    const s = exportedOnly ? this.file.symbolIn('dynsym', name) : this.file.symbol(name);
    if (!s || s.type === STT_TLS || s.sectionIndex === SHN_UNDEF) return undefined;
    return toAddress(s.value) + this.loadBias;
  }

  sectionRange(name: string): { address: number; size: number } | undefined {
    const s = this.file.section(name);
    if (!s || (s.flags & SHF_ALLOC) === 0n) return undefined;
    return { address: toAddress(s.address) + this.loadBias, size: toAddress(s.size) };
  }
}

/**
 * Opens the file mapped at `path` in process `pid` (a path from its maps) and computes its load
 * bias from the mapping with the lowest file offset. `hostPath` overrides where the file is read
 * from (findPythonImages passes /proc/PID/exe for the executable). Throws ObjectFileError when
 * the file is not mapped or not ELF.
 */
export function openProcessImage(pid: number, path: string, maps: MemoryMap[], hostPath?: string): ProcessImage {
  const own = maps.filter((m) => m.path === path).sort((a, b) => a.start - b.start);
  if (own.length === 0) throw new ObjectFileError(path, `is not mapped in process ${pid} (no line of /proc/${pid}/maps names it)`);
  let lowest = own[0]!;
  for (const m of own) if (m.offset < lowest.offset) lowest = m;
  const opened = hostPath ?? openProcess(pid).mappedFile(lowest);
  const file = openElf(opened);
  const bias = file.loadBias(lowest.start, lowest.offset);
  if (bias === undefined) throw new ObjectFileError(opened, `no PT_LOAD segment covers file offset 0x${lowest.offset.toString(16)} mapped at 0x${lowest.start.toString(16)} in process ${pid}: the file on disk is not the one the process mapped`);
  let start = Infinity;
  let end = 0;
  for (const m of own) {
    if (m.start < start) start = m.start;
    if (m.end > end) end = m.end;
  }
  return new Image(path, opened, file, bias, start, end, own);
}

/**
 * Finds the executable (via /proc/PID/exe) and the libpython (via /proc/PID/maps) of a running
 * process. Failure to parse the executable is tolerated when a libpython was found.
 */
export function findPythonImages(pid: number): PythonImages {
  const target = openProcess(pid);
  const maps = target.maps();
  const result: PythonImages = { pid, maps };
  let libError: unknown;
  const libMap = maps.find((m) => isPythonLibrary(m.path));
  if (libMap) {
    try {
      result.libpython = openProcessImage(pid, libMap.path, maps);
    } catch (e) {
      libError = e;
    }
  }
  let exePath = target.exe();
  if (exePath.endsWith(' (deleted)')) exePath = exePath.slice(0, -' (deleted)'.length);
  if (maps.some((m) => m.path === exePath)) {
    try {
      result.executable = openProcessImage(pid, exePath, maps, target.exeLink());
    } catch (e) {
      if (!result.libpython) throw e;
    }
  }
  if (libError && !result.executable) throw libError;
  return result;
}
