/**
 * --native with a C++ extension: a shared library built here with g++ (-O0, frame pointers) is
 * loaded with ctypes and calls back into Python from a member function of a class template. The
 * merged stack must show the C++ frames demangled without parameters, as py-spy does
 * (`pyglass_test::Runner<long>::run`, not `_ZN12pyglass_test6RunnerIlE3runEPFiiEl`).
 * Interpreters in a chroot are skipped: the library is built on the host, outside their root.
 */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findPythons, reportMatrix, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { PythonSpy, type Frame } from '../src/index.js';

const scripts = fileURLToPath(new URL('./scripts/', import.meta.url));
const hasGxx = spawnSync('g++', ['--version'], { stdio: 'ignore' }).status === 0;
const all = findPythons();
const pythons = all;
reportMatrix(all, 'sampler native C++');

const SOURCE = `
namespace pyglass_test {
template <typename T> struct Runner {
  __attribute__((noinline)) int run(int (*cb)(int), T n) { volatile int r = cb(static_cast<int>(n)); return r + 1; }
};
__attribute__((noinline)) int call_twice(int (*cb)(int), int n) { Runner<long> r; int a = r.run(cb, n); return a + 1; }
}
extern "C" int cxx_entry(int (*cb)(int), int n) { int a = pyglass_test::call_twice(cb, n); return a + 1; }
`;

const tmp = mkdtempSync(join(tmpdir(), 'pyglass-cxx-'));
const libPath = join(tmp, 'libpyglass_cxx.so');
const children: ChildProcess[] = [];
const spies: PythonSpy[] = [];
beforeAll(() => {
  if (!hasGxx) return;
  writeFileSync(join(tmp, 'cxx.cpp'), SOURCE);
  execFileSync('g++', ['-O0', '-fno-omit-frame-pointer', '-fPIC', '-shared', '-o', libPath, join(tmp, 'cxx.cpp')], { stdio: 'pipe' });
  // chroot interpreters (a container's view) load it from the same path inside their root
  for (const root of new Set(all.map((p) => p.root).filter((r): r is string => r !== undefined))) {
    mkdirSync(join(root, tmp), { recursive: true });
    copyFileSync(libPath, join(root, libPath));
  }
});
afterAll(() => {
  for (const s of spies) s.close();
  for (const c of children) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
  for (const root of new Set(all.map((p) => p.root).filter((r): r is string => r !== undefined))) rmSync(join(root, tmp), { recursive: true, force: true });
});

const label = (f: Frame) => (f.module ? `${f.name} (${f.module})` : f.name);
const ran: string[] = [];
afterAll(() => console.log(`[sampler native C++] demangled C++ frames checked on: ${ran.join(', ') || 'none'}`));

describe.skipIf(!hasGxx)('C++ extension frames are demangled', () => {
  test.each(pythons.map((p) => [p.label, p] as const))('%s: py_callback < Runner<long>::run < call_twice < cxx_entry < enter_cxx', async (_name, py) => {
    const child = spawnPython(py, join(scripts, 'native_cxx.py'), [libPath]);
    children.push(child);
    await waitForOutput(child, 'READY', 120_000);
    const spy = await PythonSpy.retry(child.pid!, { native: true });
    spies.push(spy);
    const traces = spy.getStackTraces();
    const main = traces.find((t) => t.frames.some((f) => f.name === 'py_callback'));
    expect(main, JSON.stringify(traces.map((t) => t.frames.map(label)))).toBeDefined();
    const frames = main!.frames;
    const shown = frames.map(label).join(' < ');
    const at = (name: string, module?: string) => frames.findIndex((f) => f.name === name && f.module === module);
    // maps name a chroot'd process's files by their path from our root (the kernel's view)
    const lib = py.root ? join(py.root, libPath) : libPath;
    const iCallback = at('py_callback');
    const iRun = at('pyglass_test::Runner<long>::run', lib);
    const iCallTwice = at('pyglass_test::call_twice', lib);
    const iEntry = at('cxx_entry', lib);
    const iEnter = at('enter_cxx');
    expect(iCallback, shown).toBeGreaterThanOrEqual(0);
    expect(iRun, shown).toBeGreaterThan(iCallback);
    expect(iCallTwice, shown).toBe(iRun + 1);
    expect(iEntry, shown).toBe(iCallTwice + 1);
    expect(iEnter, shown).toBeGreaterThan(iEntry);
    expect(frames.filter((f) => /^_{1,2}Z/.test(f.name)).map(label), shown).toEqual([]);
    child.kill('SIGKILL');
    ran.push(py.label);
  }, 60_000);
});
