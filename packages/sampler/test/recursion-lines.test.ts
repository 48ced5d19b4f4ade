/**
 * A code object repeated in neighbouring frames (recursion) is looked up once per run of frames
 * (stack-reader.ts phase 4, FrameDecoder.resolve); each frame still gets its own line.
 * scripts/alternating_recursion.py recurses 40 deep from two lines of one function in turn: the
 * frames must alternate between those lines, innermost (n = 0, asleep) to outermost (n = 40).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { lineOf } from '../../../tools/testing/line-tags.js';
import { LockingStrategy, PythonSpy } from '../src/index.js';

const script = fileURLToPath(new URL('./scripts/alternating_recursion.py', import.meta.url));
const lines = { even: lineOf(script, 'EVEN'), odd: lineOf(script, 'ODD') };
// frame objects (2.7, 3.10), interpreter frames (3.11, 3.12), 3.15
const wanted = ['2.7', '3.10', '3.11', '3.12', '3.15-sid'];
const all = findPythons();
const pythons = wanted.map((l) => all.find((p) => p.label === l)).filter((p) => p !== undefined);
console.log(`[recursion lines] on: ${pythons.map((p) => p.label).join(', ') || 'none'}; not provisioned: ${wanted.filter((l) => !all.some((p) => p.label === l)).join(', ') || 'none'}`);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe.each(pythons.map((p) => [p.label, p] as const))('%s', (_label, py) => {
  test('each frame of a function recursing from two lines in turn has its own line', async () => {
    const child = spawnPython(py, script, []);
    children.push(child);
    await waitForOutput(child, 'READY', 60_000);
    const spy = await PythonSpy.retry(child.pid!, { blocking: LockingStrategy.Lock });
    try {
      // twice: the second read comes from the caches (code objects, the thread's last stack)
      for (let i = 0; i < 2; i++) {
        const main = spy.getStackTraces().find((t) => t.frames.some((f) => f.name === 'rec'))!;
        const recLines = main.frames.filter((f) => f.name === 'rec').map((f) => f.line);
        // innermost first: rec(0) sleeps, rec(1) called it from the ODD line, rec(2) from EVEN, …
        expect(recLines).toHaveLength(41);
        expect(recLines.slice(1)).toEqual(Array.from({ length: 40 }, (_, k) => ((k + 1) % 2 === 1 ? lines.odd : lines.even)));
      }
    } finally {
      spy.close();
      child.kill('SIGKILL');
    }
  }, 120_000);
});
