/**
 * `--greenlets` end to end: dump shows every greenlet's stack (suspended ones under their thread, the
 * running one named on its thread), JSON carries `greenlet`, and `record --greenlets --idle` counts
 * suspended greenlets as idle stacks. Runs where greenlet is installed by provision.sh: the machine
 * index's wheel in venvs of pyenv's and Debian's 3.11, and Debian's python3-greenlet / gevent /
 * eventlet in the sid root (its default Python, 3.14).
 */
import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cacheDir, findPythons, sidRoot, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { recordUntil } from '../../../tools/testing/capture-watch.js';
import { buildCli } from './helpers.js';
import { kill, lineTags, pyglassRun, pyglassUntilShown } from './e2e-helpers.js';

const scripts = join(import.meta.dirname, 'scripts');
const script = join(scripts, 'greenlets.py');
const tags = lineTags(script);
const pythons = findPythons();

/** The interpreters that can import greenlet (venvs stand in for their base interpreter). */
function greenletPythons(): PythonInterpreter[] {
  const out: PythonInterpreter[] = [];
  const venv = (label: string, base: string, dir: string) => {
    const py = pythons.find((p) => p.label === base);
    const exe = join(cacheDir, dir, 'bin', 'python');
    if (py && existsSync(exe)) out.push({ ...py, label, executable: exe });
    else console.log(`[greenlets] SKIPPED ${label}: ${py ? `${exe} missing (provision.sh greenlet)` : `no ${base}`}`);
  };
  venv('3.11+greenlet', '3.11', 'greenlet-venv-3.11');
  venv('3.11-debian+greenlet', '3.11-debian', 'greenlet-venv-debian-3.11');
  const sid = pythons.find((p) => p.label === '3.14-sid');
  if (sid && existsSync(join(sidRoot, '.pyglass-greenlets'))) out.push({ ...sid, label: '3.14-sid+greenlet', executable: '/usr/bin/python3' });
  else console.log('[greenlets] SKIPPED 3.14-sid+greenlet: python3-greenlet is not installed in the sid root (provision.sh greenlet)');
  console.log(`[greenlets] interpreters: ${out.map((p) => p.label).join(', ') || 'none'}; others skipped: no greenlet package for them on this machine (the index has 3.11 wheels only)`);
  return out;
}
const picked = greenletPythons();
const sidPython = picked.find((p) => p.label.startsWith('3.14-sid'));

const work = mkdtempSync(join(tmpdir(), 'pyglass-greenlets-'));
const spawned: ChildProcess[] = [];
beforeAll(() => buildCli(), 300_000);
afterEach(() => { for (const c of spawned.splice(0)) kill(c); });
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function start(py: PythonInterpreter, file: string, args: string[]): Promise<{ pid: number; ids: number[] }> {
  const child = spawnPython(py, file, args);
  spawned.push(child);
  const out = await waitForOutput(child, 'READY', 60_000);
  const ids = out.slice(out.indexOf('READY') + 5).trim().split(/\s+/).filter(Boolean).map(Number);
  return { pid: child.pid!, ids };
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** The dump's lines from `header` up to the next line that is not indented by more than `header`. */
function block(text: string, header: string): string[] {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(header));
  if (i < 0) return [];
  const indent = lines[i]!.search(/\S/);
  const out = [lines[i]!];
  for (const l of lines.slice(i + 1)) {
    if (l.search(/\S/) <= indent) break;
    out.push(l);
  }
  return out;
}

interface JsonTrace {
  thread_id: number;
  thread_name: string | null;
  active: boolean;
  frames: Array<{ name: string; line: number }>;
  greenlet?: { address: number; running: boolean; main: boolean; type: string };
}

describe.each(picked.map((p) => [p.label, p] as const))('--greenlets on %s', (label, py) => {
  it('dump: every suspended greenlet under its thread, the running one named on the thread', async () => {
    const { pid, ids } = await start(py, script, []);
    const [alpha, beta, gamma, main] = ids as [number, number, number, number];
    const r = await pyglassRun(['dump', '--greenlets', '-p', String(pid)]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const mainThread = block(r.stdout, '"MainThread"');
    expect(mainThread[0]).toMatch(new RegExp(`^Thread \\d+ \\(\\w+\\): "MainThread" running main greenlet ${hex(main)}$`));
    expect(mainThread[1]).toMatch(new RegExp(`^ {4}main_loop \\(greenlets\\.py:(${tags.idle}|${tags.busy})\\)$`));
    expect(block(r.stdout, `Suspended greenlet ${hex(alpha)} (greenlet.greenlet)`).slice(1)).toEqual([
      `      alpha_inner (greenlets.py:${tags.alpha})`,
      expect.stringMatching(/^ {6}alpha_outer \(greenlets\.py:\d+\)$/),
    ]);
    expect(block(r.stdout, `Suspended greenlet ${hex(beta)} (greenlet.greenlet)`).slice(1)).toEqual([`      beta_wait (greenlets.py:${tags.beta})`]);
    // alpha and beta belong to the main thread, gamma to "side"
    expect(mainThread.join('\n')).toContain(`Suspended greenlet ${hex(alpha)} `);
    expect(mainThread.join('\n')).toContain(`Suspended greenlet ${hex(beta)} `);
    const side = block(r.stdout, '"side"');
    expect(side[0]).toMatch(/^Thread \d+ \([\w+]+\): "side" running main greenlet 0x[0-9a-f]+$/);
    expect(side.join('\n')).toContain(`Suspended greenlet ${hex(gamma)} (greenlet.greenlet)\n      gamma_wait (greenlets.py:${tags.gamma})`);
    // without --greenlets: no greenlet in sight
    const plain = await pyglassRun(['dump', '-p', String(pid)]);
    expect(plain.stdout).not.toMatch(/Suspended|running (main )?greenlet|alpha_inner|gamma_wait/);
  }, 90_000);

  it('dump: a running user greenlet on the thread, the main greenlet suspended (JSON)', async () => {
    const { pid, ids } = await start(py, script, ['busy', 'nested']);
    const [alpha, , gamma, main, delta] = ids as [number, number, number, number, number];
    const r = await pyglassRun(['dump', '--greenlets', '-j', '-p', String(pid)]);
    expect(r.status, r.stderr).toBe(0);
    const traces = JSON.parse(r.stdout) as JsonTrace[];
    const byAddress = new Map(traces.filter((t) => t.greenlet).map((t) => [t.greenlet!.address, t]));
    const running = byAddress.get(delta)!;
    expect(running.greenlet).toEqual({ address: delta, running: true, main: false, type: 'greenlet.greenlet' });
    // the running greenlet's frames are its thread's, ending at its run frame
    expect(running.frames.map((f) => f.name)).toEqual(['main_loop']);
    const suspendedMain = byAddress.get(main)!;
    expect(suspendedMain.greenlet).toEqual({ address: main, running: false, main: true, type: 'greenlet.greenlet' });
    expect(suspendedMain.active).toBe(false);
    expect(suspendedMain.frames.map((f) => f.name)).toEqual(['run_delta', '<module>']);
    expect(suspendedMain.frames[0]!.line).toBe(tags.run_delta);
    expect(suspendedMain.thread_id).toBe(running.thread_id);
    expect(byAddress.get(alpha)!.frames.map((f) => f.name)).toEqual(['alpha_inner', 'alpha_outer']);
    expect(byAddress.get(gamma)!.thread_name).toBe('side');
    // every greenlet once: alpha, beta, delta (running), main; gamma and side's main greenlet
    expect(traces.filter((t) => t.greenlet).length).toBe(6);
  }, 90_000);

  it('record --greenlets --idle: suspended greenlets are idle stacks in every sample', async () => {
    const { pid } = await start(py, script, ['busy']);
    const out = join(work, `${label}.txt`);
    // until 20 rounds are in (a duration can pass on a busy machine before any)
    const r = await recordUntil(['--greenlets', '--idle', '-r', '50', '-o', out, '-p', String(pid)], join(work, `${label}.pyglass`), '20 sampling rounds', (s) => s.length >= 20);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Errors: 0/);
    const counts = new Map<string, number>();
    for (const l of readFileSync(out, 'utf8').trim().split('\n')) {
      const leaf = l.slice(0, l.lastIndexOf(' ')).split(';').at(-1)!.replace(/ \(.*/, '');
      counts.set(leaf, (counts.get(leaf) ?? 0) + Number(l.slice(l.lastIndexOf(' ') + 1)));
    }
    const samples = counts.get('main_loop') ?? 0;
    // how many ticks a loaded machine takes varies; every tick has every greenlet
    expect(samples).toBeGreaterThan(0);
    for (const leaf of ['alpha_inner', 'beta_wait', 'gamma_wait']) expect(counts.get(leaf), leaf).toBe(samples);
    // without --idle the suspended (idle) greenlets are left out, like idle threads
    const busyOut = join(work, `${label}-busy.txt`);
    const b = await pyglassRun(['record', '--greenlets', '-d', '1', '-r', '50', '-f', 'raw', '-o', busyOut, '-p', String(pid)], { timeout: 60_000 });
    expect(b.status, b.stderr).toBe(0);
    expect(readFileSync(busyOut, 'utf8')).not.toMatch(/alpha_inner|beta_wait|gamma_wait/);
  }, 300_000);
});

it.skipIf(!picked[0])('2,000 greenlets among 200,000 other objects: every one is found', async () => {
  const { pid } = await start(picked[0]!, join(scripts, 'many_greenlets.py'), ['2000', '200000']);
  const r = await pyglassRun(['dump', '--greenlets', '-j', '-p', String(pid)], { timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  const traces = JSON.parse(r.stdout) as JsonTrace[];
  const workers = traces.filter((t) => t.greenlet && !t.greenlet.running && t.frames[0]?.name === 'worker_fn');
  expect(new Set(workers.map((t) => t.greenlet!.address)).size).toBe(2000);
}, 90_000);

it.skipIf(!picked[0])('top --greenlets --idle: suspended greenlets counted as stacks of their threads, not as threads', async () => {
  const { pid } = await start(picked[0]!, script, ['busy']);
  // top runs until its plain output (non-tty: one block per refresh) shows what is checked, then Control-C
  const shown = [/Threads: 2\b/, /alpha_inner \(greenlets\.py\)/, /gamma_wait \(greenlets\.py\)/];
  const r = await pyglassUntilShown(['top', '--greenlets', '--idle', '-p', String(pid)], shown);
  for (const re of shown) expect(r.stdout, r.stderr).toMatch(re);
}, 240_000);

const freeThreaded = pythons.find((p) => p.freeThreaded);
it.skipIf(!freeThreaded)('a free-threaded build: one clear line, non-zero exit', async () => {
  const { pid } = await start(freeThreaded!, join(scripts, 'many_threads.py'), ['2']);
  const r = await pyglassRun(['dump', '--greenlets', '-p', String(pid)]);
  expect(r.status).not.toBe(0);
  expect(r.stderr.trim()).toMatch(/^Error: Cannot read the greenlets of process \d+: free-threaded builds are not supported/);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}, 60_000);

describe.skipIf(!sidPython)('--greenlets with gevent and eventlet (Debian packages, sid root)', () => {
  it('gevent: the hub runs, each spawned greenlet is suspended in its task', async () => {
    const { pid } = await start(sidPython!, join(scripts, 'gevent_app.py'), []);
    const t = lineTags(join(scripts, 'gevent_app.py'));
    const r = await pyglassRun(['dump', '--greenlets', '-p', String(pid)]);
    expect(r.status, r.stderr).toBe(0);
    // the hub runs its loop, or is suspended in it while spinner_task runs
    expect(r.stdout).toMatch(/greenlet 0x[0-9a-f]+ \((?:gevent\.hub\.)?Hub\)\n {4,6}run \(gevent\/hub\.py:\d+\)/);
    expect(r.stdout).toMatch(new RegExp(`\\(gevent\\._gevent_cgreenlet\\.Greenlet\\)\\n {6}sleep \\(gevent/hub\\.py:\\d+\\)\\n {6}sleeper_task \\(gevent_app\\.py:${t.sleeper}\\)`));
    expect(r.stdout).toMatch(new RegExp(`\\(gevent\\._gevent_cgreenlet\\.Greenlet\\)\\n {6}waiter_task \\(gevent_app\\.py:${t.waiter}\\)`));
    expect(r.stdout).toMatch(new RegExp(`Suspended main greenlet 0x[0-9a-f]+\\n(?: {6}.*\\n)* {6}<module> \\(gevent_app\\.py:${t.joinall}\\)`));
  }, 90_000);

  it('eventlet: each spawned green thread is suspended in its task', async () => {
    const file = join(scripts, 'eventlet_app.py');
    const { pid } = await start(sidPython!, file, []);
    const t = lineTags(file);
    const r = await pyglassRun(['dump', '--greenlets', '-p', String(pid)]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\n {6}sleeper_task \\(eventlet_app\\.py:${t.sleeper}\\)`));
    expect(r.stdout).toMatch(new RegExp(`\\n {6}waiter_task \\(eventlet_app\\.py:${t.waiter}\\)`));
    expect(r.stdout).toMatch(/ running greenlet 0x[0-9a-f]+ \([\w.]+\)\n {4}wait \(eventlet\/hubs\/\w+\.py:\d+\)\n {4}run \(eventlet\/hubs\/hub\.py:\d+\)/);
  }, 90_000);
});
