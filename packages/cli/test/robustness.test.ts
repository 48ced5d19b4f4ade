/**
 * Fault battery: bad input, faults during sampling and hostile targets never crash pyglass, hang it,
 * lose the data collected, or leave a target stopped. Real processes only. (Argument errors are in
 * cli-args.test.ts; --core on non-cores, truncated cores and missing binaries in core-dump.test.ts.)
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listThreads, threadState } from '@pyglass/memory-reader';
import { findPythons, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { stageCli } from '../../../tools/testing/stage-for-user.js';
import { activeTracesIn, recordUntil, tracesWith } from '../../../tools/testing/capture-watch.js';
import { buildCli, goOnSampling, isOneLineError, pyglass, pyglassRun } from './helpers.js';

const scripts = join(import.meta.dirname, 'robustness');
const pythons = findPythons();
const byLabel = (l: string) => pythons.find((p) => p.label === l);
/** The interpreter for single-version cases. */
const py = byLabel('3.12') ?? pythons.find((p) => p.major === 3 && p.minor >= 8 && !p.freeThreaded);
/**
 * Torn-stack cases: frame objects (3.9), 3.12 and 3.13 frames (chains end at C-stack shims).
 * 3.11 is not in the list: its chains end at an is_entry frame, and a half-initialized frame read at
 * the wrong moment can still pass as one (about 1 stack in 2,000 at 1 kHz) — a known limitation.
 */
const tornLabels = ['2.7', '3.9', '3.11', '3.12', '3.13', '3.13t', '3.14-sid', '3.15-sid'];
const torn = tornLabels.map(byLabel).filter((p): p is PythonInterpreter => p !== undefined);
const isRoot = process.getuid?.() === 0;
console.log(`[robustness] interpreter: ${py?.label ?? 'none (SKIPPED: no CPython 3.8+)'}; torn-stack interpreters: ${torn.map((p) => p.label).join(', ')}; not found: ${tornLabels.filter((l) => !byLabel(l)).join(', ') || 'none'}${isRoot ? '' : '; SKIPPED: mount and setpriv cases need root'}`);

const work = mkdtempSync(join(tmpdir(), 'pyglass-robust-'));
const children: ChildProcess[] = [];
const mounts: string[] = [];

function track<T extends ChildProcess>(c: T): T {
  children.push(c);
  return c;
}
function killAll(): void {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

beforeAll(() => buildCli(), 300_000);
afterEach(killAll);
afterAll(() => {
  killAll();
  for (const m of mounts) spawnSync('umount', ['-l', m]);
  rmSync(work, { recursive: true, force: true });
});

/**
 * Runs pyglass as nobody from a world-readable copy of the built CLI (the checkout may be in a
 * mode-700 home directory, which nobody cannot enter); the copy is removed after.
 */
function asUnprivilegedUser(args: string[]): SpawnSyncReturns<string> {
  const staged = stageCli();
  try {
    return spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, staged.bin, ...args], { encoding: 'utf8', timeout: 20_000, cwd: '/' });
  } finally {
    staged.remove();
  }
}

/**
 * counter.py or recurse.py (of `interp`) with a stdin of its own: after READY it stays idle until it
 * reads a line (`goOnSampling`).
 */
function gated(script: 'counter.py' | 'recurse.py', args: string[] = [], interp: PythonInterpreter = py!): ChildProcess {
  return track(spawnPython(interp, join(scripts, script), args, { stdio: ['pipe', 'pipe', 'pipe'] }));
}

/** Every thread of `pid`'s state letter from /proc (R, S, D, T, t, Z…). */
function threadStates(pid: number): string[] {
  return listThreads(pid).map((tid) => threadState(pid, tid));
}

/** Resolves when the process prints a line matching `re` after this call. */
function nextLine(child: ChildProcess, re: RegExp, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => { child.stdout!.off('data', on); reject(new Error(`no line matching ${re} within ${timeoutMs} ms`)); }, timeoutMs);
    const on = (d: Buffer) => {
      buf += d.toString();
      const m = buf.split('\n').find((l) => re.test(l));
      if (m) { clearTimeout(timer); child.stdout!.off('data', on); resolve(m); }
    };
    child.stdout!.on('data', on);
  });
}

/** Raw (collapsed) lines → [frame names, count]. */
function rawStacks(file: string): Array<{ names: string[]; frames: string[]; count: number }> {
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => {
    const sp = l.lastIndexOf(' ');
    const frames = l.slice(0, sp).split(';');
    return { frames, names: frames.map((f) => f.replace(/ \(.*\)$/, '')), count: Number(l.slice(sp + 1)) };
  });
}

describe('bad input: one clear line, non-zero exit, no stack trace, no hang', () => {
  it.each([['dump'], ['record'], ['top']])('%s -p of a pid that does not exist says the process was not found', (cmd) => {
    const r = pyglass([cmd, '-p', '4194303'], { timeout: 20_000 });
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    expect(r.stderr).toMatch(/4194303 not found/);
    expect(isOneLineError(r.stderr)).toBe(true);
  });

  it.each([['dump'], ['record']])('%s -p of a process that is not Python (sleep) says so', (cmd) => {
    const sleeper = track(spawn('sleep', ['100']));
    const r = pyglass([cmd, '-p', String(sleeper.pid), '-o', join(work, 'sleep.svg')].slice(0, cmd === 'dump' ? 3 : 5), { timeout: 30_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/does not look like a Python process/);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(threadStates(sleeper.pid!)).not.toContain('t');
  });

  it.runIf(isRoot)('an output on a read-only file system fails before sampling starts', () => {
    const dir = join(work, 'ro');
    mkdirSync(dir);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir]);
    expect(m.status, String(m.stderr)).toBe(0);
    mounts.push(dir);
    const r = pyglass(['record', '-o', join(dir, 'x.svg'), '--', py!.executable, '-c', 'pass'], { timeout: 20_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/cannot write .*read-only/);
    expect(r.stderr).not.toMatch(/Sampling process/);
    expect(isOneLineError(r.stderr)).toBe(true);
  });

  it.runIf(isRoot)('an output in a directory the user may not write (chmod 555, non-root user) fails before sampling', () => {
    const dir = join(work, 'ro555');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    chmodSync(work, 0o755);
    const r = asUnprivilegedUser(['record', '-o', join(dir, 'x.svg'), '--', py!.executable, '-c', 'pass']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/cannot write .*permission denied/);
    expect(r.stderr).not.toMatch(/Sampling process/);
    expect(isOneLineError(r.stderr)).toBe(true);
  });

  it.runIf(isRoot && py)('a process we may not trace (root-owned, pyglass unprivileged) gives the CAP_SYS_PTRACE hint', async () => {
    // (a Python process that stays idle: it only has to be there)
    const target = gated('counter.py');
    await waitForOutput(target, 'READY');
    const r = asUnprivilegedUser(['dump', '-p', String(target.pid)]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/run as root or grant CAP_SYS_PTRACE/);
    expect(isOneLineError(r.stderr)).toBe(true);
  }, 60_000);
});

describe.runIf(py)('faults during sampling', () => {
  it('the target exiting mid-record still writes what was collected, exit 0', async () => {
    // the target ends by itself once the record has sampled it (the test makes its stop file)
    const stop = join(work, 'exits.stop');
    const target = gated('recurse.py', [stop]);
    await waitForOutput(target, 'READY', 60_000);
    const out = join(work, 'exits.txt');
    const r = await recordUntil(['-p', String(target.pid), '-r', '200', '-o', out], join(work, 'exits.pyglass'), 'a sample in recurse()',
      (s) => activeTracesIn(s, 'recurse') > 0, { stop: () => writeFileSync(stop, ''), onSpawn: goOnSampling(target) });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Stopped sampling because process exited/);
    const stacks = rawStacks(out);
    expect(stacks.reduce((n, s) => n + s.count, 0)).toBeGreaterThan(0);
    expect(stacks.some((s) => s.names.includes('recurse'))).toBe(true);
  }, 300_000);

  it('a launched program ending during a high-rate blocking record: its exit status (3) is pyglass\'s, no hang (pauses may collect the exit)', async () => {
    // the program spins until the record has sampled it, then exits 3 while pyglass pauses it 1,000 times a second
    const program = 'import os, sys\nwhile not os.access(sys.argv[1], os.F_OK): pass\nsys.exit(3)';
    for (let i = 0; i < 3; i++) {
      const stop = join(work, `exit3-${i}.stop`);
      const r = await recordUntil(['-r', '1000', '-o', join(work, `exit3-${i}.txt`), '--', py!.executable, '-c', program, stop], join(work, `exit3-${i}.pyglass`),
        'a sample of the program', (s) => activeTracesIn(s, '<module>') > 0, { stop: () => writeFileSync(stop, '') });
      expect(r.status, r.stderr).toBe(3);
    }
  }, 600_000);

  it('1,000 short threads started continuously: no crash, Errors: N reported, the long-lived thread sampled with its name and line', async () => {
    const out = join(work, 'churn.txt');
    const stop = join(work, 'churn.stop');
    // --idle: on a loaded machine the survivor mostly waits for the GIL (asleep in the kernel: idle)
    // while the main thread starts threads; without it the record could hold none of its samples
    const r = await recordUntil(['-r', '200', '-t', '--idle', '-o', out, '--', py!.executable, join(scripts, 'churn.py'), stop], join(work, 'churn.pyglass'),
      '20 samples of the survivor thread', (s) => tracesWith(s, 'survivor') >= 20, { stop: () => writeFileSync(stop, '') });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Samples: \d+ Errors: \d+/);
    const line = readFileSync(join(scripts, 'churn.py'), 'utf8').split('\n').findIndex((l) => l.includes('SURVIVOR_LINE')) + 1;
    const survivor = rawStacks(out).filter((s) => s.frames[0]!.includes('survivor'));
    expect(survivor.length).toBeGreaterThan(0);
    for (const s of survivor) expect(s.names.at(-1)).toBe('survivor');
    const total = survivor.reduce((n, s) => n + s.count, 0);
    const onLine = survivor.filter((s) => s.frames.at(-1) === `survivor (churn.py:${line})` || s.frames.at(-1) === `survivor (churn.py:${line - 1})`).reduce((n, s) => n + s.count, 0);
    expect(onLine).toBe(total);
  }, 300_000);

  const scriptNames = new Set(['<module>', 'main', 'spin', 'after_exec', 'child_work', 'parent_work']);
  it.each([
    ['os.execv into sleep', 'execs.py', ['sleep']],
    ['os.execv into another python script', 'execs.py', ['python']],
    ['os.fork children continuously', 'forks.py', ['-']],
  ])('the target doing %s is handled: exit 0, every recorded frame is one of the script\'s functions', async (_what, script, args) => {
    const out = join(work, `${script}-${args[0]}.txt`);
    // each phase of the script runs until the record has sampled it: the test makes its stop file then
    const stops = [1, 2].map((n) => join(work, `${script}-${args[0]}.stop${n}`));
    const phase = script === 'forks.py' ? ['parent_work'] : args[0] === 'python' ? ['spin', 'after_exec'] : ['spin'];
    const argv = script === 'forks.py' ? [stops[0]!] : [args[0]!, ...stops];
    const r = await recordUntil(['-r', '300', '-o', out, '--', py!.executable, join(scripts, script), ...argv], join(work, `${script}-${args[0]}.pyglass`),
      `samples in ${phase.join('() and ')}()`, (samples) => {
        phase.forEach((fn, i) => { if (activeTracesIn(samples, fn) > 0 && !existsSync(stops[i]!)) writeFileSync(stops[i]!, ''); });
        return activeTracesIn(samples, phase.at(-1)!) > 0;
      }, { stop: () => undefined });
    expect(r.status, r.stderr).toBe(0);
    const stacks = rawStacks(out);
    expect(stacks.length).toBeGreaterThan(0);
    for (const s of stacks) {
      // a launched program may be sampled while its interpreter starts (site, encodings, importlib: a slow
      // start on a loaded machine), and the new interpreter of an exec into Python is followed from its
      // start-up too: only stacks rooted in the scripts are the script's
      if (!/\((?:execs|after_exec|forks)\.py:/.test(s.frames[0]!)) continue;
      // the scripts' frames are their functions; the only others are the path helpers execs.py's main()
      // calls to name after_exec.py just before its execv (a sample can land there: seen under load)
      s.frames.forEach((f, i) => {
        if (/\((?:execs|after_exec|forks)\.py:\d+\)$/.test(f)) expect(scriptNames, s.frames.join(';')).toContain(s.names[i]);
        else expect(f, s.frames.join(';')).toMatch(/\((?:<frozen (?:posixpath|genericpath|os)>|(?:posixpath|genericpath|os)\.py):\d+\)$/);
      });
      expect(s.names[0]).toBe('<module>');
    }
    expect(stacks.some((s) => /\((?:execs|after_exec|forks)\.py:/.test(s.frames[0]!)), 'the script is profiled').toBe(true);
    if (args[0] === 'python') expect(stacks.some((s) => s.names.includes('after_exec')), 'the exec()ed script is profiled').toBe(true);
  }, 300_000);

  it.each(torn.map((p) => [p.label, p] as const))('%s: --nonblocking at 1 kHz on recursion of random depth: no crash, no hang, every stack complete (<module> … recurse)', async (_label, interp) => {
    const out = join(work, `torn-${interp.label}.txt`);
    // attached after start-up, so that every stack is the script's; the record ends by its duration,
    // not by the target's exit, so a slow start of pyglass on a loaded machine cannot miss the target
    // (it recurses from when the record says it samples)
    const target = gated('recurse.py', ['60'], interp);
    await waitForOutput(target, 'READY');
    const r = await pyglassRun(['record', '--nonblocking', '-r', '1000', '-d', '1', '-f', 'raw', '-o', out, '-p', String(target.pid)], { timeout: 60_000, onSpawn: goOnSampling(target) });
    // Torn reads are what --nonblocking trades for speed on a stack this busy: when most rounds
    // tear, the run says so and exits 1 (issue 28's rule), the file still written. Either way the
    // stacks it kept must be whole.
    if (r.status !== 0) {
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/most samples failed .*the stack changed while it was being read/);
    }
    const stacks = rawStacks(out);
    expect(stacks.length).toBeGreaterThan(0);
    for (const s of stacks) {
      const where = s.frames.slice(0, 3).join(';');
      expect(s.names[0], where).toBe('<module>');
      expect(s.names[1], where).toBe('main');
      for (const n of s.names.slice(2)) expect(['recurse', 'randint', 'randrange', '_randbelow', '_randbelow_with_getrandbits', 'time'], where).toContain(n);
      expect(s.names.length).toBeLessThanOrEqual(2 + 200 + 3);
    }
  }, 100_000);

  it.each([['SIGINT'], ['SIGTERM']] as const)('%s to pyglass during a blocking record writes the file and leaves the target running', async (sig) => {
    const target = gated('counter.py');
    await waitForOutput(target, 'READY', 60_000);
    const out = join(work, `${sig}.txt`);
    // the signal comes once the record has sampled the workers
    const r = await recordUntil(['-p', String(target.pid), '-r', '500', '-o', out], join(work, `${sig}.pyglass`), 'samples of the workers',
      (s) => activeTracesIn(s, 'worker') >= 5, { stop: (child) => child.kill(sig), onSpawn: goOnSampling(target) });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Wrote raw flamegraph data/);
    expect(rawStacks(out).length).toBeGreaterThan(0);
    expect(threadStates(target.pid!).filter((s) => s === 't' || s === 'T')).toEqual([]);
    await nextLine(target, /^COUNT \d+/, 60_000);
  }, 300_000);

  it('SIGKILL to pyglass while it pauses the target at a high rate leaves no thread stopped; the target keeps counting', async () => {
    const target = gated('counter.py');
    await waitForOutput(target, 'READY', 60_000);
    // SIGKILL once the record has paused the target for samples of its workers
    const r = await recordUntil(['-p', String(target.pid), '-r', '2000', '-o', join(work, 'killed.txt')], join(work, 'killed.pyglass'), 'samples of the workers',
      (s) => activeTracesIn(s, 'worker') >= 5, { stop: (child) => child.kill('SIGKILL'), onSpawn: goOnSampling(target) });
    expect(r.status, r.stderr).toBe(-1);
    // the kernel detaches a dead tracer's tracees (in the tracer's exit, before its parent hears of it)
    expect(threadStates(target.pid!).filter((s) => s === 't' || s === 'T')).toEqual([]);
    const a = Number((await nextLine(target, /^COUNT \d+/, 60_000)).split(' ')[1]);
    const b = Number((await nextLine(target, /^COUNT \d+/, 60_000)).split(' ')[1]);
    expect(b).toBeGreaterThan(a);
  }, 300_000);

  it.runIf(isRoot).each([['flamegraph'], ['chrometrace']])('a full disk when writing a %s: "no space left on the device", non-zero, no file and no partial left', async (format) => {
    const dir = join(work, `full-${format}`);
    mkdirSync(dir);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir]);
    expect(m.status, String(m.stderr)).toBe(0);
    mounts.push(dir);
    const out = join(dir, `out.${format}`);
    const r = await pyglassRun(['record', '-f', format, '-r', '200', '-o', out, '--', py!.executable, join(scripts, 'wide.py'), '2'], { timeout: 60_000 });
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    expect(r.stderr).toMatch(/no space left on the device/);
    expect(isOneLineError(r.stderr.split('\n').filter((l) => !l.startsWith('pyglass>')).join('\n'))).toBe(true);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  }, 90_000);
});
