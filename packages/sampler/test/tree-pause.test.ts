/**
 * Subprocess mode, blocking: the whole process tree is stopped at once, read, then resumed. The
 * target proves it: every process of tree_clock.py counts (local `n`) and copies everyone's
 * published count into its locals `s0`…`s3`, so in one instant's snapshot no process can hold a
 * copy of another's count that is ahead of that process's own. Processes read one after another
 * (each resumed before the next is stopped) break this within a few samples.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { defaultConfig, LockingStrategy, ProcessGroup, type StackTrace } from '../src/index.js';
import { lockProcesses } from '@pyglass/memory-reader';
import type { ChildProcess } from 'node:child_process';

const scripts = fileURLToPath(new URL('./scripts/', import.meta.url));
const pythons = findPythons();
const started: ChildProcess[] = [];
afterAll(() => {
  for (const c of started) c.kill('SIGKILL');
});

// memoryview.cast needs 3.3+; one interpreter with inline comprehensions and one without
const wanted = ['3.12', '3.9'];
const picked = wanted.map((l) => pythons.find((p) => p.label === l)).filter((p) => p !== undefined);
console.log(`[sampler] tree-pause tests on: ${picked.map((p) => p.label).join(', ') || 'none'}; not provisioned: ${wanted.filter((l) => !pythons.some((p) => p.label === l)).join(', ') || 'none'}`);

/** tick()'s counters in one process's trace: its slot `me`, its count `n` and its copies `s0`…`s3`. */
function counters(t: StackTrace): { me: number; n: number; copies: number[] } | undefined {
  const f = t.frames.find((x) => x.name === 'tick');
  if (!f?.locals) return undefined;
  const v = Object.fromEntries(f.locals.map((l) => [l.name, Number(l.repr)]));
  const c = { me: v['me']!, n: v['n']!, copies: [0, 1, 2, 3].map((i) => v[`s${i}`]!) };
  return [c.me, c.n, ...c.copies].every((x) => Number.isSafeInteger(x)) ? c : undefined;
}

/** The copy of process i's count held by process j, ahead of i's own count: a pair not seen at one instant. */
function aheadPairs(byProcess: Array<{ me: number; n: number; copies: number[] }>): string[] {
  const bad: string[] = [];
  for (const i of byProcess) {
    for (const j of byProcess) {
      if (i !== j && j.copies[i.me]! > i.n) bad.push(`process ${j.me} holds ${j.copies[i.me]} of process ${i.me}'s count, which is ${i.n}`);
    }
  }
  return bad;
}

test.each(picked.map((p) => [p.label, p] as const))('%s: the tree is stopped at once, every sample one instant', async (_l, py) => {
  const root = spawnPython(py, join(scripts, 'tree_clock.py'), ['120']);
  started.push(root);
  await waitForOutput(root, 'READY', 120_000);
  const group = await ProcessGroup.attach(root.pid!, defaultConfig({ subprocesses: true, blocking: LockingStrategy.Lock, dumpLocals: 1, includeIdle: true }));
  let samples = 0;
  let alone = 0;
  const pids = new Set<number>();
  const violations: string[] = [];
  try {
    for (let tick = 0; samples < 150 && tick < 3000; tick++) {
      const g = group.sample();
      expect(g.errors ?? []).toEqual([]);
      // a process read on its own (torn chain) is of a later moment: nothing to compare
      if (g.alone?.length) {
        alone++;
        continue;
      }
      const byProcess = g.traces.map(counters).filter((c) => c !== undefined);
      for (const t of g.traces) pids.add(t.pid);
      if (new Set(byProcess.map((p) => p.me)).size < 4) continue; // not all four in tick() yet
      samples++;
      violations.push(...aheadPairs(byProcess));
    }
  } finally {
    group.close();
  }
  console.log(`[sampler] tree-pause ${py.label}: ${samples} samples of 4 processes compared, ${alone} with a process read alone`);
  expect(samples).toBe(150);
  expect(violations).toEqual([]);
  // no process of the tree is left stopped by us: each one can be stopped again (a lock still held
  // would refuse its threads)
  expect(pids.size).toBe(4);
  const again = lockProcesses([...pids]);
  for (const lock of again.values()) {
    expect(lock).not.toBeInstanceOf(Error);
    if (!(lock instanceof Error)) lock.unlock();
  }
}, 180_000);
