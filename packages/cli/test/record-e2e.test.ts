/**
 * `pyglass record` end to end: the built bin against real interpreters of the matrix, attached by
 * pid or launching the program (chroot interpreters are launched as `chroot ROOT python …`, the
 * container case). Covers the sample split of a CPU-bound program, launch mode and exit status,
 * --gil, --idle, every format opened by its consumer, labels, default names, signals, and the
 * target exiting mid-record.
 */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPythons, kindsOfBuild, pythonCommand, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { binomialBounds, outsideBinomialSeries, poissonBounds } from '../../../tools/testing/bounds.js';
import { listThreads, threadState } from '@pyglass/memory-reader';
import type { Sample, StackTrace } from '@pyglass/model';
import { activeSeries, activeTracesIn, capturedSamples, recordUntil } from '../../../tools/testing/capture-watch.js';
import { cliSuite } from './helpers.js';
import { pyglassRun, run } from './e2e-helpers.js';

const scripts = join(import.meta.dirname, 'scripts');
const heavyLight = join(scripts, 'heavy_light.py');
const phases = join(scripts, 'phases.py');
const gilScript = join(scripts, 'gil.py');
const idleScript = join(scripts, 'idle_busy.py');
const unreapedChild = join(scripts, 'unreaped_child.py');

const pythons = findPythons();
reportMatrix(pythons, 'record e2e');
const byLabel = (label: string) => pythons.find((p) => p.label === label);
/** The first interpreter present among `labels`. */
const firstOf = (...labels: string[]) => labels.map(byLabel).find((p) => p !== undefined);

// The heavy/light split runs on one interpreter of each kind of build (each case costs ~2.5 s of a core).
const splitLabels = kindsOfBuild;
const splitPythons = pythons.filter((p) => splitLabels.includes(p.label));
const missingSplit = splitLabels.filter((l) => !byLabel(l));
console.log(`[record e2e] heavy/light split on: ${splitPythons.map((p) => p.label).join(', ')}${missingSplit.length ? `; SKIPPED (not provisioned): ${missingSplit.join(', ')}` : ''}`);
// free-threaded builds: --gil keeps the attached threads (zlib.compress detaches, the spinner does not)
const gilPythons = ['2.7', '3.9', '3.12', '3.13t', '3.14-sid'].map(byLabel).filter((p): p is PythonInterpreter => p !== undefined);
console.log(`[record e2e] --gil on: ${gilPythons.map((p) => p.label).join(', ')}`);
/** An ordinary host interpreter for the cases that do not depend on the version. */
const host = firstOf('3.12', '3.11', '3.13', '3.10', '3.9');
const chrooted = firstOf('3.14-sid', '3.13-sid', '3.15-sid');

/** Collapsed stacks: [frames root→leaf, count]. */
function parseRaw(text: string): Array<[string[], number]> {
  return text.trimEnd().split('\n').filter((l) => l).map((l) => {
    const m = /^(.+) (\d+)$/.exec(l);
    if (!m) throw new Error(`not a raw line: ${l}`);
    return [m[1]!.split(';'), Number(m[2])];
  });
}
/** Samples whose stack has a frame named `fn`. */
const samplesIn = (raw: Array<[string[], number]>, fn: string) =>
  raw.filter(([frames]) => frames.some((f) => f.startsWith(`${fn} (`))).reduce((n, [, c]) => n + c, 0);
const totalSamples = (raw: Array<[string[], number]>) => raw.reduce((n, [, c]) => n + c, 0);

/** Runs `tasks` at most `n` at a time (2 cores: more would only queue). */
async function limited<T>(n: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  }));
  return results;
}

/** `def NAME` line of a script (what --function reports). */
function defLine(file: string, name: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith(`def ${name}(`)) + 1;
}

/** The scheduler state letter of `pid`'s main thread. */
function procState(pid: number): string {
  return threadState(pid, pid);
}

async function startTarget(py: PythonInterpreter, script: string, args: string[] = []): Promise<number> {
  const child = spawnPython(py, script, args);
  children.push(child);
  await waitForOutput(child, 'READY', 180_000);
  return child.pid!;
}

/** Kills the target started with `startTarget` as soon as it is no longer sampled (it burns a CPU or two until then). */
function endTarget(pid: number): void {
  children.find((c) => c.pid === pid && c.exitCode === null && c.signalCode === null)?.kill('SIGKILL');
}

const suite = cliSuite('pyglass-record-e2e-');
const children = suite.children;

describe('pyglass record: the sample split of a CPU-bound program (launch mode)', () => {
  // heavy_light.py alternates 0.75 ms of CPU time in heavy() and 0.25 ms in light(), measures the
  // split itself (SPLIT line) and the profile must agree within binomial bounds of what its samples are worth.
  // pyglass samples wall-clock time, so the share to match is the program's wall-clock split: on a
  // loaded machine the program waits for a CPU inside heavy() or light(), every sample taken while it
  // waits lands in that function, and the CPU split alone then misses by more than the bounds allow.
  it.skipIf(splitPythons.length === 0)(`heavy()'s share of the samples is the share of wall-clock time the program measured in it, on ${splitPythons.map((p) => p.label).join(', ')}`, async () => {
    const rate = 200;
    // two at a time: the split is the program's own, whatever the load. The program loops until it is
    // told to stop (SIGUSR1), once the record's capture holds 200 samples in heavy() or light(): a
    // fixed run time could pass before pyglass has attached on a busy machine.
    const results = await limited(2, splitPythons.map((py) => async () => {
      const out = join(suite.dir, `split-${py.label}.txt`);
      let target = 0;
      const t0 = performance.now();
      const r = await recordUntil(['-r', String(rate), '-o', out, '--', ...pythonCommand(py, heavyLight, ['0'])], join(suite.dir, `split-${py.label}.pyglass`),
        '200 samples in heavy() or light()', (samples) => {
          target ||= samples.find((s) => s.traces.length > 0)?.traces[0]?.pid ?? 0;
          return activeTracesIn(samples, 'heavy') + activeTracesIn(samples, 'light') >= 200;
        }, { stop: () => process.kill(target, 'SIGUSR1') });
      return { py, r, out, seconds: (performance.now() - t0) / 1000 };
    }));
    const failures: string[] = [];
    for (const { py, r, out, seconds } of results) {
      const split = /SPLIT (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)/.exec(r.stdout);
      if (r.status !== 0 || !split) {
        failures.push(`${py.label}: exit ${r.status}${split ? '' : ', no SPLIT line'}: ${r.stderr.trim()}`);
        continue;
      }
      const [inHeavy, inLight, , wallLoop, wallHeavy, wallLight] = split.slice(1, 7).map(Number) as [number, number, number, number, number, number];
      const raw = parseRaw(readFileSync(out, 'utf8'));
      const heavy = samplesIn(raw, 'heavy');
      const light = samplesIn(raw, 'light');
      const all = totalSamples(raw);
      const p = wallHeavy / (wallHeavy + wallLight);
      console.log(`[record e2e] ${py.label}: heavy ${heavy}, light ${light} (${(100 * heavy / (heavy + light)).toFixed(1)} %; the program measured ${(100 * p).toFixed(1)} % of its wall-clock time, ${(100 * inHeavy / (inHeavy + inLight)).toFixed(1)} % of its CPU time), all ${all} in ${seconds.toFixed(1)} s`);
      // in time order: on a loaded machine the program waits for a CPU for many sampling intervals, and
      // the samples of one wait are one observation, not many (the bounds widen by what the runs show)
      const has = (t: StackTrace, fn: string) => t.frames.some((f) => f.name === fn);
      const order = activeSeries(capturedSamples(join(suite.dir, `split-${py.label}.pyglass`)), (t) => (has(t, 'heavy') ? true : has(t, 'light') ? false : undefined));
      expect(order.length, `${py.label}: the capture holds the raw output's samples in heavy() and light()`).toBe(heavy + light);
      const off = outsideBinomialSeries(`${py.label}: heavy`, order, p);
      if (off) failures.push(off);
      // the loop's wall-clock time over the whole record's (pyglass's own start-up included, when nothing
      // is sampled) bounds the loop's share of the samples from below; the program's start-up is the rest
      const inLoop = Math.min(1, wallLoop / seconds);
      const least = binomialBounds(all, inLoop).low;
      if (heavy + light < least) failures.push(`${py.label}: heavy+light ${heavy + light} of ${all} samples, at least ${least} expected for the loop's ${wallLoop.toFixed(2)} s of the record's ${seconds.toFixed(2)} s`);
      // a sampler at 200/s takes a Poisson number of samples in the time pyglass ran: never far more
      const most = poissonBounds(rate * seconds).high;
      if (all > most) failures.push(`${py.label}: ${all} samples in ${seconds.toFixed(1)} s at ${rate}/s (at most ${most} expected)`);
      if (heavy + light === 0) failures.push(`${py.label}: no sample in heavy or light`);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

describe('pyglass record -- PROGRAM: whole program, exit status', () => {
  const cases = [host, chrooted].filter((p): p is PythonInterpreter => p !== undefined);

  it.each(cases.map((p) => [p.label, p] as const))('on %s: records the 1.5 s program to its end and returns its exit status (3)', async (_label, py) => {
    const out = join(suite.dir, `phases-${py.label}.txt`);
    const t0 = performance.now();
    const r = await pyglassRun(['record', '-f', 'raw', '-o', out, '--', ...pythonCommand(py, phases, ['3'])], { timeout: 180_000 });
    const seconds = (performance.now() - t0) / 1000;
    // (a lost status — "exit status was lost" — means something reaped our child: a real bug)
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toContain('Stopped sampling because process exited');
    const raw = parseRaw(readFileSync(out, 'utf8'));
    const first = samplesIn(raw, 'first_half');
    const second = samplesIn(raw, 'second_half');
    // every sample is in the file; at 100/s, a Poisson number of them in the time pyglass ran (a
    // loaded machine takes fewer, so no lower bound in time)
    const all = totalSamples(raw);
    expect(r.stderr).toContain(`Samples: ${all} `);
    expect(first + second, readFileSync(out, 'utf8')).toBeLessThanOrEqual(poissonBounds(100 * seconds).high);
    // the end of the program is there (first_half can be over before a slow machine has attached;
    // the halves are CPU time, so a busy machine slows the program as much as pyglass)
    expect(second, readFileSync(out, 'utf8')).toBeGreaterThan(0);
  }, 240_000);

  it.skipIf(!host)('a program that fails (uncaught exception): its status 1, its traceback, the file written', async () => {
    const out = join(suite.dir, 'phases-raise.txt');
    const r = await pyglassRun(['record', '-f', 'raw', '-o', out, '--', ...pythonCommand(host!, phases, ['raise'])]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('RuntimeError: the program failed');
    expect(samplesIn(parseRaw(readFileSync(out, 'utf8')), 'second_half')).toBeGreaterThan(0);
  });

  it('a program that cannot be run: one line, non-zero', async () => {
    const r = await pyglassRun(['record', '-o', join(suite.dir, 'none.svg'), '--', join(suite.dir, 'no-such-program')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('pyglass> '))).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot run .*no-such-program.*no such file/);
  });

  it.skipIf(!host)('launch mode names the default file after the script (not the interpreter, as py-spy does)', async () => {
    const cwd = mkdtempSync(join(suite.dir, 'cwd-'));
    const r = await pyglassRun(['record', '--', ...pythonCommand(host!, phases, ['0'])], { cwd, timeout: 180_000 });
    // (the exit status is the subject of the tests above)
    expect(r.stderr).toContain('Wrote flamegraph data to');
    const made = readdirSync(cwd);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(new RegExp(`^${basename(phases, '.py')}-\\d{4}-\\d\\d-\\d\\dT[\\d:]+(Z|[+-][\\d:]+)\\.svg$`));
  }, 240_000);
});

describe('pyglass record filters', () => {
  it.skipIf(gilPythons.length === 0)('--gil keeps the thread holding the GIL (the spinner), not the one in zlib.compress', async () => {
    // No share of time is asserted: the facts follow from the program. With the GIL, one thread
    // at most holds it in a round; the compressor holds it only between two compressions, the
    // spinner the rest of the time; without --gil the compressor (busy in zlib) is sampled.
    // At 200 Hz: the target's two threads burn two CPUs until both records have what they need.
    const results = await limited(2, gilPythons.map((py) => async () => {
      const pid = await startTarget(py, gilScript);
      const gilOut = join(suite.dir, `gil-${py.label}.txt`);
      const allOut = join(suite.dir, `nogil-${py.label}.txt`);
      const gilCap = join(suite.dir, `gil-${py.label}.pyglass`);
      try {
        // one at a time on a pid: two tracers cannot pause the same process at once
        const g = await recordUntil(['-g', '-r', '200', '-o', gilOut, '-p', String(pid)], gilCap, '100 sampling rounds', (s) => s.length >= 100);
        const a = await recordUntil(['-r', '200', '-o', allOut, '-p', String(pid)], join(suite.dir, `nogil-${py.label}.pyglass`), '20 samples in compressor()', (s) => activeTracesIn(s, 'compressor') >= 20);
        return { py, g, a, gilOut, allOut, rounds: capturedSamples(gilCap).length };
      } finally {
        // its records are done: the target (two busy threads) goes now, not with the test's last one
        endTarget(pid);
      }
    }));
    const failures: string[] = [];
    for (const { py, g, a, gilOut, allOut, rounds } of results) {
      if (g.status !== 0 || a.status !== 0) {
        failures.push(`${py.label}: exit ${g.status}/${a.status}: ${g.stderr.trim()} ${a.stderr.trim()}`);
        continue;
      }
      const gil = parseRaw(readFileSync(gilOut, 'utf8'));
      const spinner = samplesIn(gil, 'spinner');
      const compressor = samplesIn(gil, 'compressor');
      const kept = totalSamples(gil);
      console.log(`[record e2e] --gil ${py.label}: ${kept} samples kept in ${rounds} rounds: spinner ${spinner}, compressor ${compressor}; without --gil the compressor has ${samplesIn(parseRaw(readFileSync(allOut, 'utf8')), 'compressor')}`);
      if (!py.freeThreaded && kept > rounds) failures.push(`${py.label}: ${kept} samples kept with --gil in ${rounds} rounds: more than one GIL holder per round`);
      if (!(spinner > compressor)) failures.push(`${py.label}: with --gil the spinner has ${spinner} samples, the compressor ${compressor}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it.skipIf(!host)('without --idle a sleeping thread is absent; with --idle it is there', async () => {
    const pid = await startTarget(host!, idleScript);
    const without = join(suite.dir, 'noidle.txt');
    const withIdle = join(suite.dir, 'idle.txt');
    // --nonblocking for the "absent" half: each pause interrupts the sleeper's wait, and on a
    // loaded machine it is still runnable (state R) at the next sample, so it counts as active —
    // py-spy shows the same artefact; without pauses the filter alone decides. Each record runs
    // until it has 20 samples of the busy thread.
    const a = await recordUntil(['--nonblocking', '-o', without, '-p', String(pid)], join(suite.dir, 'noidle.pyglass'), '20 samples in busy()', (s) => activeTracesIn(s, 'busy') >= 20);
    const b = await recordUntil(['-i', '-o', withIdle, '-p', String(pid)], join(suite.dir, 'idle.pyglass'), '20 samples in busy()', (s) => activeTracesIn(s, 'busy') >= 20);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const rawA = parseRaw(readFileSync(without, 'utf8'));
    const rawB = parseRaw(readFileSync(withIdle, 'utf8'));
    // the sleeper never wakes (select() without a timeout): never active
    expect(samplesIn(rawA, 'sleepy')).toBe(0);
    expect(samplesIn(rawA, 'busy')).toBeGreaterThan(0);
    // with --idle: every sample has the sleeper as it has the busy thread (but for a stack that
    // could not be read), and the sleeping main thread too
    const errors = Number(/Errors: (\d+)/.exec(b.stderr)?.[1]);
    expect(Math.abs(samplesIn(rawB, 'sleepy') - samplesIn(rawB, 'busy')), b.stderr).toBeLessThanOrEqual(errors);
    expect(samplesIn(rawB, 'busy')).toBeGreaterThan(0);
    expect(rawB.some(([frames]) => frames.length === 1 && frames[0]!.startsWith('<module> (idle_busy.py:'))).toBe(true);
  }, 300_000);
});

describe.skipIf(!host)('pyglass record output (attached to one CPU-bound program)', () => {
  let pid: number;
  beforeAll(async () => {
    pid = await startTarget(host!, heavyLight, ['0']);
  });
  // (started before the first test, so the suite's afterEach leaves it: it would burn a CPU to the file's end)
  afterAll(() => endTarget(pid));

  // These runs share one target, so they use --nonblocking: they then run side by side (only one
  // tracer at a time can pause a process). Each runs until its capture holds 20 samples in heavy()
  // (a duration can pass on a busy machine before anything is sampled).
  let runs = 0;
  const record = (args: string[]) =>
    recordUntil(['--nonblocking', ...args, '-p', String(pid)], join(suite.dir, `until-${++runs}.pyglass`), '20 samples in heavy()', (s) => activeTracesIn(s, 'heavy') >= 20);

  // every format opened by its consumer, on every interpreter: record-formats.test.ts

  const go = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!go)(`pprof: go tool pprof lists heavy${go ? '' : ' (skipped: go is not installed; tools/pythons/provision.sh installs it)'}`, async () => {
    const file = join(suite.dir, 'p2.pb.gz');
    const r = await record(['-o', file]);
    expect(r.status, r.stderr).toBe(0);
    // (go 1.19's pprof rejects `-top -raw` together: "must set at most one output format")
    const top = await run('go', ['tool', 'pprof', '-top', file], { timeout: 60_000 });
    expect(top.status, top.stderr).toBe(0);
    const row = top.stdout.split('\n').find((l) => / heavy$/.test(l));
    expect(row, top.stdout).toBeDefined();
    // heavy has the largest flat time
    const flats = top.stdout.split('\n').filter((l) => /%\s+\S+$/.test(l) && !/^\s+0\s/.test(l));
    expect(flats[0], top.stdout).toMatch(/ heavy$/);
  }, 300_000);

  it('--threads, --function, --nolineno and the default output name', async () => {
    const cwd = mkdtempSync(join(suite.dir, 'cwd-'));
    const [threads, fn, nolineno, dflt] = await Promise.all([
      record(['--threads', '-o', join(suite.dir, 'threads.txt')]),
      record(['--function', '-o', join(suite.dir, 'function.txt')]),
      record(['--nolineno', '-o', join(suite.dir, 'nolineno.txt')]),
      // no -o: the default name (a capture would be an output); only the name is checked here
      pyglassRun(['record', '-d', '1', '--nonblocking', '-p', String(pid)], { cwd, timeout: 240_000 }),
    ]);
    for (const r of [threads, fn, nolineno, dflt]) expect(r.status, r.stderr).toBe(0);

    const t = parseRaw(readFileSync(join(suite.dir, 'threads.txt'), 'utf8'));
    for (const [frames] of t) expect(frames[0]).toBe(`thread (${pid}): MainThread`);
    expect(t[0]![0][1]).toMatch(/^<module> \(heavy_light\.py:\d+\)$/);

    const f = parseRaw(readFileSync(join(suite.dir, 'function.txt'), 'utf8'));
    const heavyLabels = new Set(f.flatMap(([frames]) => frames.filter((x) => x.startsWith('heavy ('))));
    expect([...heavyLabels]).toEqual([`heavy (heavy_light.py:${defLine(heavyLight, 'heavy')})`]);
    const mainLabels = new Set(f.flatMap(([frames]) => frames.filter((x) => x.startsWith('main ('))));
    expect([...mainLabels]).toEqual([`main (heavy_light.py:${defLine(heavyLight, 'main')})`]);

    const n = readFileSync(join(suite.dir, 'nolineno.txt'), 'utf8');
    expect(n).toMatch(/;heavy \(heavy_light\.py\) \d+\n/);
    expect(n).not.toMatch(/\.py:\d/);
    // without line numbers the lines of a function merge: one stack per function path
    expect(parseRaw(n).filter(([frames]) => frames.at(-1) === 'heavy (heavy_light.py)')).toHaveLength(1);

    const made = readdirSync(cwd);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(new RegExp(`^${pid}-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)\\.svg$`));
    expect(dflt.stderr).toContain(`Wrote flamegraph data to '${made[0]}'`);
  }, 300_000);
});

describe.skipIf(!host)('pyglass record stopped from outside', () => {
  // The record also writes a capture, flushed as it samples: the signal (or the target's death)
  // comes once the capture holds samples in heavy(), however long a busy machine takes to get there.
  const inHeavy = (n: number) => (s: Sample[]) => activeTracesIn(s, 'heavy') >= n;

  it.each(['SIGINT', 'SIGTERM'] as const)('%s: exit 0, the file written, the target still running and not stopped', async (signal) => {
    const pid = await startTarget(host!, heavyLight, ['0']);
    const out = join(suite.dir, `${signal}.txt`);
    const cap = join(suite.dir, `${signal}.pyglass`);
    const r = await recordUntil(['-o', out, '-p', String(pid)], cap, '5 samples in heavy()', inHeavy(5), { stop: (child) => child.kill(signal) });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('Stopped sampling because Control-C pressed');
    const raw = parseRaw(readFileSync(out, 'utf8'));
    expect(samplesIn(raw, 'heavy')).toBeGreaterThanOrEqual(5);
    expect(existsSync(`/proc/${pid}`)).toBe(true);
    // still scheduled, not left in a ptrace or job-control stop
    const states = [procState(pid), ...listThreads(pid).map((tid) => threadState(pid, tid))];
    for (const s of states) expect(s).not.toMatch(/^[Tt]$/);
    expect(execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim()).not.toMatch(/^[Tt]/);
  }, 300_000);

  it('the target exiting mid-record: the file written, exit 0, "process exited"', async () => {
    const pid = await startTarget(host!, heavyLight, ['0']);
    const out = join(suite.dir, 'died.txt');
    const cap = join(suite.dir, 'died.pyglass');
    const r = await recordUntil(['-o', out, '-p', String(pid)], cap, '5 samples in heavy()', inHeavy(5), { stop: () => process.kill(pid, 'SIGKILL') });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('Stopped sampling because process exited');
    expect(samplesIn(parseRaw(readFileSync(out, 'utf8')), 'heavy')).toBeGreaterThanOrEqual(5);
  }, 300_000);

  it('a sleeping target that dies and stays a zombie (its parent never reaps it): the record ends, "process exited"', async () => {
    // every thread asleep: the sampler skips reading the target while its threads sleep, and a
    // zombie's threads are not running either; they must count as needing a read
    const parent = spawnPython(host!, unreapedChild);
    children.push(parent);
    const pid = Number(/READY (\d+)/.exec(await waitForOutput(parent, 'READY', 180_000))?.[1]);
    const r = await recordUntil(['-o', join(suite.dir, 'zombie.txt'), '-p', String(pid)], join(suite.dir, 'zombie.pyglass'), '5 sampling rounds', (s) => s.length >= 5,
      { stop: () => process.kill(pid, 'SIGKILL') });
    expect(procState(pid)).toBe('Z');
    parent.kill('SIGTERM');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('Stopped sampling because process exited');
  }, 300_000);
});
