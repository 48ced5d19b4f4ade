#!/usr/bin/env node
// Throughput of @pyglass/sampler vs py-spy: a target with 4 threads burning CPU 50 frames deep plus an
// idle main thread; nonblocking sampling as fast as possible for a few seconds. Reports thread-samples
// per CPU-second of the profiler (higher is better) for pyglass and, when installed, py-spy 0.4.2
// (`py-spy record --nonblocking -r RATE`, CPU time from bash's `times`).
// Usage: node bench/sampler-throughput.mjs [python] [seconds]   (builds the package first)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const python = process.argv[2] ?? join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions/3.12.1/bin/python3.12');
const seconds = Number(process.argv[3] ?? 3);
if (!existsSync(python)) {
  console.error(`${python} not found: pass a python (node bench/sampler-throughput.mjs /path/to/python3.12)`);
  process.exit(1);
}
execFileSync('npx', ['tsc', '-b', 'packages/sampler'], { cwd: root, stdio: 'inherit' });
const { PythonSpy, LockingStrategy } = await import(join(root, 'packages/sampler/dist/index.js'));

const script = join(tmpdir(), 'pyglass-bench-burn.py');
writeFileSync(script, `
import sys, threading, time
def burn(depth):
    if depth > 0:
        return burn(depth - 1)
    x = 0
    while True:
        x += 1
for i in range(4):
    threading.Thread(target=burn, args=(48,), daemon=True).start()
sys.stdout.write("READY\\n"); sys.stdout.flush()
time.sleep(100000)
`);
const child = spawn(python, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => child.stdout.on('data', (d) => String(d).includes('READY') && resolve()));
await new Promise((r) => setTimeout(r, 300));

try {
  const spy = PythonSpy.create(child.pid, { blocking: LockingStrategy.NonBlocking });
  for (let i = 0; i < 200; i++) spy.getStackTraces(); // warm up (JIT, caches)
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let samples = 0;
  let threadSamples = 0;
  let frames = 0;
  let errors = 0;
  while (performance.now() - t0 < seconds * 1000) {
    try {
      const traces = spy.getStackTraces();
      samples++;
      threadSamples += traces.length;
      for (const t of traces) frames += t.frames.length;
    } catch {
      errors++;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  const st = spy.stats();
  spy.close();
  console.log(`pyglass: ${samples} samples (${errors} errors), ${threadSamples} thread-samples, ${(frames / Math.max(1, threadSamples)).toFixed(1)} frames/thread, ` +
    `${cpuSec.toFixed(2)} CPU-s → ${Math.round(threadSamples / cpuSec)} thread-samples per CPU-second (${(cpuSec * 1e6 / samples).toFixed(1)} µs CPU per sample; ${st.syscalls} reads in total)`);

  const pyspy = join(homedir(), '.cache/pyglass/py-spy-venv/bin/py-spy');
  if (existsSync(pyspy)) {
    const rate = 2000;
    const out = execFileSync('bash', ['-c', `${pyspy} record --nonblocking -r ${rate} -d ${seconds} -f raw -o /dev/null --pid ${child.pid} 2>&1; times`], { encoding: 'utf8' });
    const m = /Samples: (\d+) Errors: (\d+)/.exec(out);
    const times = out.trim().split("\n").slice(-1)[0].split(/\s+/); // `times`: children user, children sys
    const sec = (s) => { const x = /(\d+)m([\d.]+)s/.exec(s); return x ? Number(x[1]) * 60 + Number(x[2]) : NaN; };
    const pyCpu = sec(times[0]) + sec(times[1]);
    const pySamples = m ? Number(m[1]) : NaN;
    const pyThreadSamples = pySamples * 5;
    console.log(`py-spy:  ${pySamples} samples (${m?.[2]} errors) at -r ${rate}, ~${pyThreadSamples} thread-samples, ${pyCpu.toFixed(2)} CPU-s → ${Math.round(pyThreadSamples / pyCpu)} thread-samples per CPU-second`);
    console.log(`ratio: ${((threadSamples / cpuSec) / (pyThreadSamples / pyCpu)).toFixed(1)}×`);
  } else {
    console.log('py-spy not installed: skipping the comparison (tools/pythons/provision.sh installs it)');
  }
} finally {
  child.kill('SIGKILL');
}
