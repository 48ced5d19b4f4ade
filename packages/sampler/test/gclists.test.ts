/**
 * GcLists against real processes: the GC list heads are found by their shape in the interpreter
 * state, and a walk while the target is paused visits exactly the live instances of a class
 * (300 GcMarker objects), on every GIL interpreter from 3.9 (the GC state became per-interpreter in
 * 3.9; free-threaded builds keep no GC lists: both are reported as skipped). This is what
 * `--greenlets` uses to find the greenlets.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { lockProcess, openProcessMemory } from '@pyglass/memory-reader';
import { findPythons, reportMatrix, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { GcLists, PythonSpy } from '../src/index.js';
import { ObjectReader } from '../src/objects/objects.js';
import { PageCache } from '../src/memory/pagecache.js';

const scripts = fileURLToPath(new URL('./scripts/', import.meta.url));
const all = findPythons();
reportMatrix(all, 'gc lists');
const pythons = all.filter((p) => p.major === 3 && p.minor >= 9 && !p.freeThreaded);
const skipped = all.filter((p) => !pythons.includes(p));
if (skipped.length) console.log(`[gc lists] SKIPPED ${skipped.map((p) => p.label).join(', ')}: GC state not per interpreter before 3.9, no GC lists in free-threaded builds`);

const children: ChildProcess[] = [];
afterEach(() => { for (const c of children.splice(0)) c.kill('SIGKILL'); });

describe.each(pythons.map((p) => [p.label, p] as const))('%s', (_label, py) => {
  test('a paused walk visits every live GcMarker once', async () => {
    const child = spawnPython(py, join(scripts, 'gc_markers.py'), ['300']);
    children.push(child);
    await waitForOutput(child, 'READY', 120_000);
    const spy = await PythonSpy.retry(child.pid!, {});
    const L = spy.location.layout;
    const mem = openProcessMemory(child.pid!);
    try {
      const m = new PageCache(mem);
      const gc = GcLists.find(m, spy.location.interp, L.interpreter_state.size, (why) => new Error(why));
      expect(gc.heads.length).toBeGreaterThanOrEqual(3);
      const objs = new ObjectReader(new PageCache(mem), L);
      const markers = new Set<number>();
      let visited = 0;
      const lock = lockProcess(child.pid!);
      try {
        gc.walk(new PageCache(mem, 64, 1024), (obj) => {
          visited++;
          if (objs.typeName(objs.typeOf(obj)) === 'GcMarker') markers.add(obj);
          return true;
        });
      } finally {
        lock.unlock();
      }
      expect(markers.size).toBe(300);
      expect(visited).toBeGreaterThan(1000);
    } finally {
      mem.close();
      spy.close();
    }
  }, 60_000);
});
