/**
 * locateInterpreter on every interpreter of the matrix: from symbols, and by scanning .data/.bss
 * when the symbols are hidden (a stripped static build). The scan must find the same interpreter,
 * and must reject look-alikes: in a single-threaded 2.7 the thread state and the interpreter point
 * at each other at the same offset, so a pointer to the thread state passes the cheap check.
 */
import { type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openProcessMemory, readMaps } from '@pyglass/memory-reader';
import { findPythonImages, type ProcessImage, type PythonImages } from '@pyglass/unwinder';
import { afterAll, describe, expect, it } from 'vitest';
import { findPythons, reportMatrix, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { LineNo, locateInterpreter } from '../src/index.js';
import { looksLikeInterpreter, MapIndex, threadsLookReal } from '../src/attach/locate.js';
import { createReaders } from '../src/attach/readers.js';

const script = fileURLToPath(new URL('./scripts/single.py', import.meta.url));
const pythons = findPythons();
reportMatrix(pythons, 'locate');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** The images with the symbols (and section) that lead straight to the interpreter hidden. */
function withoutInterpreterSymbols(images: PythonImages): PythonImages {
  const hide = (img: ProcessImage | undefined): ProcessImage | undefined => img && new Proxy(img, {
    get(target, prop, receiver) {
      if (prop === 'symbolAddress') return (name: string) => (name === 'interp_head' || name === '_PyRuntime' ? undefined : target.symbolAddress(name));
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { ...images, executable: hide(images.executable), libpython: hide(images.libpython) };
}

const walks = (mem: ReturnType<typeof openProcessMemory>) => (loc: Parameters<Parameters<typeof locateInterpreter>[2]>[0]) => {
  const threads = createReaders(mem, loc).stacks.read({ lineNo: LineNo.NoLine, gilOnly: false, dumpLocals: 0 });
  return threads.length > 0 && threads.every((t) => !t.error);
};

describe.each(pythons.map((p) => [p.label, p] as const))('locateInterpreter on %s', (label, py) => {
  it('finds the interpreter from symbols, and the same one by scanning without them', async () => {
    const child = spawnPython(py, script);
    children.push(child);
    await waitForOutput(child, 'READY', 60_000);
    const pid = child.pid!;
    const mem = openProcessMemory(pid);
    try {
      const bySymbols = locateInterpreter(pid, mem, walks(mem));
      expect(bySymbols.via).toMatch(/interpreter from (interp_head|_PyRuntime)/);
      const images = findPythonImages(pid);
      const hasSection = [images.executable, images.libpython].some((i) => i?.sectionRange('.PyRuntime') !== undefined);
      if (hasSection) {
        // _PyRuntime sits in its own section, found without the symbol: the scan is not reached.
        const stillFound = locateInterpreter(pid, mem, walks(mem), withoutInterpreterSymbols(images));
        expect(stillFound.interp).toBe(bySymbols.interp);
        console.log(`[locate] ${label}: .PyRuntime section present, the scan is not needed`);
        return;
      }
      const byScan = locateInterpreter(pid, mem, walks(mem), withoutInterpreterSymbols(images));
      expect(byScan.via).toMatch(/interpreter from a pointer in/);
      expect(byScan.interp).toBe(bySymbols.interp);
      console.log(`[locate] ${label}: the scan found the interpreter (${byScan.via})`);

      // The look-alike: the current thread state's address (2.7/3.6: _PyThreadState_Current).
      const maps = new MapIndex(readMaps(pid));
      const L = bySymbols.layout;
      const tstate = Number(mem.read(bySymbols.interp + L.interpreter_state.threads_head, 8).readBigUInt64LE());
      expect(threadsLookReal(mem, L, maps, bySymbols.interp)).toBe(true);
      expect(threadsLookReal(mem, L, maps, tstate)).toBe(false);
      if (L.interpreter_state.threads_head === L.thread_state.interp) {
        expect(looksLikeInterpreter(mem, L, maps, tstate), 'the cheap check alone accepts the thread state').toBe(true);
      }
    } finally {
      mem.close();
      child.kill('SIGKILL');
    }
  }, 90_000);
});
