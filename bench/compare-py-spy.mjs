#!/usr/bin/env node
// pyglass vs py-spy, side by side in one run, on bench/targets/deep_threads.py (4 threads burning CPU
// 50 frames deep + an idle main thread). Both tools are run as CLIs, each wrapped in a small Python
// that reports the child's CPU time (getrusage RUSAGE_CHILDREN) and max RSS; Node's start-up is
// included in every pyglass figure.
//
//   1. Throughput, every interpreter of the matrix: `record --nonblocking --idle -f raw`, thread-samples
//      ("Samples: N", one per thread per sample) per CPU-second and per wall-second, and the ratio.
//      Both tools are asked for more than they can deliver (py-spy -r 200 already saturates it;
//      pyglass -r 5000), so the figure is their efficiency, not the rate asked.
//   2. Blocking mode (the default) on the goal interpreters: the same figures, plus pyglass's pause
//      per sample (lock → resume), measured through the PythonSpy API.
//   3. Real time: a 5 s `pyglass record -r 1000` (nonblocking and blocking): wall time (≤ 5.5 s) and
//      late % from its "Late samples:" line; py-spy's run of 1 s at 1000 Hz for comparison.
//   4. Start-up: `dump` wall time, median of 5, both tools on the same process.
//   --long [minutes]: a 10-minute `record -r 100` (blocking) with pyglass's VmRSS every 10 s.
//
// Usage: node bench/compare-py-spy.mjs [--seconds 3] [--only 3.12,3.14-sid] [--no-build] [--long [min]]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, homedir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measured } from './lib/measured.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  return v === undefined || v.startsWith('--') ? true : v;
};
const seconds = Number(opt('--seconds', 3));
const only = opt('--only', undefined);
const long = opt('--long', undefined);
const GOALS = ['3.9', '3.11', '3.12', '3.14-sid'];
const target = join(root, 'bench/targets/deep_threads.py');
const pyglassBin = join(root, 'packages/cli/bin/pyglass.js');
const tmp = `/tmp/pyglass-compare-${process.pid}`;
mkdirSync(tmp, { recursive: true });

if (!args.includes('--no-build')) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
let pyspy = join(homedir(), '.cache/pyglass/py-spy-venv/bin/py-spy');
if (!existsSync(pyspy)) {
  console.error('py-spy missing: running tools/pythons/provision.sh host');
  spawnSync('bash', [join(root, 'tools/pythons/provision.sh'), 'host'], { stdio: 'inherit' });
}
if (!existsSync(pyspy)) {
  try { pyspy = execFileSync('sh', ['-c', 'command -v py-spy'], { encoding: 'utf8' }).trim(); } catch { pyspy = ''; }
}
const pyspyVersion = pyspy ? execFileSync(pyspy, ['--version'], { encoding: 'utf8' }).trim() : 'py-spy not installed';
const matrix = JSON.parse(execFileSync('node', [join(root, 'tools/pythons/list.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));

// ---------------------------------------------------------------------------------------------------
function parseRecord(stderr) {
  const m = /Samples: (\d+) Errors: (\d+)/.exec(stderr);
  const late = /Late samples: ([\d.]+)%/.exec(stderr);
  return { samples: m ? Number(m[1]) : NaN, errors: m ? Number(m[2]) : NaN, late: late ? Number(late[1]) : undefined };
}

function startTarget(py, extra = []) {
  let child;
  if (py.root) {
    const inside = `/tmp/pyglass-bench/${py.label}-deep_threads.py`;
    mkdirSync(dirname(join(py.root, inside)), { recursive: true });
    copyFileSync(target, join(py.root, inside));
    child = spawn('chroot', [py.root, py.executable, inside, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    child = spawn(py.executable, [target, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  }
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('target did not print READY in 20 s')); }, 20_000);
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => { if (String(d).includes('READY')) { clearTimeout(timer); setTimeout(() => resolve(child), 200); } });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`target exited (${code}): ${err.trim().split('\n').pop()}`)); });
  });
}

function kill(child) {
  try { child.kill('SIGKILL'); } catch { /* gone */ }
}

function recordRun(tool, pid, { rate, duration, nonblocking }) {
  const out = join(tmp, `${tool}.raw`);
  const common = ['record', '--idle', '-r', String(rate), '-d', String(duration), '-f', 'raw', '-o', out, '--pid', String(pid)];
  if (nonblocking) common.splice(1, 0, '--nonblocking');
  const cmd = tool === 'pyglass' ? ['node', pyglassBin, ...common] : [pyspy, ...common];
  const m = measured(cmd);
  rmSync(out, { force: true });
  const p = parseRecord(m.stderr);
  if (!Number.isFinite(p.samples)) {
    const lines = m.stderr.trim().split('\n').filter((l) => l.trim());
    const why = lines.find((l) => /error|panicked|unsupported|not supported/i.test(l)) ?? lines.pop() ?? `exit ${m.code}`;
    return { ok: false, why: why.replace(/^(py-spy|pyglass)> /, '').slice(0, 80) };
  }
  return { ok: true, ...p, cpu: m.cpu, wall: m.wall, rssMB: m.rssKB / 1024, perCpu: p.samples / m.cpu, perWall: p.samples / m.wall };
}

const fmt = (x, d = 0) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const row = (cells, widths) => cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join(' ');

// ---------------------------------------------------------------------------------------------------
console.log(`# pyglass vs ${pyspyVersion}: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
console.log(`# target: bench/targets/deep_threads.py (4 threads × 50 frames burning CPU + idle main), ${seconds} s per run`);

async function throughput(interps, nonblocking, withPause) {
  const W = [12, 11, 11, 10, 10, 8, 7, 7, 8, 8, 8];
  console.log(`\n## ${nonblocking ? 'Nonblocking' : 'Blocking (default)'}: record --idle -f raw ${nonblocking ? '--nonblocking ' : ''}(pyglass -r ${nonblocking ? 5000 : 1000}, py-spy -r 200)`);
  console.log(row(['python', 'pyglass/cpu', 'py-spy/cpu', 'ratio', 'pg/wall', 'ps/wall', 'pg late', 'pg err', 'ps err', 'pg MB', 'ps MB', ...(withPause ? ['pause med', 'p95', 'max'] : [])], [...W, 10, 8, 8]));
  const results = [];
  for (const py of interps) {
    let child;
    try {
      child = await startTarget(py);
    } catch (e) {
      console.log(row([py.label, `n/a: ${e.message.slice(0, 90)}`], [12, 1]));
      continue;
    }
    try {
      const pg = recordRun('pyglass', child.pid, { rate: nonblocking ? 5000 : 1000, duration: seconds, nonblocking });
      const ps = pyspy ? recordRun('py-spy', child.pid, { rate: 200, duration: seconds, nonblocking }) : { ok: false, why: 'py-spy not installed' };
      const pause = withPause ? await measurePause(child.pid) : undefined;
      const ratio = pg.ok && ps.ok ? pg.perCpu / ps.perCpu : undefined;
      results.push({ py: py.label, pg, ps, ratio, pause });
      console.log(row([py.label, pg.ok ? fmt(pg.perCpu) : 'failed', ps.ok ? fmt(ps.perCpu) : 'n/a', ratio ? `${fmt(ratio, 1)}×` : 'n/a',
        pg.ok ? fmt(pg.perWall) : '', ps.ok ? fmt(ps.perWall) : '', pg.ok ? `${fmt(pg.late, 1)}%` : '', pg.ok ? pg.errors : '', ps.ok ? ps.errors : '',
        pg.ok ? fmt(pg.rssMB) : '', ps.ok ? fmt(ps.rssMB) : '',
        ...(pause ? [`${fmt(pause.median * 1000)} µs`, `${fmt(pause.p95 * 1000)} µs`, `${fmt(pause.max * 1000)} µs`] : [])], [...W, 10, 8, 8]));
      if (!pg.ok) console.log(`${''.padStart(13)}pyglass: ${pg.why}`);
      if (!ps.ok) console.log(`${''.padStart(13)}py-spy: ${ps.why}`);
    } finally {
      kill(child);
    }
  }
  return results;
}

/** Pause per blocking sample (lock request → resume), through the PythonSpy API: 500 samples at ~1 kHz. */
async function measurePause(pid) {
  const { PythonSpy, LockingStrategy } = await import(join(root, 'packages/sampler/dist/index.js'));
  const spy = PythonSpy.create(pid, { blocking: LockingStrategy.Lock });
  const pauses = [];
  try {
    for (let i = 0; i < 520; i++) {
      spy.getStackTraces();
      if (i >= 20) pauses.push(spy.lastPauseMs);
      await new Promise((r) => setTimeout(r, 1));
    }
  } finally {
    spy.close();
  }
  pauses.sort((a, b) => a - b);
  return { median: pauses[pauses.length >> 1], p95: pauses[Math.floor(pauses.length * 0.95)], max: pauses[pauses.length - 1] };
}

async function realTime(py) {
  console.log(`\n## Real time on ${py.label}: record -r 1000 -d 5 --idle -f raw (goal: ≤ 5.5 s wall, < 10 % late)`);
  const child = await startTarget(py);
  try {
    for (const nonblocking of [true, false]) {
      const pg = recordRun('pyglass', child.pid, { rate: 1000, duration: 5, nonblocking });
      const mode = nonblocking ? 'nonblocking' : 'blocking';
      if (!pg.ok) { console.log(`pyglass ${mode}: failed: ${pg.why}`); continue; }
      const ok = pg.wall <= 5.5 && pg.late < 10;
      console.log(`pyglass ${mode.padEnd(11)}: ${fmt(pg.wall, 2)} s wall, late ${fmt(pg.late, 1)}%, ${pg.samples} thread-samples (${fmt(pg.samples / 5 / 5)} Hz per thread), ${fmt(pg.cpu, 2)} CPU-s, ${pg.errors} errors, max RSS ${fmt(pg.rssMB)} MB → ${ok ? 'PASS' : 'FAIL'}`);
      if (pyspy) {
        const ps = recordRun('py-spy', child.pid, { rate: 1000, duration: 1, nonblocking });
        if (ps.ok) console.log(`py-spy  ${mode.padEnd(11)}: 1 s at 1000 Hz (1000 intervals) took ${fmt(ps.wall, 2)} s wall, ${ps.samples} thread-samples (${fmt(ps.samples / 5 / ps.wall)} Hz per thread achieved), ${fmt(ps.cpu, 2)} CPU-s`);
        else console.log(`py-spy  ${mode}: ${ps.why}`);
      }
    }
  } finally {
    kill(child);
  }
}

async function dumpLatency(py) {
  console.log(`\n## Start-up on ${py.label}: dump wall time (median of 5, Node start included)`);
  const child = await startTarget(py);
  try {
    const med = (cmd) => {
      const times = [];
      for (let i = 0; i < 5; i++) {
        const m = measured(cmd);
        if (m.code !== 0) return { fail: m.stderr.trim().split('\n').pop() };
        times.push(m.wall);
      }
      times.sort((a, b) => a - b);
      return { t: times[2], rss: 0 };
    };
    const pg = med(['node', pyglassBin, 'dump', '--pid', String(child.pid)]);
    const ps = pyspy ? med([pyspy, 'dump', '--pid', String(child.pid)]) : { fail: 'py-spy not installed' };
    const node = med(['node', '-e', '0']);
    console.log(`pyglass dump: ${pg.t !== undefined ? `${fmt(pg.t * 1000)} ms` : pg.fail}; py-spy dump: ${ps.t !== undefined ? `${fmt(ps.t * 1000)} ms` : ps.fail}; ` +
      `ratio ${pg.t && ps.t ? `${fmt(pg.t / ps.t, 1)}×` : 'n/a'} (goal ≤ 1.5×); bare \`node -e 0\`: ${fmt(node.t * 1000)} ms`);
  } finally {
    kill(child);
  }
}

async function longRun(py, minutes) {
  console.log(`\n## Memory on ${py.label}: record -r 100 for ${minutes} min (blocking, raw), pyglass VmRSS every 10 s`);
  const child = await startTarget(py);
  const out = join(tmp, 'long.raw');
  const rec = spawn('node', [pyglassBin, 'record', '-r', '100', '-d', String(minutes * 60), '-f', 'raw', '-o', out, '--pid', String(child.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  rec.stderr.on('data', (d) => { err += d; });
  const series = [];
  const rss = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${rec.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    } catch { return undefined; }
  };
  const timer = setInterval(() => {
    const v = rss();
    if (v === undefined) return;
    series.push(v);
    console.log(`t=${String(series.length * 10).padStart(4)} s  VmRSS ${fmt(v, 1)} MB`);
  }, 10_000);
  await new Promise((r) => rec.on('exit', r));
  clearInterval(timer);
  kill(child);
  const p = parseRecord(err);
  const max = Math.max(...series);
  const later = series.slice(Math.floor(series.length / 2));
  console.log(`samples ${p.samples}, errors ${p.errors}, late ${fmt(p.late, 1)}%; VmRSS min ${fmt(Math.min(...series), 1)} / max ${fmt(max, 1)} MB; ` +
    `second half ${fmt(Math.min(...later), 1)}–${fmt(Math.max(...later), 1)} MB → ${max < 80 ? 'PASS (< 80 MB)' : 'FAIL (≥ 80 MB)'}`);
  rmSync(out, { force: true });
}

// ---------------------------------------------------------------------------------------------------
try {
  const byLabel = new Map(matrix.map((p) => [p.label, p]));
  const main = byLabel.get('3.12') ?? matrix.find((p) => p.major === 3 && p.minor >= 11);
  if (long !== undefined) {
    await longRun(main, long === true ? 10 : Number(long));
  } else {
    const selected = only ? matrix.filter((p) => String(only).split(',').includes(p.label)) : matrix;
    await throughput(selected, true, false);
    await throughput(selected.filter((p) => GOALS.includes(p.label)), false, true);
    if (main && (!only || selected.includes(main))) {
      await realTime(main);
      await dumpLatency(main);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
