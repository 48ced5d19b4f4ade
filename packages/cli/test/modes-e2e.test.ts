/**
 * `record --mode wall|cpu|gil` and `--gc`, end to end on real processes
 * (packages/sampler/test/scripts/thread_states_target.py): with `--mode cpu` a thread in time.sleep
 * has no samples while `--mode wall` counts it in every sample; `--mode gil` keeps the GIL holder of each
 * sample (GIL builds: the burners, never the sleeping threads); `--gc` puts a `<GC>` frame on top of the stacks of a thread calling
 * gc.collect(), about as often as it measured itself inside gc.collect(), and nowhere without it.
 * The sampler's own test (thread-states.test.ts) covers every interpreter; these run on the oldest,
 * one middle and the newest interpreter of the matrix.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPythons, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { binomialBounds } from '../../../tools/testing/bounds.js';
import { recordUntil } from '../../../tools/testing/capture-watch.js';
import { cliSuite } from './helpers.js';
import { kill } from './e2e-helpers.js';

const script = fileURLToPath(new URL('../../sampler/test/scripts/thread_states_target.py', import.meta.url));
const all = findPythons().filter((p) => !p.freeThreaded);
const picked = [...new Set([all[0], all[Math.floor(all.length / 2)], all[all.length - 1]])].filter((p): p is PythonInterpreter => p !== undefined);
console.log(`[modes] interpreters: ${picked.map((p) => p.label).join(', ')}`);
console.log(`[modes] SKIPPED: ${findPythons().filter((p) => !picked.includes(p)).map((p) => `${p.label} (${p.freeThreaded ? 'free-threaded: no GIL' : 'covered by the sampler\'s thread-states test'})`).join(', ')}`);

const suite = cliSuite('pyglass-modes-');

/** Raw (collapsed) output: thread label → samples, and the lines. */
function collapsed(file: string): { lines: Array<[string, number]>; byThread: Map<string, number> } {
  const lines: Array<[string, number]> = [];
  const byThread = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(.*) (\d+)$/.exec(line);
    if (!m) continue;
    const n = Number(m[2]);
    lines.push([m[1]!, n]);
    const thread = /thread \([^)]*\): ([^;]+)/.exec(m[1]!)?.[1] ?? '?';
    byThread.set(thread, (byThread.get(thread) ?? 0) + n);
  }
  return { lines, byThread };
}

/** Starts the target and its `scenario` (thread_states_target.py runs one when told on stdin); resolves once it runs. */
async function startScenario(py: PythonInterpreter, scenario: 'gil' | 'gc'): Promise<ChildProcess> {
  const child = spawnPython(py, script, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  suite.children.push(child);
  await waitForOutput(child, 'READY');
  child.stdin!.write(`RUN ${scenario}\n`);
  await waitForOutput(child, `RUNNING ${scenario}`);
  return child;
}

/**
 * Nonblocking: a pause interrupts a sleeping thread's system call and it runs a moment to restart it,
 * which the next sample could see as on a CPU (sampler README, "Thread states").
 */
async function record(pid: number, out: string, flags: string[]): Promise<void> {
  // until 50 sampling rounds are in (a duration can pass on a busy machine with few or none)
  const r = await recordUntil(['-p', String(pid), '-r', '100', '--nonblocking', '-t', '-o', out, ...flags], `${out}.pyglass`, '50 sampling rounds', (s) => s.length >= 50);
  expect(r.status, r.stderr).toBe(0);
}

describe.each(picked.map((p) => [p.label, p] as const))('%s', (label, py) => {
  it('--mode cpu leaves out a sleeping thread that --mode wall counts; --mode gil keeps the GIL holders', async () => {
    const child = await startScenario(py, 'gil');
    const files = { wall: join(suite.dir, `${label}-wall.txt`), cpu: join(suite.dir, `${label}-cpu.txt`), gil: join(suite.dir, `${label}-gil.txt`) };
    await Promise.all((['wall', 'cpu', 'gil'] as const).map((mode) => record(child.pid!, files[mode], ['--mode', mode])));
    kill(child);
    const wall = collapsed(files.wall).byThread;
    const cpu = collapsed(files.cpu).byThread;
    const gil = collapsed(files.gil).byThread;
    console.log(`[modes] ${label}: wall ${JSON.stringify([...wall])}, cpu ${JSON.stringify([...cpu])}, gil ${JSON.stringify([...gil])}`);
    // every sample has the sleeper (wall; a sample torn by a nonblocking read has no thread at
    // all); none has it on a CPU or holding the GIL
    const samples = wall.get('MainThread') ?? 0;
    expect(samples).toBeGreaterThan(0);
    expect(wall.get('Sleeper')).toBe(samples);
    expect(cpu.get('Sleeper') ?? 0).toBe(0);
    expect(gil.get('Sleeper') ?? 0).toBe(0);
    expect(cpu.get('Burner-1') ?? 0).toBeGreaterThan(0);
    // the GIL holders are the burners (one at a time: the sampler's thread-states test counts that)
    expect((gil.get('Burner-1') ?? 0) + (gil.get('Burner-2') ?? 0)).toBeGreaterThan(0);
    expect(gil.get('MainThread') ?? 0).toBe(0);
  }, 300_000);

  it('--gc puts <GC> on top of stacks sampled during gc.collect(), as often as the target measured; nothing without it', async () => {
    const child = await startScenario(py, 'gc');
    const shares: Array<[number, number]> = [];
    child.stdout!.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/^SHARE (\S+) (\S+)$/gm)) shares.push([Number(m[1]), Number(m[2])]);
    });
    const withGc = join(suite.dir, `${label}-gc.txt`);
    const without = join(suite.dir, `${label}-nogc.txt`);
    await record(child.pid!, without, []);
    const from = shares.length;
    await record(child.pid!, withGc, ['--gc']);
    const to = shares.length;
    kill(child);
    expect(collapsed(without).lines.some(([stack]) => stack.includes('<GC>'))).toBe(false);
    const { lines } = collapsed(withGc);
    let churner = 0;
    let inGc = 0;
    for (const [stack, n] of lines) {
      if (!stack.includes(': Churner;')) continue;
      churner += n;
      if (stack.endsWith(';<GC>')) inGc += n;
      // only ever the innermost frame
      expect(stack.split(';').slice(0, -1).includes('<GC>')).toBe(false);
    }
    const [a, b] = [shares[Math.max(0, from - 1)]!, shares[to - 1]!];
    const share = (b[0] - a[0]) / (b[1] - a[1]);
    console.log(`[modes] ${label}: <GC> on ${inGc} of the Churner's ${churner} samples; it measured ${(share * 100).toFixed(1)} % of its time in gc.collect()`);
    expect(inGc).toBeGreaterThan(binomialBounds(churner, share * 0.5).low);
    expect(inGc).toBeLessThanOrEqual(binomialBounds(churner, Math.min(1, share * 1.2)).high);
  }, 300_000);
});
