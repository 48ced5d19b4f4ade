/**
 * --native: Cython demangling (py-spy's cases) and, on every interpreter of the matrix, native
 * stacks merged with Python stacks in real processes: libc qsort called through ctypes with a
 * Python callback (py_cmp → … qsort … → sort_it → <module>), a CPU-bound loop sampled from
 * arbitrary pcs (Python frames never lost), and the nonblocking refusal.
 */
import { type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { mappedFilePath, readMaps } from '@pyglass/memory-reader';
import { ElfFile } from '@pyglass/unwinder';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findPythons, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { demangleCython, isCythonHelper, LockingStrategy, NativeStacksUnavailable, PythonSpy, type Frame } from '../src/index.js';

const scripts = fileURLToPath(new URL('./scripts/', import.meta.url));
const pythons = findPythons();
reportMatrix(pythons, 'sampler native');

describe('demangleCython (py-spy cases)', () => {
  test.each([
    ['__pyx_pf_8implicit_4_als_30_least_squares_cg', '_least_squares_cg'],
    ['__pyx_pw_8implicit_4_als_5least_squares_cg', 'least_squares_cg'],
    ['__pyx_fuse_1_0__pyx_pw_8implicit_4_als_31_least_squares_cg', '_least_squares_cg'],
    ['__pyx_f_6mtrand_cont0_array', 'mtrand_cont0_array'],
    ['__pyx_fuse_0__pyx_f_8implicit_4_als_axpy', '_als_axpy'],
    ['__pyx_fuse_1__pyx_f_8implicit_3bpr_has_non_zero', 'bpr_has_non_zero'],
  ])('%s → %s', (mangled, name) => {
    expect(demangleCython(mangled)).toBe(name);
  });

  test('other names are unchanged', () => {
    for (const n of ['qsort', '__pyx_module_is_main', '_PyEval_EvalFrameDefault', '__pyx_pw_', '', '_ZN3foo3barEv']) {
      expect(demangleCython(n)).toBe(n);
    }
  });

  test('Cython call helpers are recognised', () => {
    expect(isCythonHelper('__Pyx_PyObject_Call')).toBe(true);
    expect(isCythonHelper('__Pyx_PyFunction_FastCallDict')).toBe(true);
    expect(isCythonHelper('qsort')).toBe(false);
  });
});

const label = (f: Frame) => (f.module ? `${f.name} (${f.module})` : f.name);
const children: ChildProcess[] = [];
const spies: PythonSpy[] = [];
const qsortProcs = new Map<string, ChildProcess>();

async function start(py: PythonInterpreter, script: string): Promise<ChildProcess> {
  const child = spawnPython(py, join(scripts, script));
  children.push(child);
  await waitForOutput(child, 'READY', 120_000);
  return child;
}

beforeAll(async () => {
  // The qsort targets sleep; a few start at a time (the machine is shared).
  const queue = [...pythons];
  await Promise.all([0, 1, 2, 3].map(async () => {
    for (let py = queue.shift(); py; py = queue.shift()) qsortProcs.set(py.label, await start(py, 'native_qsort.py'));
  }));
}, 600_000);

afterAll(() => {
  for (const s of spies) s.close();
  for (const c of children) c.kill('SIGKILL');
});

async function spyOn(child: ChildProcess, native: boolean): Promise<PythonSpy> {
  const spy = await PythonSpy.retry(child.pid!, { native });
  spies.push(spy);
  return spy;
}

const ran: string[] = [];
const withLines: string[] = [];
afterAll(() => console.log(`[sampler native] qsort merge checked on: ${ran.join(', ')}; qsort's source line (libc debug file present) on: ${withLines.join(', ') || 'none'}`));

/** The build-id debug file of the libc process `pid` maps, when installed (in its root). */
function libcDebugFile(pid: number): string | undefined {
  const libc = readMaps(pid).find((m) => /\/libc\.so\.6$/.test(m.path));
  if (!libc) return undefined;
  const elf = ElfFile.open(mappedFilePath(pid, libc));
  const id = elf.buildId;
  elf.close();
  const file = id && `/proc/${pid}/root/usr/lib/debug/.build-id/${id.slice(0, 2)}/${id.slice(2)}.debug`;
  return file && existsSync(file) ? file : undefined;
}

describe.each(pythons.map((p) => [p.label, p] as const))('%s', (name, py) => {
  test('ctypes qsort callback: py_cmp → … qsort … → sort_it → <module>', async () => {
    const child = qsortProcs.get(name)!;
    const spy = await spyOn(child, true);
    const traces = spy.getStackTraces();
    const main = traces.find((t) => t.frames.some((f) => f.name === 'py_cmp'));
    expect(main, JSON.stringify(traces.map((t) => t.frames.map(label)))).toBeDefined();
    const frames = main!.frames;
    const shown = frames.map(label).join(' < ');
    const iCmp = frames.findIndex((f) => f.name === 'py_cmp' && !f.module);
    const iSort = frames.findIndex((f) => /qsort|msort_with_tmp/.test(f.name) && f.module !== undefined);
    const iSortIt = frames.findIndex((f) => f.name === 'sort_it' && !f.module);
    const iModule = frames.findIndex((f) => f.name === '<module>' && !f.module);
    expect(iCmp, shown).toBeGreaterThanOrEqual(0);
    expect(iSort, shown).toBeGreaterThan(iCmp);
    expect(iSortIt, shown).toBeGreaterThan(iSort);
    expect(iModule, shown).toBe(iSortIt + 1);
    // Native frames: module set; the source file and line from debug info where the module has
    // some, else line 0 and filename = the module's file name (py-spy); start-up frames dropped.
    for (const f of frames.filter((x) => x.module)) {
      if (f.line === 0) expect(f.filename).toBe(basename(f.module!));
      else expect(f.filename, label(f)).toMatch(/\.(c|h|S|s|cc|cpp)$/);
      expect(['_start', '__libc_start_main', '__libc_start_call_main', 'start_thread', '__clone3']).not.toContain(f.name);
    }
    // libc's qsort has a line when the debug file of the target's libc is installed (libc6-dbg on
    // the host: tools/pythons/provision.sh), as addr2line would give it.
    const sortFrame = frames[iSort]!;
    if (libcDebugFile(child.pid!)) {
      expect(sortFrame.line, label(sortFrame)).toBeGreaterThan(0);
      expect(sortFrame.filename, label(sortFrame)).toMatch(/(msort|qsort)\.c$/);
      withLines.push(name);
    }
    // The outermost frame is <module>: interpreter start-up (main, Py_RunMain, libc) is gone.
    expect(frames[frames.length - 1]!.name, shown).toBe('<module>');
    // The Python frames are exactly those a Python-only sample shows.
    const plain = await spyOn(child, false);
    const pyOnly = plain.getStackTraces().find((t) => t.threadId === main!.threadId)!.frames.map((f) => f.name);
    expect(frames.filter((f) => !f.module).map((f) => f.name)).toEqual(pyOnly);
    // Native frames from the ctypes/libffi call path are there (named or as 0x… addresses).
    expect(frames.slice(iCmp + 1, iSortIt).filter((f) => f.module).length, shown).toBeGreaterThanOrEqual(3);
    ran.push(name);
  }, 60_000);

  test('CPU-bound loop sampled at arbitrary pcs: Python frames never lost, native frames only innermost; nonblocking refused', async () => {
    // A CPU-bound target runs only during this test.
    const busy = await start(py, 'busy.py');
    const spy = await spyOn(busy, true);
    try {
      for (let i = 0; i < 25; i++) {
        const main = spy.getStackTraces().find((t) => t.frames.some((f) => f.name === 'busy'))!;
        expect(main, `sample ${i}`).toBeDefined();
        const names = main.frames.map(label);
        expect(main.frames.filter((f) => !f.module).map((f) => f.name), names.join(' < ')).toEqual(['busy', '<module>']);
        expect(names.slice(-2), names.join(' < ')).toEqual(['busy', '<module>']);
      }
      expect(() => PythonSpy.create(busy.pid!, { native: true, blocking: LockingStrategy.NonBlocking })).toThrow(NativeStacksUnavailable);
    } finally {
      busy.kill('SIGKILL');
    }
  }, 60_000);
});
