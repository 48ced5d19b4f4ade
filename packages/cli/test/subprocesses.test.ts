/**
 * `--subprocesses` end to end: a Python parent with two spinning Python children (child_a_work,
 * child_b_work) and a zombie child. `record -s` sees both children with their own process root
 * frames, `dump -s` prints every process once, `top -s` counts the processes.
 */
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findPythons, oneOfEachKind, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { recordUntil } from '../../../tools/testing/capture-watch.js';
import { buildCli } from './helpers.js';
import { kill, pyglassRun, pyglassUntilShown } from './e2e-helpers.js';

const script = join(import.meta.dirname, '..', '..', 'sampler', 'test', 'scripts', 'subprocs.py');
const pythons = findPythons();
reportMatrix(pythons, 'subprocesses');
// following children does not depend on the version (reading each one does: dump-e2e); the chroot
// ones are the container case
const picked: PythonInterpreter[] = oneOfEachKind(pythons, 'subprocesses');

const work = mkdtempSync(join(tmpdir(), 'pyglass-subprocs-'));
const spawned: ChildProcess[] = [];
const pids: number[] = [];
beforeAll(() => buildCli(), 300_000);
afterAll(() => {
  stopAll();
  rmSync(work, { recursive: true, force: true });
});

/** Each test stops its processes: spinning leftovers would starve the next test on 2 cores. */
function stopAll(): void {
  for (const c of spawned.splice(0)) kill(c);
  for (const p of pids.splice(0)) {
    try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  }
}
afterEach(stopAll);

async function start(py: PythonInterpreter): Promise<{ parent: number; a: number; b: number; zombie: number }> {
  // (killed by each test's stopAll: the run time only bounds a leftover)
  const child = spawnPython(py, script, ['600']);
  spawned.push(child);
  const out = await waitForOutput(child, 'READY', 60_000);
  const [, a, b, zombie] = /READY (\d+) (\d+) (\d+)/.exec(out)!.map(Number) as [number, number, number, number];
  pids.push(a, b);
  return { parent: child.pid!, a, b, zombie };
}

describe.each(picked.map((p) => [p.label, p] as const))('--subprocesses on %s', (label, py) => {
  it('record -s: both children, each under its own process root frame', async () => {
    const { parent, a, b, zombie } = await start(py);
    const out = join(work, `${label}.txt`);
    // until both children have been sampled (a duration can pass on a busy machine before that)
    const r = await recordUntil(['-s', '-r', '100', '-o', out, '-p', String(parent)], join(work, `${label}.pyglass`), 'samples of both children',
      (s) => [a, b].every((pid) => s.some((x) => x.traces.some((t) => t.pid === pid && t.active))));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Errors: 0/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const count = (re: RegExp) => lines.filter((l) => re.test(l)).reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    const root = `process ${parent}:"[^"]*subprocs\\.py 600"`;
    // each child spins (always runnable), so each tick that reads it has its stack: how many ticks
    // there are depends on the machine's load, not on the program, so only their presence is asserted
    const inA = count(new RegExp(`^${root};process ${a}:"[^"]*subprocs\\.py a 600";<module> \\(subprocs\\.py:\\d+\\);child_a_work `));
    const inB = count(new RegExp(`^${root};process ${b}:"[^"]*subprocs\\.py b 600";<module> \\(subprocs\\.py:\\d+\\);child_b_work `));
    expect(inA, r.stderr).toBeGreaterThan(0);
    expect(inB, r.stderr).toBeGreaterThan(0);
    // every stack starts at the parent's process frame; the functions never cross processes
    for (const l of lines) expect(l).toMatch(new RegExp(`^${root}`));
    expect(count(new RegExp(`process ${a}:.*child_b_work|process ${b}:.*child_a_work`))).toBe(0);
    expect(lines.some((l) => l.includes(`process ${zombie}:`))).toBe(false);
  }, 300_000);

  it('dump -s: the parent then each Python child, once, separated', async () => {
    const { parent, a, b, zombie } = await start(py);
    const r = await pyglassRun(['dump', '-s', '-p', String(parent)]);
    expect(r.status, r.stderr).toBe(0);
    const headers = [...r.stdout.matchAll(/^Process (\d+): /gm)].map((m) => Number(m[1]));
    expect(headers[0]).toBe(parent);
    expect([...headers].sort()).toEqual([parent, a, b].sort());
    expect(headers).not.toContain(zombie);
    expect(r.stdout.match(/^-{10,}$/gm)).toHaveLength(2);
    const section = (pid: number) => r.stdout.split(/^-{10,}$/m).find((s) => s.includes(`Process ${pid}: `))!;
    expect(section(a)).toMatch(/child_a_work \(subprocs\.py:\d+\)/);
    expect(section(b)).toMatch(/child_b_work \(subprocs\.py:\d+\)/);
    expect(section(parent)).toMatch(/parent_wait \(subprocs\.py:\d+\)/);

    const j = await pyglassRun(['dump', '-s', '-j', '-p', String(parent)]);
    expect(j.status, j.stderr).toBe(0);
    expect([...new Set((JSON.parse(j.stdout) as Array<{ pid: number }>).map((t) => t.pid))].sort()).toEqual([parent, a, b].sort());
  }, 90_000);
});

it('top -s: counts the processes in the header (one interpreter: the header logic is not version specific)', async () => {
  const py = picked[0];
  if (!py) return void console.log('[subprocesses] SKIPPED top -s: no interpreter');
  const { parent } = await start(py);
  // top runs until its plain output (non-tty: one block per refresh) shows what is checked, then Control-C
  const shown = [/and subprocesses/, /Threads: 3, Processes 3/, /child_a_work \(subprocs\.py\)/, /child_b_work \(subprocs\.py\)/];
  const r = await pyglassUntilShown(['top', '-s', '-p', String(parent)], shown);
  for (const re of shown) expect(r.stdout, r.stderr).toMatch(re);
}, 240_000);
