/** Shared helpers for memory-reader tests: interpreter choice, spawned-process bookkeeping. */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPythons, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { repoRoot } from '../../../tools/testing/repo.js';
import { threadState, listThreads } from '../src/index.js';

export { repoRoot };
export const here = dirname(fileURLToPath(import.meta.url));
export const fixture = (name: string): string => join(here, 'fixtures', name);

/** The interpreters memory-reader is tested with: a spread of versions, builds and the chroot ("container") case. */
export const wantedLabels = ['2.7', '3.11-debian', '3.12', '3.13t', '3.14-sid'];

export function chosenPythons(what: string): PythonInterpreter[] {
  const all = findPythons();
  reportMatrix(all, what);
  const chosen = wantedLabels.map((l) => all.find((p) => p.label === l)).filter((p): p is PythonInterpreter => !!p);
  const missing = wantedLabels.filter((l) => !chosen.some((p) => p.label === l));
  console.log(`[${what}] running with: ${chosen.map((p) => `${p.label}(${p.version}${p.root ? ', chroot' : ''})`).join(', ')}`);
  if (missing.length) console.log(`[${what}] SKIPPED (interpreter not on this machine): ${missing.join(', ')}`);
  return chosen;
}

/** Any one interpreter (the newest non-chroot one preferred) for tests that do not depend on the version. */
export function onePython(what: string): PythonInterpreter {
  const all = findPythons();
  const p = [...all].reverse().find((x) => !x.root && !x.freeThreaded && x.major === 3) ?? all[0];
  if (!p) throw new Error('no Python interpreter found on this machine: run tools/pythons/provision.sh');
  console.log(`[${what}] using ${p.label}(${p.version})`);
  return p;
}

const spawned = new Set<ChildProcess>();

/** A running fixture with its stdout collected. */
export interface Running {
  child: ChildProcess;
  pid: number;
  out(): string;
}

export async function startFixture(py: PythonInterpreter, script: string, args: string[] = []): Promise<Running> {
  const child = spawnPython(py, fixture(script), args);
  spawned.add(child);
  child.on('exit', () => spawned.delete(child));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  await waitForOutput(child, 'READY');
  return { child, pid: child.pid!, out: () => out };
}

export function track(child: ChildProcess): ChildProcess {
  spawned.add(child);
  child.on('exit', () => spawned.delete(child));
  return child;
}

/** Kills every process the tests started (call from afterAll/afterEach). */
export async function killAll(): Promise<void> {
  const waits: Promise<unknown>[] = [];
  for (const c of spawned) {
    if (c.exitCode === null && c.signalCode === null) {
      waits.push(new Promise((r) => c.once('exit', r)));
      c.kill('SIGKILL');
    }
  }
  spawned.clear();
  await Promise.all(waits);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Last "COUNT n" value printed by a counter fixture, or 0. */
export function lastCount(out: string): number {
  const m = /COUNT (\d+)\n(?![\s\S]*COUNT \d+\n)/.exec(out);
  return m ? Number(m[1]) : 0;
}

/** Resolves once the fixture has printed a COUNT above `n` (rejects after a generous 20 s). */
export async function countPasses(r: Running, n: number): Promise<number> {
  for (let i = 0; i < 2000; i++) {
    const c = lastCount(r.out());
    if (c > n) return c;
    await sleep(10);
  }
  throw new Error(`process ${r.pid} printed nothing after COUNT ${n}: it looks stopped`);
}

/** States of all threads of `pid` right now (threads that vanish while reading are left out). */
export function threadStates(pid: number): Map<number, string> {
  const states = new Map<number, string>();
  for (const tid of listThreads(pid)) {
    try {
      states.set(tid, threadState(pid, tid));
    } catch {
      /* exited meanwhile */
    }
  }
  return states;
}

/** Waits (bounded, generous) until no thread of `pid` is in a stopped state; returns the states. */
export async function waitNotStopped(pid: number): Promise<Map<number, string>> {
  let states = threadStates(pid);
  for (let i = 0; i < 300 && [...states.values()].some((s) => s === 'T' || s === 't'); i++) {
    await sleep(10);
    states = threadStates(pid);
  }
  return states;
}

let built = false;
/** Builds packages/memory-reader/dist (for helper scripts run by plain node). */
export function buildPackage(): void {
  if (built) return;
  execFileSync('npx', ['tsc', '-b', 'packages/memory-reader'], { cwd: repoRoot, stdio: 'inherit' });
  built = true;
}
