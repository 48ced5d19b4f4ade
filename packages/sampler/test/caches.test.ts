/**
 * The sampler's cross-sample caches against real processes (no mocks):
 * - stale entries: a function's __code__ is replaced every 25 ms and the old code object freed (its
 *   address and its strings' addresses get reused); every sampled frame's name, filename and line
 *   must be the ones of the generation the script ran, on every interpreter of the matrix;
 * - identical results: the code-object cache on vs off (PYGLASS_NO_CODE_CACHE=1, the slow path that
 *   reads and decodes every code object in every sample) on a process whose threads sleep at known
 *   depths: same traces, frame by frame, on every interpreter.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { findPythons, reportMatrix, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { LockingStrategy, PythonSpy, type StackTrace } from '../src/index.js';

const scripts = fileURLToPath(new URL('./scripts/', import.meta.url));
const pythons = findPythons();
reportMatrix(pythons, 'sampler caches');

const children: ChildProcess[] = [];
const spies: PythonSpy[] = [];
afterEach(() => {
  for (const s of spies.splice(0)) s.close();
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function spawn(py: (typeof pythons)[number], script: string, args: string[] = []): ChildProcess {
  const child = spawnPython(py, join(scripts, script), args);
  children.push(child);
  return child;
}

/** A spy with the code-object cache on or off (the switch is read when the reader is created). */
async function spyWithCache(pid: number, cache: boolean, blocking: LockingStrategy): Promise<PythonSpy> {
  const saved = process.env.PYGLASS_NO_CODE_CACHE;
  if (cache) delete process.env.PYGLASS_NO_CODE_CACHE;
  else process.env.PYGLASS_NO_CODE_CACHE = '1';
  try {
    const spy = await PythonSpy.retry(pid, { blocking });
    spies.push(spy);
    return spy;
  } finally {
    if (saved === undefined) delete process.env.PYGLASS_NO_CODE_CACHE;
    else process.env.PYGLASS_NO_CODE_CACHE = saved;
  }
}

function comparable(traces: StackTrace[]): unknown {
  return [...traces]
    .sort((a, b) => a.threadId - b.threadId)
    .map((t) => ({
      threadId: t.threadId,
      threadName: t.threadName,
      osThreadId: t.osThreadId,
      frames: t.frames.map((f) => ({ name: f.name, filename: f.filename, shortFilename: f.shortFilename, line: f.line, isEntry: f.isEntry, isShimEntry: f.isShimEntry })),
    }));
}

describe.each(pythons.map((p) => [p.label, p] as const))('%s', (label, py) => {
  test('a replaced and freed code object is never reported under its old name or line', async () => {
    const child = spawn(py, 'code_swap.py', ['40', '0.025']);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    await waitForOutput(child, 'READY', 120_000);
    const spy = await spyWithCache(child.pid!, true, LockingStrategy.Lock);
    const seen = new Set<number>();
    let checked = 0;
    const deadline = Date.now() + 15_000;
    while (!out.includes('DONE') && Date.now() < deadline) {
      for (const t of spy.getStackTraces()) {
        const leaf = t.frames[0];
        const m = leaf && /^gen_(\d+)$/.exec(leaf.name);
        if (!leaf || !m) continue;
        const i = Number(m[1]);
        // Name, filename and line come from three different objects: all must belong to generation i.
        // The loop is on line 2 + (i % 7); a sample can also land on the lines before it (the def
        // line's entry instruction, the `y = 0` lines) right after the call starts, which a loaded
        // machine makes likely: no line past the loop exists in generation i.
        expect({ name: leaf.name, filename: leaf.filename }).toEqual({ name: `gen_${i}`, filename: `<gen_${i}>` });
        expect(leaf.line, `line of gen_${i}`).toBeGreaterThanOrEqual(1);
        expect(leaf.line, `line of gen_${i}`).toBeLessThanOrEqual(2 + (i % 7));
        seen.add(i);
        checked++;
      }
      await new Promise((r) => setImmediate(r)); // let the script's output in
    }
    expect(out).toContain('DONE');
    const ids = [...out.matchAll(/^GEN (\d+) (\d+)$/gm)].map((x) => x[2]);
    const reused = ids.length - new Set(ids).size;
    console.log(`[sampler caches] ${label}: ${checked} frames checked over ${seen.size} of 40 generations; code object addresses reused ${reused} times; ${spy.stats().codeObjects} cached`);
    expect(seen.size).toBeGreaterThanOrEqual(10);
  }, 60_000);

  test('cached and uncached stacks are identical', async () => {
    const child = spawn(py, 'sleepers.py');
    await waitForOutput(child, 'READY', 120_000);
    const cached = await spyWithCache(child.pid!, true, LockingStrategy.Lock);
    const slow = await spyWithCache(child.pid!, false, LockingStrategy.Lock);
    cached.getStackTraces(); // fill the cache
    const a = cached.getStackTraces();
    const b = slow.getStackTraces();
    expect(a.length).toBe(4);
    expect(a.some((t) => t.frames.filter((f) => f.name === 'nap').length === 20)).toBe(true);
    expect(comparable(a)).toEqual(comparable(b));
    expect(cached.stats().codeObjects).toBeGreaterThan(0);
    expect(slow.stats().codeObjects).toBe(0);
  }, 60_000);
});
