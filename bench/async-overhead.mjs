#!/usr/bin/env node
// Cost of `--async`: bench/targets/async_tasks.py (1,000 pending tasks, 4 taking turns burning CPU)
// sampled nonblocking at 100 Hz (--rate) for a few seconds: plain, `record --async` (the running
// task's logical stack) and `record --async --idle` (every task read ten times a second, a stack per
// suspended task in every sample). Prints samples per CPU-second of the profiler and the ratios (the
// goals: --async and --async --idle each cost at most 2x a plain sample).
// The three are measured in turns, one 100 ms slice each (--slices N of them), all three attached to
// the same target at once, so a machine whose load changes during the run weighs on all three alike;
// the load average is printed with the figures.
// Usage: node bench/async-overhead.mjs [python ...] [--seconds N] [--rate HZ]   (builds the package first)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--seconds');
const seconds = at >= 0 ? Number(args.splice(at, 2)[1]) : 5;
const rateAt = args.indexOf('--rate');
const rate = rateAt >= 0 ? Number(args.splice(rateAt, 2)[1]) : 100;
const pythons = args.length ? args : [join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions/3.12.1/bin/python3.12')];
execFileSync('npx', ['tsc', '-b', 'packages/sampler'], { cwd: root, stdio: 'inherit' });
const { PythonSpy, LockingStrategy } = await import(join(root, 'packages/sampler/dist/index.js'));
const script = join(root, 'bench', 'targets', 'async_tasks.py');
const SLICE_MS = 100;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** Samples `spy` at `rate` Hz for one slice; adds its CPU time (not the waits), samples, errors and traces to `acc`. */
function slice(spy, acc) {
  const tick = new Int32Array(new SharedArrayBuffer(4));
  const t0 = performance.now();
  for (let next = t0; performance.now() - t0 < SLICE_MS; next += 1000 / rate) {
    const wait = next - performance.now();
    if (wait > 0) Atomics.wait(tick, 0, 0, wait);
    const cpu0 = process.cpuUsage();
    try {
      acc.traces += spy.getStackTraces().length;
      acc.samples++;
    } catch {
      acc.errors++;
    }
    const cpu = process.cpuUsage(cpu0);
    acc.cpu += (cpu.user + cpu.system) / 1e6;
  }
}

function measureAll(pid) {
  const modes = {
    plain: { asyncStacks: false, includeIdle: false },
    async: { asyncStacks: true, includeIdle: false },
    idle: { asyncStacks: true, includeIdle: true },
  };
  const spies = {};
  const acc = {};
  try {
    for (const [name, cfg] of Object.entries(modes)) {
      spies[name] = PythonSpy.create(pid, { blocking: LockingStrategy.NonBlocking, ...cfg });
      acc[name] = { cpu: 0, samples: 0, errors: 0, traces: 0 };
      // warm: code objects, page lists, the first read of every task
      for (let i = 0; i < 50; i++) { try { spies[name].getStackTraces(); } catch { /* a torn read */ } }
    }
    const slices = Math.max(1, Math.round((seconds * 1000) / SLICE_MS));
    for (let i = 0; i < slices; i++) for (const name of Object.keys(modes)) slice(spies[name], acc[name]);
  } finally {
    for (const spy of Object.values(spies)) spy.close();
  }
  const out = {};
  for (const [name, a] of Object.entries(acc)) {
    out[name] = { perCpuSecond: a.samples / a.cpu, msPerSample: (a.cpu * 1000) / a.samples, samples: a.samples, errors: a.errors, tracesPerSample: a.traces / a.samples };
  }
  return out;
}

for (const python of pythons) {
  if (!existsSync(python)) {
    console.error(`${python} not found: skipped`);
    continue;
  }
  const child = spawn(python, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const ready = await new Promise((resolve) => child.stdout.on('data', (d) => { const m = /READY (\d+)/.exec(String(d)); if (m) resolve(Number(m[1])); }));
    const before = load();
    const { plain, async: running, idle } = measureAll(child.pid);
    const f = (r) => `${r.perCpuSecond.toFixed(0).padStart(6)} samples/CPU-s (${r.msPerSample.toFixed(3)} ms/sample, ${r.errors} torn, ${r.tracesPerSample.toFixed(0)} stacks/sample)`;
    console.log(`${python} — ${ready} tasks, ${rate} Hz, ${seconds} s each in turns; load average ${before} → ${load()}`);
    console.log(`  plain:          ${f(plain)}`);
    console.log(`  --async:        ${f(running)}: ${(plain.perCpuSecond / running.perCpuSecond).toFixed(2)}x a plain sample (goal <= 2x)`);
    console.log(`  --async --idle: ${f(idle)}: ${(plain.perCpuSecond / idle.perCpuSecond).toFixed(2)}x (goal <= 2x; every task re-read 10 times a second, a stack per suspended task in every sample)`);
  } finally {
    child.kill('SIGKILL');
  }
}
