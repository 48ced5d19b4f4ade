/**
 * Suspended asyncio tasks are never reported with a chain they left: the reader hands back a task's
 * last frames when the words of its chain are unchanged, and the logical stacks reuse their trace
 * objects when those frames are. scripts/async_move.py moves 50 suspended tasks from one await point
 * to another, where CPython's free lists most likely give the new coroutines and futures the old
 * addresses; every sample after the move must show every task at the new point. Blocking reads (the
 * target paused), every task read at every sample.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { lineOf } from '../../../tools/testing/line-tags.js';
import { LockingStrategy, PythonSpy, type Frame } from '../src/index.js';

const script = fileURLToPath(new URL('./scripts/async_move.py', import.meta.url));
const lines = { A: lineOf(script, 'A'), B: lineOf(script, 'B') };
const all = findPythons();
// one per frame model of a coroutine: frame objects (3.7, 3.10), interpreter frames (3.11, 3.12), 3.14's stack pointer
const wanted = ['3.7', '3.10', '3.11', '3.12', '3.14-sid'];
const pythons = wanted.map((l) => all.find((p) => p.label === l)).filter((p) => p !== undefined);
console.log(`[async stale] on: ${pythons.map((p) => p.label).join(', ') || 'none'}; not provisioned: ${wanted.filter((l) => !all.some((p) => p.label === l)).join(', ') || 'none'}`);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** The line of the `worker` frame of each stack that has one. */
const workerLines = (stacks: Frame[][]): number[] => stacks.flatMap((s) => s.filter((f) => f.name === 'worker').map((f) => f.line));

test.each(pythons.map((p) => [p.label, p] as const))('%s: every suspended task shows the await point it moved to', async (_l, py) => {
  const child = spawnPython(py, script, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  await waitForOutput(child, 'READY', 120_000);
  // dump --async's reader (every task, every sample) and record --async --idle's logical stacks
  const tasks = PythonSpy.create(child.pid!, { blocking: LockingStrategy.Lock, asyncio: true });
  const logical = PythonSpy.create(child.pid!, { blocking: LockingStrategy.Lock, asyncStacks: true, includeIdle: true });
  logical.asyncStacks!.refreshMs = 0;
  const read = () => {
    tasks.getStackTraces();
    const suspended = logical.getStackTraces().filter((t) => t.threadId === 0);
    return { tasks: workerLines(tasks.asyncioTasks()!.tasks.map((t) => t.coroutineStack)), logical: workerLines(suspended.map((t) => t.frames)) };
  };
  try {
    for (let i = 0; i < 5; i++) {
      const r = read();
      expect(r.tasks).toEqual(Array(50).fill(lines.A));
      expect(r.logical).toEqual(Array(50).fill(lines.A));
    }
    const moved = waitForOutput(child, 'MOVED', 120_000);
    child.stdin!.write('go\n');
    await moved;
    for (let i = 0; i < 3; i++) {
      const r = read();
      expect(r.tasks, `sample ${i} after the move (dump --async's reader)`).toEqual(Array(50).fill(lines.B));
      expect(r.logical, `sample ${i} after the move (logical stacks)`).toEqual(Array(50).fill(lines.B));
    }
  } finally {
    tasks.close();
    logical.close();
    child.kill('SIGKILL');
  }
}, 180_000);
