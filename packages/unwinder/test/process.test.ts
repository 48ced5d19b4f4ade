/**
 * findPythonImages on live processes (shared libpython, static Debian executable, chroot "container")
 * and ELF core files made with gdb's gcore, checked against /proc/PID/maps and /proc/PID/mem.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BadAddress, readMaps, readMemory, type MemoryMap } from '@pyglass/memory-reader';
import { ElfCore, ObjectFileError, findPythonImages, isPythonLibrary, openObjectFile, type ProcessImage } from '../src/index.js';
import { findPythons, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';

const script = join(import.meta.dirname, 'fixtures', 'sleeper.py');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

async function start(py: PythonInterpreter): Promise<number> {
  const child = spawnPython(py, script);
  children.push(child);
  await waitForOutput(child, 'READY');
  return child.pid!;
}

const all = findPythons();
reportMatrix(all, 'unwinder/process');
const wanted = ['2.7', '3.12', '3.11-debian', '3.14-sid', '3.13t'];
const chosen = wanted.map((l) => all.find((p) => p.label === l)).filter((p): p is PythonInterpreter => !!p);
const missing = wanted.filter((l) => !chosen.some((p) => p.label === l));
if (missing.length) console.log(`[unwinder/process] SKIPPED (interpreter not on this machine): ${missing.join(', ')}`);

/** True when `addr` is in a mapping of the image's file, or in the anonymous .bss mapping right after one. */
function inImage(maps: MemoryMap[], img: ProcessImage, addr: number): boolean {
  const m = mapOf(maps, addr);
  if (!m) return false;
  return m.path === img.path || (m.path === '' && maps.some((f) => f.path === img.path && f.end === m.start));
}

function mapOf(maps: MemoryMap[], addr: number): MemoryMap | undefined {
  return maps.find((m) => addr >= m.start && addr < m.end);
}

/** Code bytes of a function in memory equal the file's bytes at that symbol: proves the load bias. */
function checkCodeMatchesFile(pid: number, img: ProcessImage, name: string): void {
  const sym = img.file.symbol(name)!;
  expect(sym, name).toBeDefined();
  const off = img.file.addressToOffset(sym.value)!;
  const fileBytes = img.file.source.read(off, 32, 'test');
  const memBytes = readMemory(pid, img.symbolAddress(name)!, 32);
  expect(memBytes.equals(fileBytes), `${name} code in memory == file bytes`).toBe(true);
}

describe('isPythonLibrary', () => {
  it('accepts libpython names and rejects boost.python and the stable-ABI stub', () => {
    for (const p of ['libpython2.7.so.1.0', 'libpython3.4d.so', 'libpython3.8m.so', 'libpython2.7u.so', 'libpython3.13t.so.1.0', 'libpython3.14d.so',
      '/tmp/_MEIOqzg01/libpython2.7.so.1.0', '/usr/lib/x86_64-linux-gnu/libpython3.14.so.1.0', '/opt/py/lib/libpython3.12.dylib']) {
      expect(isPythonLibrary(p), p).toBe(true);
    }
    for (const p of ['libboost_python310.so', '/usr/lib/libboost_python39.so.1.74.0', 'libboost_python-py27.so', 'libpython3.so', '/usr/bin/python3.12', 'libpython.so', '/lib/libpython3.12.so.1.0.py']) {
      expect(isPythonLibrary(p), p).toBe(false);
    }
  });
});

describe('findPythonImages on live processes', () => {
  for (const py of chosen) {
    it(`${py.label} (${py.linkage}${py.root ? ', chroot' : ''})`, async () => {
      const pid = await start(py);
      const r = findPythonImages(pid);
      const maps = readMaps(pid);
      expect(r.pid).toBe(pid);
      expect(r.executable).toBeDefined();
      const exe = r.executable!;
      expect(exe.hostPath).toBe(`/proc/${pid}/exe`);
      expect(exe.path).toBe(execFileSync('readlink', [`/proc/${pid}/exe`], { encoding: 'utf8' }).trim());
      const main = py.linkage === 'libpython' ? r.libpython : exe;
      if (py.linkage === 'libpython') {
        expect(r.libpython, 'libpython found').toBeDefined();
        expect(isPythonLibrary(r.libpython!.path)).toBe(true);
        expect(r.libpython!.hostPath.startsWith(`/proc/${pid}/root/`) || r.libpython!.hostPath === r.libpython!.path).toBe(true);
      } else {
        expect(r.libpython).toBeUndefined();
      }
      const img = main!;
      // every mapping of the file lies in [start, end)
      for (const m of maps.filter((x) => x.path === img.path)) expect(m.start >= img.start && m.end <= img.end).toBe(true);
      // non-PIE executables have bias 0; Debian's python3.11 and sid's are non-PIE
      if (img.file.type === 2) expect(img.loadBias).toBe(0);
      else expect(img.loadBias % 4096).toBe(0);
      const runtime = img.symbolAddress(py.major >= 3 && py.minor >= 7 ? '_PyRuntime' : 'interp_head');
      expect(runtime).toBeDefined();
      expect(inImage(maps, img, runtime!), 'runtime symbol inside the image').toBe(true);
      checkCodeMatchesFile(pid, img, 'Py_GetVersion');
      const v = img.symbolAddress('Py_Version');
      if (v !== undefined) {
        const hex = readMemory(pid, v, 4).readUInt32LE(0);
        expect([hex >>> 24, (hex >>> 16) & 0xff, (hex >>> 8) & 0xff]).toEqual([py.major, py.minor, py.patch]);
      }
      const pyr = img.sectionRange('.PyRuntime');
      if (pyr) expect(runtime! >= pyr.address && runtime! < pyr.address + pyr.size).toBe(true);
      const bss = img.sectionRange('.bss')!;
      expect(inImage(maps, img, bss.address)).toBe(true);
      expect(img.sectionRange('.symtab')).toBeUndefined(); // not allocated
      console.log(`[unwinder/process] ${py.label}: ${img.path} bias 0x${img.loadBias.toString(16)} _PyRuntime/interp_head 0x${runtime!.toString(16)}`);
    });
  }
});

describe('ELF core files (gcore)', () => {
  const py = all.find((p) => p.label === '3.12') ?? all.find((p) => p.linkage === 'libpython' && !p.root);
  const haveGcore = existsSync('/usr/bin/gcore');
  it('parses threads, NT_FILE and PT_LOAD, and CoreMemory reads what /proc/PID/mem read', async (ctx) => {
    if (!py || !haveGcore) {
      console.log(`[unwinder/core] SKIPPED: ${!haveGcore ? 'gdb (gcore) not installed' : 'no libpython interpreter'}`);
      ctx.skip();
      return;
    }
    const pid = await start(py);
    const images = findPythonImages(pid);
    const lib = images.libpython!;
    const maps = readMaps(pid);
    const runtime = lib.symbolAddress('_PyRuntime')!;
    const before = {
      elfHeader: readMemory(pid, lib.start, 64),
      runtime: readMemory(pid, runtime, 256),
      version: readMemory(pid, lib.symbolAddress('Py_Version')!, 4),
    };
    const dir = mkdtempSync(join(tmpdir(), 'pyglass-core-'));
    try {
      execFileSync('gcore', ['-o', join(dir, 'core'), String(pid)], { stdio: 'ignore', timeout: 60_000 });
      const corePath = join(dir, readdirSync(dir)[0]!);
      const core = openObjectFile(corePath);
      expect(core).toBeInstanceOf(ElfCore);
      const c = core as ElfCore;
      expect(c.format).toBe('elf-core');
      expect(c.pid).toBe(pid);
      expect(c.processInfo!.fname).toBe(`python${py.major}.${py.minor}`);
      const cmdline = execFileSync('cat', [`/proc/${pid}/cmdline`], { encoding: 'latin1' }).split('\0').join(' ').trim();
      expect(cmdline.startsWith(c.processInfo!.psargs)).toBe(true); // psargs is the first 80 bytes
      expect(c.processInfo!.psargs.length).toBeGreaterThan(10);
      const tids = readdirSync(`/proc/${pid}/task`).map(Number).sort((a, b) => a - b);
      expect(c.threads.map((t) => t.tid).sort((a, b) => a - b)).toEqual(tids);
      for (const t of c.threads) {
        expect(t.pid).toBe(pid);
        expect(t.registers!.arch).toBe('x86_64');
        expect(mapOf(maps, t.registers!.pc), `thread ${t.tid} pc is mapped`).toBeDefined();
        expect(mapOf(maps, t.registers!.sp)?.writable, `thread ${t.tid} sp is in writable memory`).toBe(true);
      }
      // NT_FILE mirrors the file-backed lines of /proc/PID/maps
      const libFiles = c.files.filter((f) => f.path === lib.path);
      expect(libFiles.map((f) => [f.start, f.end, f.offset])).toEqual(maps.filter((m) => m.path === lib.path).map((m) => [m.start, m.end, m.offset]));
      expect(c.memorySegments.length).toBeGreaterThan(5);
      // memory
      const mem = c.memory();
      expect(mem.pid).toBe(pid);
      expect(mem.read(lib.start, 64).equals(before.elfHeader)).toBe(true);
      expect(mem.read(runtime, 256).equals(before.runtime)).toBe(true);
      // Py_Version is in .rodata, which gcore (like the kernel) leaves out: BadAddress, unless
      // the mapped files may be read
      expect(() => mem.read(lib.symbolAddress('Py_Version')!, 4)).toThrow(BadAddress);
      const withFiles = c.memory({ readMappedFiles: true });
      expect(withFiles.read(lib.symbolAddress('Py_Version')!, 4).equals(before.version)).toBe(true);
      expect(withFiles.read(lib.symbolAddress('Py_GetVersion')!, 32).equals(readMemory(pid, lib.symbolAddress('Py_GetVersion')!, 32))).toBe(true);
      expect(() => withFiles.read(8, 16)).toThrow(BadAddress);
      withFiles.close();
      // readBatch: two good ranges, one unmapped
      const batch = mem.createBatch(2);
      const a = Buffer.alloc(64);
      const b = Buffer.alloc(300);
      batch.add(lib.start, 64, a);
      batch.add(8, 16, b);
      batch.add(runtime, 256, b, 44);
      expect(mem.readBatch(batch)).toBe(2);
      expect([batch.succeeded(0), batch.succeeded(1), batch.succeeded(2)]).toEqual([true, false, true]);
      expect(a.equals(before.elfHeader)).toBe(true);
      expect(b.subarray(44).equals(before.runtime)).toBe(true);
      expect(() => mem.read(8, 16)).toThrow(BadAddress);
      console.log(`[unwinder/core] ${py.label}: ${c.threads.length} threads, ${c.files.length} NT_FILE entries, ${c.memorySegments.length} PT_LOAD segments`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads bytes past p_filesz as zeros, and refuses files that are not cores', () => {
    // A synthetic core: ELF64 header + one PT_LOAD of memsz 0x2000 with 0x10 file bytes.
    const buf = Buffer.alloc(64 + 56 + 16);
    buf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
    buf.writeUInt16LE(4, 16); // ET_CORE
    buf.writeUInt16LE(62, 18);
    buf.writeBigUInt64LE(64n, 32); // e_phoff
    buf.writeUInt16LE(64, 52);
    buf.writeUInt16LE(56, 54);
    buf.writeUInt16LE(1, 56);
    buf.writeUInt32LE(1, 64); // PT_LOAD
    buf.writeBigUInt64LE(120n, 64 + 8);
    buf.writeBigUInt64LE(0x1000n, 64 + 16);
    buf.writeBigUInt64LE(16n, 64 + 32);
    buf.writeBigUInt64LE(0x2000n, 64 + 40);
    buf.fill(0xab, 120);
    const mem = ElfCore.fromBuffer(buf, 'synthetic.core').memory();
    const got = mem.read(0x1008, 16);
    expect([...got]).toEqual([...Array(8).fill(0xab), ...Array(8).fill(0)]);
    expect(() => mem.read(0x2ff8, 16)).toThrow(BadAddress);
    expect(() => ElfCore.open('/bin/true')).toThrow(ObjectFileError);
    expect(() => ElfCore.open('/bin/true')).toThrow(/^\/bin\/true: is not an ELF core file/);
    expect(() => ElfCore.open(join(import.meta.dirname, 'fixtures', 'fixture64.dll'))).toThrow(/is not an ELF core file/);
  });
});
