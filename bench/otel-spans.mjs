#!/usr/bin/env node
// Cost of span-linked samples: bench/targets/otel_spans.py (8 threads serving requests in root and
// child OpenTelemetry spans, the real SDK) sampled at 100 Hz (--rate) with and without reading the
// spans, on the same target in the same run, in alternating rounds (A B A B …) so that a machine
// whose load changes during the run weighs on both alike. Prints the profiler's CPU time per sample
// and the ratio (the goal: span reading costs at most 20 % more), blocking (record's default) and
// nonblocking. Figures taken while the machine is shared are provisional.
// --request-ms sets how long each request (a root span, then a child span for its second half) runs:
// 40 by default; shorter requests mean more samples that meet a span not seen before.
// Usage: node bench/otel-spans.mjs [python ...] [--seconds N] [--rate HZ] [--rounds N] [--request-ms MS]
//   (host Pythons need the SDK on PYTHONPATH: tools/pythons/provision.sh otel extracts it)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, homedir, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => { const at = args.indexOf(name); return at >= 0 ? Number(args.splice(at, 2)[1]) : fallback; };
const seconds = option('--seconds', 2);
const rate = option('--rate', 100);
const rounds = option('--rounds', 3);
const requestMs = option('--request-ms', 40);
const pythons = args.length ? args : [join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions/3.12.1/bin/python3.12')];
const otelPath = join(process.env.PYGLASS_CACHE ?? join(homedir(), '.cache', 'pyglass'), 'otel-host', 'usr', 'lib', 'python3', 'dist-packages');
execFileSync('npx', ['tsc', '-b', 'packages/sampler'], { cwd: root, stdio: 'inherit' });
const { PythonSpy, LockingStrategy } = await import(join(root, 'packages/sampler/dist/index.js'));
const script = join(root, 'bench', 'targets', 'otel_spans.py');

/** `seconds` of sampling paced at `rate` Hz; CPU time of the profiler (not of the sleeps) per sample. */
function measure(pid, blocking, otelSpans) {
  const spy = PythonSpy.create(pid, { blocking, otelSpans });
  try {
    for (let i = 0; i < 20; i++) { try { spy.getStackTraces(); } catch { /* torn read */ } }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let samples = 0;
    let withSpan = 0;
    let threads = 0;
    const tick = new Int32Array(new SharedArrayBuffer(4));
    for (let next = t0; performance.now() - t0 < seconds * 1000; next += 1000 / rate) {
      const wait = next - performance.now();
      if (wait > 0) Atomics.wait(tick, 0, 0, wait);
      try {
        const traces = spy.getStackTraces();
        samples++;
        threads += traces.length;
        withSpan += traces.filter((t) => t.span !== undefined).length;
      } catch { /* a torn nonblocking read: not counted */ }
    }
    const cpu = process.cpuUsage(cpu0);
    return { cpuMs: (cpu.user + cpu.system) / 1000, samples, withSpan, threads };
  } finally {
    spy.close();
  }
}

for (const python of pythons) {
  if (!existsSync(python)) {
    console.error(`${python} not found: skipped`);
    continue;
  }
  const child = spawn(python, [script, String(requestMs)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PYTHONPATH: otelPath } });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => { if (String(d).includes('READY')) resolve(); });
      child.on('exit', (code) => reject(new Error(`${python} exited (${code}) before READY: is the OpenTelemetry SDK on PYTHONPATH?`)));
    });
    console.log(`${python}: 8 threads serving ${requestMs} ms requests in OpenTelemetry spans, ${rate} Hz, ${rounds} rounds of ${seconds} s each way (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs)`);
    for (const [mode, blocking] of [['blocking', LockingStrategy.Lock], ['nonblocking', LockingStrategy.NonBlocking]]) {
      const sum = { off: { cpuMs: 0, samples: 0 }, on: { cpuMs: 0, samples: 0, withSpan: 0, threads: 0 } };
      for (let r = 0; r < rounds; r++) {
        for (const [key, on] of [['off', false], ['on', true]]) {
          const m = measure(child.pid, blocking, on);
          sum[key].cpuMs += m.cpuMs;
          sum[key].samples += m.samples;
          if (on) { sum.on.withSpan += m.withSpan; sum.on.threads += m.threads; }
        }
      }
      const off = sum.off.cpuMs / sum.off.samples;
      const on = sum.on.cpuMs / sum.on.samples;
      console.log(`  ${mode.padEnd(11)} without spans ${(off * 1000).toFixed(0).padStart(5)} µs/sample, with spans ${(on * 1000).toFixed(0).padStart(5)} µs/sample: +${(((on / off) - 1) * 100).toFixed(1)} % (goal <= 20 %); ${sum.on.withSpan}/${sum.on.threads} thread-samples in a span`);
    }
  } finally {
    child.kill('SIGKILL');
  }
}
