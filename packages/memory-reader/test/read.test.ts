import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PythonInterpreter } from '../../../tools/pythons/pythons.js';
import {
  BadAddress, IOV_MAX, LiveProcessMemory, MemoryReaderError, ProcessExited, ProcessNotFound,
  hostPathFor, mappedFilePath, openProcessMemory, processExe, readMaps, readMemory, type MemoryMap,
} from '../src/index.js';
import { chosenPythons, killAll, onePython, startFixture, type Running } from './helpers.js';

const pythons = chosenPythons('memory-reader read');

afterAll(killAll);

/** Offset of the character data inside a bytes (2.7: str) object. */
function bytesDataOffset(py: PythonInterpreter): number {
  if (py.major === 2) return 36; // PyObject_VAR_HEAD 24 + ob_shash 8 + ob_sstate 4
  return py.freeThreaded ? 48 : 32; // free-threaded PyObject is 32 bytes instead of 16
}

describe.each(pythons.map((p) => [p.label, p] as const))('reading Python %s', (_label, py) => {
  let r: Running;
  let maps: MemoryMap[];
  let markerAddr = 0;
  let marker = '';

  beforeAll(async () => {
    r = await startFixture(py, 'marker.py');
    const m = /MARK (\d+) (\S+)/.exec(r.out())!;
    markerAddr = Number(m[1]);
    marker = m[2]!;
    maps = readMaps(r.pid);
  });

  it('reads the ELF header of the first mapping, equal to the file on disk', () => {
    // The executable's first mapping (3.13t's mimalloc puts an anonymous arena before it).
    const exe = processExe(r.pid);
    const first = maps.find((m) => m.path === exe && m.offset === 0)!;
    expect(first).toBeDefined();
    const mem = openProcessMemory(r.pid);
    const got = mem.read(first.start, 64);
    mem.close();
    expect(got.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    const onDisk = readFileSync(mappedFilePath(r.pid, first)).subarray(0, 64);
    expect(got.equals(onDisk)).toBe(true);
    // The interpreter path as the process itself sees it opens through /proc/PID/root (the
    // chroot, "container", case: /usr/bin/python3.14 exists only inside the root).
    expect(readFileSync(hostPathFor(r.pid, py.executable)).subarray(0, 64).equals(got)).toBe(true);
    if (py.root) {
      expect(readlinkSync(`/proc/${r.pid}/root`)).toBe(py.root);
      expect(mappedFilePath(r.pid, first)).toBe(join(py.root, py.executable));
    }
  });

  it('reads a known bytes object from the heap', () => {
    const mem = openProcessMemory(r.pid);
    const obj = mem.read(markerAddr, 128);
    const at = obj.indexOf(marker, 0, 'latin1');
    expect(at).toBe(bytesDataOffset(py));
    const data = Buffer.alloc(marker.length);
    mem.readInto(markerAddr + at, data);
    expect(data.toString('latin1')).toBe(marker);
    expect(readMemory(r.pid, markerAddr + at, marker.length).toString('latin1')).toBe(marker);
    mem.close();
  });

  it('a batch of 1,000 ranges equals the single reads; /proc/PID/mem gives the same bytes', () => {
    const readable = maps.filter((m) => m.readable && m.path !== '[vvar]' && m.path !== '[vsyscall]' && m.path !== '[vvar_vclock]');
    const mem = openProcessMemory(r.pid);
    const viaFile = openProcessMemory(r.pid, { procMem: true }) as LiveProcessMemory;
    expect(viaFile.usingProcMem).toBe(true);
    const n = 1000;
    const batch = mem.createBatch(8); // grows by doubling
    const dest = Buffer.alloc(n * 64);
    const addrs: number[] = [];
    const lens: number[] = [];
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < n; i++) {
      const m = readable[Math.floor(rand() * readable.length)]!;
      const len = 1 + Math.floor(rand() * 64);
      const addr = m.start + Math.floor(rand() * (m.end - m.start - len));
      addrs.push(addr);
      lens.push(len);
      expect(batch.add(addr, len, dest, i * 64)).toBe(i);
    }
    expect(batch.count).toBe(n);
    expect(mem.readBatch(batch)).toBe(n);
    const fileDest = Buffer.alloc(n * 64);
    const fileBatch = viaFile.createBatch();
    for (let i = 0; i < n; i++) fileBatch.add(addrs[i]!, lens[i]!, fileDest, i * 64);
    expect(viaFile.readBatch(fileBatch)).toBe(n);
    for (let i = 0; i < n; i++) {
      expect(batch.succeeded(i)).toBe(true);
      const single = mem.read(addrs[i]!, lens[i]!);
      expect(dest.subarray(i * 64, i * 64 + lens[i]!).equals(single)).toBe(true);
      expect(viaFile.read(addrs[i]!, lens[i]!).equals(single)).toBe(true);
    }
    expect(fileDest.equals(dest)).toBe(true);
    mem.close();
    viaFile.close();
  });
});

describe('bad ranges and dead processes', () => {
  const py = onePython('memory-reader errors');
  let r: Running;
  let maps: MemoryMap[];
  /** A readable mapping followed by an unmapped gap. */
  let edge: MemoryMap;

  beforeAll(async () => {
    r = await startFixture(py, 'marker.py');
    maps = readMaps(r.pid);
    edge = maps.find((m, i) => m.readable && m.path !== '[vsyscall]' && maps[i + 1] && maps[i + 1]!.start > m.end)!;
    expect(edge).toBeDefined();
  });

  for (const procMem of [false, true]) {
    const how = procMem ? '/proc/PID/mem' : 'process_vm_readv';
    it(`a batch with bad ranges in the middle still reads the others (${how}, > IOV_MAX ranges)`, () => {
      const mem = openProcessMemory(r.pid, { procMem });
      const n = 2 * IOV_MAX + 500;
      const bad = new Set([0, 7, 8, IOV_MAX - 1, IOV_MAX, IOV_MAX + 1, 1500, n - 1]);
      const partial = 1200; // starts mapped, runs into the unmapped gap
      const batch = mem.createBatch();
      const dest = Buffer.alloc(n * 16);
      const good = maps[0]!.start;
      for (let i = 0; i < n; i++) {
        const addr = bad.has(i) ? 0x1000 + i : i === partial ? edge.end - 8 : good + (i % 256);
        batch.add(addr, 16, dest, i * 16);
      }
      const expected = mem.read(good, 256 + 16);
      expect(mem.readBatch(batch)).toBe(n - bad.size - 1);
      for (let i = 0; i < n; i++) {
        const ok = !bad.has(i) && i !== partial;
        expect(batch.succeeded(i), `range ${i}`).toBe(ok);
        if (ok) expect(dest.subarray(i * 16, i * 16 + 16).equals(expected.subarray(i % 256, (i % 256) + 16)), `range ${i}`).toBe(true);
      }
      // Reused after clear(), without bad ranges.
      batch.clear();
      expect(batch.count).toBe(0);
      batch.add(good, 16, dest, 0);
      batch.add(good + 1, 0, dest, 16); // empty range
      expect(mem.readBatch(batch)).toBe(2);
      expect(batch.succeeded(0) && batch.succeeded(1)).toBe(true);
      expect(batch.succeeded(2)).toBe(false);
      mem.close();
    });

    it(`bad addresses give BadAddress (${how})`, () => {
      const mem = openProcessMemory(r.pid, { procMem });
      for (const [addr, len] of [[0, 8], [0x1000, 1], [2 ** 47 + 0x1000, 16], [edge.end - 4, 8]] as const) {
        let err: unknown;
        try {
          mem.read(addr, len);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(BadAddress);
        expect((err as BadAddress).message).toContain(`0x${addr.toString(16)} (${len} bytes)`);
        expect((err as BadAddress).address).toBe(addr);
      }
      expect(() => mem.readInto(maps[0]!.start, Buffer.alloc(4), 2, 4)).toThrow(RangeError);
      mem.close();
    });
  }

  it('a dead pid gives ProcessNotFound; a process that exits after open gives ProcessExited', async () => {
    const victim = await startFixture(py, 'marker.py');
    const pid = victim.pid;
    const start = readMaps(pid)[0]!.start;
    const memVm = openProcessMemory(pid);
    const memFile = openProcessMemory(pid, { procMem: true });
    expect(memFile.read(start, 4).toString('latin1')).toBe('\x7fELF'); // opens the fd while alive
    await new Promise((res) => { victim.child.once('exit', res); victim.child.kill('SIGKILL'); });
    for (const mem of [memVm, memFile]) {
      expect(() => mem.read(start, 4)).toThrow(ProcessExited);
      const b = mem.createBatch();
      b.add(start, 4, Buffer.alloc(4));
      expect(() => mem.readBatch(b)).toThrow(ProcessExited);
      mem.close();
    }
    expect(() => openProcessMemory(pid)).toThrow(ProcessNotFound);
    expect(() => readMemory(pid, start, 4)).toThrow(ProcessNotFound);
    let err: unknown;
    try { readMemory(pid, start, 4); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(MemoryReaderError);
    expect((err as Error).name).toBe('ProcessNotFound');
    expect((err as Error).message).toMatch(/^Process \d+ not found/);
  });

  it('PYGLASS_NO_PROCESS_VM_READV=1 forces the /proc/PID/mem path', () => {
    const saved = process.env.PYGLASS_NO_PROCESS_VM_READV;
    process.env.PYGLASS_NO_PROCESS_VM_READV = '1';
    try {
      const mem = openProcessMemory(r.pid) as LiveProcessMemory;
      expect(mem.usingProcMem).toBe(true);
      expect(mem.read(maps[0]!.start, 4).toString('latin1')).toBe('\x7fELF');
      mem.close();
    } finally {
      if (saved === undefined) delete process.env.PYGLASS_NO_PROCESS_VM_READV;
      else process.env.PYGLASS_NO_PROCESS_VM_READV = saved;
    }
    expect((openProcessMemory(r.pid) as LiveProcessMemory).usingProcMem).toBe(false);
  });
});
