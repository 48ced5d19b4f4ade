/**
 * Sampler (async iteration, stop, end on exit) and the attach errors, on a few interpreters.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { LockingStrategy, NotPythonProcess, PythonSpy, Sampler, type Sample } from '../src/index.js';

const scripts = fileURLToPath(new URL('./scripts/', import.meta.url));
const pythons = findPythons();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

// One libpython build, one static chroot build: enough for the iteration logic (the readers are covered by live.test.ts).
const picked = [pythons.find((p) => p.label === '3.12') ?? pythons[0], pythons.find((p) => p.label === '3.14-sid')].filter((p) => p !== undefined);
console.log(`[sampler] Sampler tests on: ${picked.map((p) => p.label).join(', ') || 'none (no interpreters)'}`);

test.each(picked.map((p) => [p.label, p] as const))('%s: Sampler yields samples at the rate, stop() ends it, and it ends when the process exits', async (_l, py) => {
  const child = spawnPython(py, join(scripts, 'known.py'));
  children.push(child);
  await waitForOutput(child, 'READY', 120_000);
  const sampler = await Sampler.create(child.pid!, { samplingRate: 200, blocking: LockingStrategy.NonBlocking });
  expect(sampler.version?.major).toBe(py.major);
  const samples: Sample[] = [];
  for await (const s of sampler) {
    samples.push(s);
    if (samples.length === 20) sampler.stop();
  }
  expect(samples).toHaveLength(20);
  for (const s of samples) {
    expect(s.samplingErrors).toBeUndefined();
    expect(s.traces).toHaveLength(14);
    expect(s.traces.some((t) => t.frames[0]?.name === 'level3')).toBe(true);
    expect(typeof s.time).toBe('number');
    if (s.late !== undefined) expect(s.late).toBeGreaterThanOrEqual(0);
  }

  // Ends by itself when the target exits.
  const second = new Sampler(child.pid!, { samplingRate: 100 });
  let n = 0;
  const done = (async () => {
    for await (const s of second) {
      n++;
      if (n === 3) child.kill('SIGKILL');
      void s;
    }
  })();
  await done;
  expect(n).toBeGreaterThanOrEqual(3);
});

test('attach errors: not a Python process, no such process', async () => {
  const sleeper = spawn('sleep', ['1000'], { stdio: 'ignore' });
  children.push(sleeper);
  await new Promise((r) => setTimeout(r, 100));
  expect(() => PythonSpy.create(sleeper.pid!)).toThrow(NotPythonProcess);
  expect(() => PythonSpy.create(sleeper.pid!)).toThrow(/PID \d+ does not look like a Python process \(no libpython or python binary mapped\)/);
  await expect(PythonSpy.retry(sleeper.pid!, {}, 3)).rejects.toThrow(NotPythonProcess);
  expect(() => PythonSpy.create(2 ** 22 + 12345)).toThrow(/not found/);
});
