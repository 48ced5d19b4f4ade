#!/usr/bin/env node
// Cost of `--async`: bench/targets/async_tasks.py (1,000 pending tasks, 4 taking turns burning CPU)
// sampled nonblocking at 100 Hz (--rate) for a few seconds: plain, `record --async` (the running
// task's logical stack) and `record --async --idle` (every task read, a stack per suspended task).
// Prints samples per CPU-second of the profiler and the ratios (the goal: --async costs at most 2x).
// Usage: node bench/async-overhead.mjs [python ...] [--seconds N] [--rate HZ]   (builds the package first)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
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

function measure(pid, asyncStacks, includeIdle) {
  const spy = PythonSpy.create(pid, { blocking: LockingStrategy.NonBlocking, asyncStacks, includeIdle });
  try {
    for (let i = 0; i < 50; i++) { try { spy.getStackTraces(); } catch { /* torn read */ } }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let samples = 0;
    let errors = 0;
    let traces = 0;
    // paced at `rate` Hz, like record (the CPU time of the sleeps is not counted)
    const tick = new Int32Array(new SharedArrayBuffer(4));
    for (let next = t0; performance.now() - t0 < seconds * 1000; next += 1000 / rate) {
      const wait = next - performance.now();
      if (wait > 0) Atomics.wait(tick, 0, 0, wait);
      try {
        traces += spy.getStackTraces().length;
        samples++;
      } catch {
        errors++;
      }
    }
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return { perCpuSecond: samples / cpuSeconds, msPerSample: (cpuSeconds * 1000) / samples, samples, errors, tracesPerSample: traces / samples };
  } finally {
    spy.close();
  }
}

for (const python of pythons) {
  if (!existsSync(python)) {
    console.error(`${python} not found: skipped`);
    continue;
  }
  const child = spawn(python, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const ready = await new Promise((resolve) => child.stdout.on('data', (d) => { const m = /READY (\d+)/.exec(String(d)); if (m) resolve(Number(m[1])); }));
    const plain = measure(child.pid, false, false);
    const running = measure(child.pid, true, false);
    const idle = measure(child.pid, true, true);
    const f = (r) => `${r.perCpuSecond.toFixed(0).padStart(6)} samples/CPU-s (${r.msPerSample.toFixed(3)} ms/sample, ${r.errors} torn, ${r.tracesPerSample.toFixed(0)} stacks/sample)`;
    console.log(`${python} — ${ready} tasks, ${rate} Hz`);
    console.log(`  plain:          ${f(plain)}`);
    console.log(`  --async:        ${f(running)}: ${(plain.perCpuSecond / running.perCpuSecond).toFixed(2)}x a plain sample (goal <= 2x)`);
    console.log(`  --async --idle: ${f(idle)}: ${(plain.perCpuSecond / idle.perCpuSecond).toFixed(2)}x (every task re-read 10 times a second, a stack per suspended task in every sample)`);
  } finally {
    child.kill('SIGKILL');
  }
}
