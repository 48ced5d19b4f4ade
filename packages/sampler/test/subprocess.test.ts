/**
 * Subprocess mode: a Python parent with two Python children (and a zombie child), sampled as a
 * group; children that exit are dropped without errors and the sampler ends with the last process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { LockingStrategy, Sampler, type StackTrace } from '../src/index.js';
import { processStatus as readProcStatus } from '@pyglass/memory-reader';

const scripts = fileURLToPath(new URL('./scripts/', import.meta.url));
const pythons = findPythons();
const children: ChildProcess[] = [];
const pids: number[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const p of pids) {
    try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  }
});

const wanted = ['3.12', '2.7', '3.14-sid'];
const picked = wanted.map((l) => pythons.find((p) => p.label === l)).filter((p) => p !== undefined);
const fallback = picked.length < 2 ? pythons.find((p) => p.label === '3.9') : undefined;
if (fallback) picked.push(fallback);
console.log(`[sampler] subprocess tests on: ${picked.map((p) => p.label).join(', ') || 'none'}; not provisioned: ${wanted.filter((l) => !pythons.some((p) => p.label === l)).join(', ') || 'none'}`);

test.each(picked.map((p) => [p.label, p] as const))('%s: parent and both Python children are sampled, labelled, dropped on exit', async (_l, py) => {
  const parent = spawnPython(py, join(scripts, 'subprocs.py'), ['60']);
  children.push(parent);
  const out = await waitForOutput(parent, 'READY', 120_000);
  const [, a, b, zombie] = /READY (\d+) (\d+) (\d+)/.exec(out)!.map(Number) as [number, number, number, number];
  pids.push(a, b);
  expect(readProcStatus(zombie)?.state).toBe('Z');

  const sampler = new Sampler(parent.pid!, { subprocesses: true, samplingRate: 100, blocking: LockingStrategy.NonBlocking });
  await sampler.attach();
  expect(sampler.version).toBeUndefined();
  const seen = new Map<number, StackTrace[]>();
  let ticks = 0;
  let errors = 0;
  let killedA = false;
  let afterKill = 0;
  let aDead = false;
  let aAfterDeath = 0;
  for await (const s of sampler) {
    ticks++;
    errors += s.samplingErrors?.length ?? 0;
    for (const t of s.traces) {
      const list = seen.get(t.pid) ?? [];
      list.push(t);
      seen.set(t.pid, list);
      if (aDead && t.pid === a) aAfterDeath++;
    }
    const both = (seen.get(a)?.length ?? 0) >= 50 && (seen.get(b)?.length ?? 0) >= 50;
    if (!killedA && both) {
      process.kill(a, 'SIGKILL');
      killedA = true;
    } else if (aDead && ++afterKill === 50) {
      // 50 ticks after a was seen dead (a SIGKILLed process may wait for a CPU before it dies, on a
      // loaded machine longer than 50 ticks): the children are gone, the sampler ends once the parent is too
      process.kill(b, 'SIGKILL');
      parent.kill('SIGKILL');
    }
    // SIGKILL lands asynchronously: count a's traces only in ticks after it was seen dead
    if (killedA && !aDead) {
      const st = readProcStatus(a)?.state;
      aDead = st === undefined || st === 'Z' || st === 'X';
    }
    if (ticks > 5000) break;
  }
  expect(ticks).toBeLessThan(5000); // it ended by itself
  expect(errors).toBe(0);
  expect([...seen.keys()].sort()).toEqual([parent.pid!, a, b].sort());
  expect(seen.has(zombie)).toBe(false);
  // a child that died is dropped, without errors
  expect(aDead).toBe(true);
  expect(aAfterDeath).toBe(0);

  const fnames = (pid: number) => new Set(seen.get(pid)!.flatMap((t) => t.frames.map((f) => f.name)));
  expect(fnames(a).has('child_a_work')).toBe(true);
  expect(fnames(a).has('child_b_work')).toBe(false);
  expect(fnames(b).has('child_b_work')).toBe(true);
  expect(fnames(parent.pid!).has('parent_wait')).toBe(true);

  const rootInfo = seen.get(parent.pid!)![0]!.processInfo!;
  expect(rootInfo.pid).toBe(parent.pid);
  expect(rootInfo.parent).toBeUndefined();
  expect(rootInfo.commandLine).toContain('subprocs.py');
  for (const child of [a, b]) {
    const info = seen.get(child)![0]!.processInfo!;
    expect(info.pid).toBe(child);
    expect(info.commandLine).toContain('subprocs.py');
    expect(info.commandLine).toMatch(child === a ? / a 60$/ : / b 60$/);
    expect(info.parent).toBe(rootInfo); // cached: one object per process
    expect(seen.get(child)!.every((t) => t.processInfo === info)).toBe(true);
  }
}, 90_000);

test('a non-Python root (a shell) is followed to its Python children, picked up when they start', async () => {
  const py = picked[0];
  if (!py || py.root) return void console.log('[sampler] SKIPPED shell-root test: no host interpreter');
  const sh = spawn('sh', ['-c', `sleep 0.3; "${py.executable}" "${join(scripts, 'subprocs.py')}" 60; true`], { stdio: 'ignore' });
  children.push(sh);
  const sampler = new Sampler(sh.pid!, { subprocesses: true, samplingRate: 100, blocking: LockingStrategy.NonBlocking });
  await sampler.attach();
  const found = new Set<string>();
  const procs = new Set<number>();
  let ticks = 0;
  for await (const s of sampler) {
    for (const t of s.traces) {
      procs.add(t.pid);
      for (const f of t.frames) found.add(f.name);
      // the chain of sampled ancestors skips the shell: child → python parent, which has none
      if (t.frames.some((f) => f.name === 'child_a_work')) {
        expect(t.processInfo?.parent?.commandLine).toMatch(/subprocs\.py 60$/);
        expect(t.processInfo?.parent?.parent).toBeUndefined();
      }
    }
    if ((found.has('child_a_work') && found.has('child_b_work')) || ++ticks > 3000) break;
  }
  sampler.stop();
  for (const p of procs) {
    try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  }
  expect(found.has('child_a_work')).toBe(true);
  expect(found.has('child_b_work')).toBe(true);
  expect(procs.has(sh.pid!)).toBe(false);
}, 60_000);
