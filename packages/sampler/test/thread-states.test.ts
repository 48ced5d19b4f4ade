/**
 * StackTrace.states on every interpreter of the matrix, against real processes
 * (scripts/thread_states_target.py): two CPU-bound threads take turns with the GIL (each waits for it
 * a good share of its samples and holds it most of the rest), a thread in time.sleep is neither on a
 * CPU nor holding the GIL, a thread calling gc.collect() is seen collecting about as often as it
 * measured itself inside gc.collect(), a thread working in an except block is seen handling an
 * exception about as often as it measured itself there, and a free-threaded build runs several
 * threads at once. Counts are checked with binomial bounds on the number of samples, or against what
 * the target measured over the same window, never against the machine's speed.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findPythons, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { binomialBounds } from '../../../tools/testing/bounds.js';
import { LockingStrategy, looksIdle, PythonSpy, SamplingFailed, ThreadStates, type StackTrace } from '../src/index.js';

const script = fileURLToPath(new URL('./scripts/thread_states_target.py', import.meta.url));
const pythons = findPythons();
const gilBuilds = pythons.filter((p) => !p.freeThreaded);
const ftBuilds = pythons.filter((p) => p.freeThreaded);
console.log(`[thread-states] interpreters: ${pythons.map((p) => `${p.label}(${p.version})`).join(', ')}`);
console.log(`[thread-states] GIL scenarios (waiting for / holding the GIL) on: ${gilBuilds.map((p) => p.label).join(', ')}; SKIPPED on ${ftBuilds.map((p) => p.label).join(', ') || 'none'} (free-threaded: no GIL to wait for)`);
console.log(`[thread-states] several threads on CPU at once on: ${ftBuilds.map((p) => p.label).join(', ') || 'none'}; SKIPPED on the GIL builds (one thread runs Python at a time)`);

// each scenario's target burns a CPU while it is sampled, on 15 interpreters: 200 samples keep every
// bound below far from the counts measured (see each test's comment) and cost a third less than 300
const SAMPLES = 200;
const { OnCpu, HoldsGil, WaitingForGil, GcCollecting, HandlingException } = ThreadStates;

interface Target {
  child: ChildProcess;
  /** OS tid by thread name (the latest thread of that name) */
  tids: Map<string, number>;
  /** every SHARE line so far: [seconds inside, seconds in all] */
  shares: Array<[number, number]>;
  /** every other line so far */
  lines: string[];
  /** why the target is gone, once it is */
  gone?: string;
  /** the spy with the default configuration, shared by the tests of this interpreter */
  spy?: PythonSpy;
}

/**
 * One target per interpreter, serving every scenario (started by the first describe that asks, and
 * idle — nothing on a CPU — between scenarios).
 */
const targets = new Map<PythonInterpreter, Promise<Target>>();
async function endTarget(py: PythonInterpreter): Promise<void> {
  const t = await targets.get(py)?.catch(() => undefined);
  targets.delete(py);
  t?.spy?.close();
  t?.child.kill('SIGKILL');
}
afterAll(async () => {
  for (const py of [...targets.keys()]) await endTarget(py);
});

function targetFor(py: PythonInterpreter): Promise<Target> {
  let p = targets.get(py);
  if (!p) {
    p = start(py);
    targets.set(py, p);
  }
  return p;
}

async function start(py: PythonInterpreter): Promise<Target> {
  const child = spawnPython(py, script, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  const t: Target = { child, tids: new Map(), shares: [], lines: [] };
  let buffered = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const l of lines) {
      const share = /^SHARE (\S+) (\S+)$/.exec(l);
      const thread = /^THREAD (\S+) (\d+)$/.exec(l);
      if (share) t.shares.push([Number(share[1]), Number(share[2])]);
      else if (thread) t.tids.set(thread[1]!, Number(thread[2]));
      t.lines.push(l);
    }
  });
  child.on('exit', (code, signal) => { t.gone = `${child.spawnargs.join(' ')} (pid ${child.pid}) exited (${code ?? signal}); stderr: ${err}`; });
  await until(t, 'READY', 0, 120_000);
  return t;
}

/** Resolves once the target has printed the line `line` (at index `from` or later). */
function until(t: Target, line: string, from: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (t.lines.indexOf(line, from) >= 0) resolve();
      else if (t.gone) reject(new Error(`${t.gone}, before "${line}"; stdout: ${t.lines.join('\n')}`));
      else if (Date.now() > deadline) reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for "${line}"; stdout: ${t.lines.join('\n')}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

/** Runs `scenario` in the target while `body` runs, and stops it after (its threads have ended then). */
async function running<T>(t: Target, scenario: string, body: () => Promise<T>): Promise<T> {
  const from = t.lines.length;
  t.child.stdin!.write(`RUN ${scenario}\n`);
  await until(t, `RUNNING ${scenario}`, from);
  try {
    return await body();
  } finally {
    const stopFrom = t.lines.length;
    t.child.stdin!.write('STOP\n');
    await until(t, 'STOPPED', stopFrom);
  }
}

/** The first SHARE line after the first `after`. */
function nextShare(t: Target, after: number): Promise<[number, number]> {
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (t.shares.length > after) resolve(t.shares[after]!);
      else if (t.gone) reject(new Error(`${t.gone}, before a SHARE line; stdout: ${t.lines.join('\n')}`));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

/**
 * `SAMPLES` samples, `gapMs` apart (2–6 ms: a paused target moves on only between samples, and
 * counts compared with shares need samples that far apart to be independent); every trace's states
 * checked against ownsGil and the support mask.
 * Nonblocking, a sample whose stacks changed while they were read is taken again.
 */
async function sample(spy: PythonSpy, gapMs: [number, number] = [2, 6]): Promise<StackTrace[][]> {
  const out: StackTrace[][] = [];
  while (out.length < SAMPLES) {
    let traces: StackTrace[];
    try {
      traces = spy.getStackTraces();
    } catch (e) {
      if (spy.config.blocking === LockingStrategy.NonBlocking && e instanceof SamplingFailed) continue;
      throw e;
    }
    for (const t of traces) {
      expect(t.states, 'every trace has states').toBeTypeOf('number');
      expect((t.states! & HoldsGil) !== 0, 'HoldsGil is ownsGil').toBe(t.ownsGil);
      expect(t.states! & ~spy.stateSupport, 'no state the interpreter cannot report').toBe(0);
      expect(t.states! & HoldsGil && t.states! & WaitingForGil, 'never both holding and waiting').toBe(0);
    }
    out.push(traces);
    await new Promise((r) => setTimeout(r, gapMs[0] + Math.random() * (gapMs[1] - gapMs[0])));
  }
  return out;
}

/** Samples in which the thread with OS tid `tid` has every bit of `bits`. */
function count(samples: StackTrace[][], tid: number, bits: number): number {
  let n = 0;
  for (const traces of samples) {
    const t = traces.find((x) => x.osThreadId === tid);
    if (t && (t.states! & bits) === bits) n++;
  }
  return n;
}

/**
 * Runs the `scenario` in the target and samples it between two of the shares it reports; `check` gets
 * the target, the samples and the share of its time the target measured in its state meanwhile.
 */
async function withMeasuredShare(t: Target, scenario: string, check: (samples: StackTrace[][], share: number) => void): Promise<void> {
  const spy = t.spy!;
  const [samples, share] = await running(t, scenario, async () => {
    const before = await nextShare(t, t.shares.length);
    const samples = await sample(spy);
    const after = await nextShare(t, t.shares.length);
    return [samples, (after[0] - before[0]) / (after[1] - before[1])] as const;
  });
  check(samples, share);
}

/** How many samples each burner of the 'gil' scenario waits for and holds the GIL in. */
function gilCounts(samples: StackTrace[][], t: Target): Array<{ name: string; waiting: number; holding: number }> {
  return ['Burner-1', 'Burner-2'].map((name) => {
    const tid = t.tids.get(name)!;
    return { name, waiting: count(samples, tid, WaitingForGil), holding: count(samples, tid, HoldsGil) };
  });
}

const names = (mask: number) => Object.entries(ThreadStates).filter(([, b]) => mask & b).map(([n]) => n).join(',');

/** What each build reports (sampler README, "Thread states"): everything but NativeCode (no --native here) and, free-threaded, WaitingForGil. */
function expectedSupport(py: PythonInterpreter): number {
  return OnCpu | HoldsGil | GcCollecting | HandlingException | (py.freeThreaded ? 0 : WaitingForGil);
}

describe.each(pythons.map((p) => [p.label, p] as const))('%s', (_label, py) => {
  let t: Target;
  beforeAll(async () => {
    t = await targetFor(py);
    t.spy = await PythonSpy.retry(t.child.pid!, {});
  });
  // the runStates: false tests below run the 'gil' scenario again in the same target
  afterAll(() => (withoutRunStates.includes(py) ? undefined : endTarget(py)));

  test.skipIf(py.freeThreaded)('two CPU-bound threads take turns with the GIL; a thread in time.sleep is neither on CPU nor holding it', async () => {
    const spy = t.spy!;
    let quiet: PythonSpy | undefined;
    await running(t, 'gil', async () => {
      expect(names(spy.stateSupport)).toBe(names(expectedSupport(py)));
      const samples = await sample(spy);
      const counts = gilCounts(samples, t);
      const report = counts.map(({ name, waiting, holding }) => `${name}: waiting ${waiting}, holding ${holding} of ${SAMPLES}`);
      for (const { name, waiting, holding } of counts) {
        // Two threads share one GIL: each holds it about half the time and, when not, mostly
        // sleeps in take_gil (measured: 25–35 % of the samples). Python 2's GIL is a semaphore
        // both threads race for: the loser is often runnable, not asleep (measured: 13–15 %).
        // "Substantial": a true share of 1/4 stays above these bounds.
        // On 2.7 the split itself is the scheduler's choice: whether the loser sleeps in the
        // semaphore or sits runnable, and how long one thread keeps re-taking the GIL, follow the
        // machine's load (seen under load: 1 waiting and 17 holding of 300). Only the
        // scheduling-free facts are asserted there (the consistency checks in sample(), one
        // holder at most, the sleeper below); the counts are printed.
        if (py.major === 2) continue;
        expect(waiting, `${name} waits for the GIL (${report.join('; ')})`).toBeGreaterThan(Math.max(1, binomialBounds(SAMPLES, 0.25).low));
        // "most of the rest": of the samples where it does not wait, it holds the GIL in about
        // half or more (measured: 70 %)
        const rest = SAMPLES - waiting;
        expect(holding, `${name} holds the GIL most of the rest (${report.join('; ')})`).toBeGreaterThan(Math.max(1, binomialBounds(rest, 0.5).low));
      }
      // one GIL: never two holders in one sample
      for (const traces of samples) expect(traces.filter((x) => x.ownsGil).length).toBeLessThanOrEqual(1);
      const sleeper = t.tids.get('Sleeper')!;
      expect(count(samples, sleeper, HoldsGil), 'the sleeping thread never holds the GIL').toBe(0);
      expect(count(samples, sleeper, WaitingForGil), 'the sleeping thread never waits for the GIL').toBe(0);
      // Not on a CPU either: read without pausing the target, as a pause interrupts the sleep and
      // the thread runs for a moment after to restart it (sampler README, "Thread states").
      // Samples 0.5–1.5 ms apart: these counts must be 0 in every sample (and the checks in sample()
      // hold in each), no share is taken from them, so they need not be independent; the burners
      // burn a CPU all through this pass (nothing pauses them), and a shorter pass burns less.
      quiet = await PythonSpy.retry(t.child.pid!, { blocking: LockingStrategy.NonBlocking });
      const unpaused = await sample(quiet, [0.5, 1.5]);
      expect(count(unpaused, sleeper, OnCpu), 'the sleeping thread is never on a CPU').toBe(0);
      expect(count(unpaused, sleeper, HoldsGil), 'the sleeping thread never holds the GIL').toBe(0);
      console.log(`[thread-states] ${py.label}: ${report.join('; ')}`);
    }).finally(() => quiet?.close());
  }, 120_000);

  test.skipIf(!py.freeThreaded)('a free-threaded build runs several threads on CPU at once', async () => {
    const spy = t.spy!;
    await running(t, 'ft', async () => {
      expect(names(spy.stateSupport)).toBe(names(expectedSupport(py)));
      const samples = await sample(spy);
      const burners = ['Burner-1', 'Burner-2', 'Burner-3'].map((n) => t.tids.get(n)!);
      const burning = (traces: StackTrace[], bits: number) => traces.filter((x) => burners.includes(x.osThreadId!) && (x.states! & bits) === bits).length;
      // the kernel's 'R' is running or runnable: three busy threads never sleep, and nothing stops
      // them from running Python together (attached = HoldsGil on these builds)
      const together = samples.filter((s) => burning(s, OnCpu | HoldsGil) >= 2).length;
      console.log(`[thread-states] ${py.label}: ≥ 2 threads on CPU and attached in ${together} of ${SAMPLES} samples`);
      expect(together).toBeGreaterThan(binomialBounds(SAMPLES, 0.5).low);
    });
  }, 120_000);

  test('a thread calling gc.collect() is seen collecting as often as it measured itself inside it', async () => {
    await withMeasuredShare(t, 'gc', (samples, share) => {
      const churner = t.tids.get('Churner')!;
      const seen = count(samples, churner, GcCollecting);
      console.log(`[thread-states] ${py.label}: GcCollecting in ${seen} of ${SAMPLES} samples; the target measured ${(share * 100).toFixed(1)} % of its time in gc.collect()`);
      // the collector's flag is set for most of gc.collect() (not for the call around it)
      expect(seen).toBeGreaterThan(binomialBounds(SAMPLES, share * 0.5).low);
      expect(seen).toBeLessThan(binomialBounds(SAMPLES, Math.min(1, share * 1.2)).high);
      // the flag is the interpreter's: its other threads see it too, never outside a collection
      const main = t.tids.get('MainThread')!;
      expect(count(samples, main, GcCollecting)).toBe(seen);
      expect(count(samples, main, HandlingException)).toBe(0);
    });
  }, 120_000);

  test('a loop raising and catching an exception is seen handling it', async () => {
    await withMeasuredShare(t, 'exc', (samples, share) => {
      const raiser = t.tids.get('Raiser')!;
      const seen = count(samples, raiser, HandlingException);
      console.log(`[thread-states] ${py.label}: HandlingException in ${seen} of ${SAMPLES} samples; the target measured ${(share * 100).toFixed(1)} % of its time in the except block`);
      expect(seen).toBeGreaterThan(binomialBounds(SAMPLES, share * 0.8).low);
      if (py.major === 3) {
        // Python 3 ends the handling with the except block (Python 2 keeps sys.exc_info() until the
        // function returns, so there it is set nearly all the time)
        expect(seen).toBeLessThan(binomialBounds(SAMPLES, Math.min(1, share * 1.2 + 0.02)).high);
      }
      expect(count(samples, t.tids.get('MainThread')!, HandlingException), 'the main thread handles nothing').toBe(0);
    });
  }, 120_000);
});

// Config.runStates false (what `record --idle -f raw` asks for): no /proc read per thread per sample.
// The kernel's bits go (OnCpu; WaitingForGil where the futex a thread sleeps on tells it, before 3.15),
// what memory says stays, and `active` is py-spy's guess from the stack. One interpreter per way of
// telling a GIL wait.
const withoutRunStates = ['3.12', '3.15-sid'].map((l) => gilBuilds.find((p) => p.label === l)).filter((p) => p !== undefined);
console.log(`[thread-states] without run states on: ${withoutRunStates.map((p) => p.label).join(', ') || 'none'}`);
describe.each(withoutRunStates.map((p) => [p.label, p] as const))('%s, runStates: false', (_label, py) => {
  let t: Target;
  beforeAll(async () => {
    t = await targetFor(py);
  });
  afterAll(() => endTarget(py));

  test("the kernel's bits are neither set nor supported; the GIL's still are; active is the stack's guess", async () => {
    const spy = await PythonSpy.retry(t.child.pid!, { runStates: false });
    await running(t, 'gil', async () => {
      const fromMemory = py.minor >= 15;
      expect(names(spy.stateSupport)).toBe(names(expectedSupport(py) & ~OnCpu & ~(fromMemory ? 0 : WaitingForGil)));
      const samples = await sample(spy);
      for (const traces of samples) for (const tr of traces) expect(tr.active, `thread ${tr.osThreadId}`).toBe(!looksIdle(tr.frames[0]));
      const counts = gilCounts(samples, t);
      const report = counts.map(({ name, waiting, holding }) => `${name}: holding ${holding}, waiting ${waiting} of ${SAMPLES}`);
      for (const { waiting, holding } of counts) {
        // as in the test with run states: each holds the GIL a good share of the samples and, on 3.15, waits for it in another
        expect(holding, report.join('; ')).toBeGreaterThan(Math.max(1, binomialBounds(SAMPLES, 0.25).low));
        if (fromMemory) expect(waiting, report.join('; ')).toBeGreaterThan(Math.max(1, binomialBounds(SAMPLES, 0.25).low));
      }
      console.log(`[thread-states] ${py.label} without run states: ${report.join('; ')}`);
    }).finally(() => spy.close());
  }, 120_000);
});
