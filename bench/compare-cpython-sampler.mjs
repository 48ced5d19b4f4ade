#!/usr/bin/env node
// pyglass vs CPython 3.15's own sampler (`python3.15 -m profiling.sampling`), side by side in one run,
// on the same 3.15 target in the sid root (tools/pythons/list.mjs gives the root and the executable).
// Its sampler reads /proc inside the root, so /proc is mounted there for the run (and unmounted after,
// unless it was already mounted). Both tools run as CLIs under the same getrusage wrapper as
// compare-py-spy.mjs (CPU of the child, max RSS, wall); Node's and Python's start-up are included.
//
//   1. Saturated throughput, nonblocking, both asked for 100 kHz (more than either delivers), on
//      bench/targets/deep_threads.py with 4 busy threads + idle main, and with 1 busy thread + idle
//      main: thread-samples (one per thread per round) per CPU-second and per wall-second, the ratio.
//      pyglass: `record --nonblocking --idle -f raw` ("Samples: N"); CPython: `attach -a --collapsed`
//      (the sum of the collapsed counts).
//   2. The same in blocking mode: pyglass's default (ptrace) vs its `--blocking`, 5-thread target.
//   3. 1 kHz, where both hold the rate: CPU-seconds each on the 5-thread target.
//   4. Max RSS of every run beside a bare `node -e 0`'s.
//   5. Start-up: `dump` of an idle 3.15 process, wall, median of 10, both tools and `node -e 0`.
//
// Usage: node bench/compare-cpython-sampler.mjs [--seconds 3] [--no-build]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchArgs, option, pyglassBin, repoRoot } from './lib/args.mjs';
import { measured as measureChild } from './lib/measured.mjs';
import { openRoot, rootPython } from './lib/cpython-root.mjs';

const root = repoRoot;
const args = benchArgs;
const opt = option;
const seconds = Number(opt('--seconds', 3));
const target = join(root, 'bench/targets/deep_threads.py');

if (!args.includes('--no-build')) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const py = rootPython(root, 15);
if (!py) {
  console.error('No Python 3.15 in a root (tools/pythons/list.mjs): run tools/pythons/provision.sh first.');
  process.exit(2);
}
const { inRoot, hostDir, start: startTarget, kill, close: cleanup } = openRoot(py);
copyFileSync(target, join(hostDir, 'deep_threads.py'));

/** The shared getrusage wrapper, in MB and with the output as `out`. */
function measured(cmd) {
  const m = measureChild(cmd);
  return { cpu: m.cpu, rssMB: m.rssKB / 1024, wall: m.wall, code: m.code, out: m.stderr };
}

const lastLine = (s) => s.trim().split('\n').filter((l) => l.trim()).pop() ?? '';

/** One `record` of the pid: { ok, samples, cpu, wall, rssMB, perCpu, perWall } or { ok: false, why }. */
function recordRun(tool, pid, { rate, duration, blocking }) {
  let cmd;
  let samples;
  const name = `${tool}-${Date.now()}.txt`;
  if (tool === 'pyglass') {
    const out = join(hostDir, name);
    cmd = ['node', pyglassBin, 'record', ...(blocking ? [] : ['--nonblocking']), '--idle', '-r', String(rate), '-d', String(duration), '-f', 'raw', '-o', out, '--pid', String(pid)];
    const m = measured(cmd);
    const s = /Samples: (\d+)/.exec(m.out);
    rmSync(out, { force: true });
    if (!s) return { ok: false, why: lastLine(m.out).slice(0, 100) };
    samples = Number(s[1]);
    return done(m, samples);
  }
  cmd = ['chroot', py.root, py.executable, '-m', 'profiling.sampling', 'attach', '-a', ...(blocking ? ['--blocking'] : []), '-r', String(rate), '-d', String(duration), '--collapsed', '-o', `${inRoot}/${name}`, String(pid)];
  const m = measured(cmd);
  const file = join(hostDir, name);
  if (!existsSync(file)) return { ok: false, why: lastLine(m.out).slice(0, 100) };
  samples = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const c = /\s(\d+)$/.exec(line);
    if (c) samples += Number(c[1]);
  }
  rmSync(file, { force: true });
  return done(m, samples);
}
function done(m, samples) {
  return { ok: true, samples, cpu: m.cpu, wall: m.wall, rssMB: m.rssMB, perCpu: samples / m.cpu, perWall: samples / m.wall };
}

const fmt = (x, d = 0) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const row = (cells, widths) => cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join(' ');
const W = [40, 10, 12, 11, 11, 9, 8, 8];

function printPair(label, pg, cp) {
  const cell = (r, f) => (r.ok ? f(r) : 'failed');
  console.log(row([label, 'pyglass', cell(pg, (r) => fmt(r.perCpu)), cell(pg, (r) => fmt(r.perWall)), cell(pg, (r) => fmt(r.samples)), cell(pg, (r) => fmt(r.cpu, 2)), cell(pg, (r) => fmt(r.rssMB, 1)), ''], W));
  const ratio = pg.ok && cp.ok ? `${fmt(pg.perCpu / cp.perCpu, 2)}×` : 'n/a';
  console.log(row(['', 'CPython', cell(cp, (r) => fmt(r.perCpu)), cell(cp, (r) => fmt(r.perWall)), cell(cp, (r) => fmt(r.samples)), cell(cp, (r) => fmt(r.cpu, 2)), cell(cp, (r) => fmt(r.rssMB, 1)), ratio], W));
  if (!pg.ok) console.log(`  pyglass: ${pg.why}`);
  if (!cp.ok) console.log(`  CPython: ${cp.why}`);
}

async function pairOn(label, targetArgs, runs) {
  let child;
  try {
    child = await startTarget(targetArgs);
  } catch (e) {
    console.log(row([label, `n/a: ${e.message}`], [40, 1]));
    return;
  }
  try {
    for (const r of runs) {
      const pg = recordRun('pyglass', child.pid, r);
      const cp = recordRun('cpython', child.pid, { ...r, rate: r.cpRate });
      printPair(`${label}, ${r.title}`, pg, cp);
    }
  } finally {
    kill(child);
  }
}

function median(cmd, n = 10) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const m = measured(cmd);
    if (m.code !== 0) return { fail: lastLine(m.out) };
    times.push(m.wall);
    rss = Math.max(rss, m.rssMB);
  }
  times.sort((a, b) => a - b);
  return { t: (times[(n - 1) >> 1] + times[n >> 1]) / 2, rssMB: rss };
}

// ---------------------------------------------------------------------------------------------------
try {
  const version = execFileSync('chroot', [py.root, py.executable, '--version'], { encoding: 'utf8' }).trim();
  console.log(`# pyglass vs ${version}'s profiling.sampling: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${seconds} s per run`);
  const node = median(['node', '-e', '0'], 10);
  console.log(`# bare \`node -e 0\`: ${fmt(node.t * 1000)} ms wall (median of 10), max RSS ${fmt(node.rssMB, 1)} MB`);
  console.log(`\n${row(['run', 'tool', 'samples/CPU-s', 'samples/s', 'samples', 'CPU-s', 'RSS MB', 'pg/CPython'], W)}`);
  const saturated = { rate: 100000, cpRate: '100khz', duration: seconds };
  const deep = [`${inRoot}/deep_threads.py`, '3600'];
  await pairOn('4 busy + idle main', [...deep, '4'], [
    { ...saturated, title: 'nonblocking 100 kHz' },
    { ...saturated, blocking: true, title: 'blocking 100 kHz' },
    { rate: 1000, cpRate: '1khz', duration: seconds, title: 'nonblocking 1 kHz' },
  ]);
  await pairOn('1 busy + idle main', [...deep, '1'], [{ ...saturated, title: 'nonblocking 100 kHz' }]);

  console.log('\n## dump of an idle 3.15 process (main thread asleep), wall, median of 10');
  const idle = await startTarget(['-c', 'import time; print("READY", flush=True); time.sleep(3600)']);
  try {
    const pg = median(['node', pyglassBin, 'dump', '--pid', String(idle.pid)]);
    const cp = median(['chroot', py.root, py.executable, '-m', 'profiling.sampling', 'dump', String(idle.pid)]);
    const show = (r) => (r.t !== undefined ? `${fmt(r.t * 1000)} ms (${fmt((r.t - node.t) * 1000)} ms above node), max RSS ${fmt(r.rssMB, 1)} MB (${fmt(r.rssMB - node.rssMB, 1)} MB above node)` : `failed: ${r.fail}`);
    console.log(`pyglass dump: ${show(pg)}`);
    console.log(`CPython dump: ${show(cp)}`);
    console.log(`node -e 0   : ${fmt(node.t * 1000)} ms, max RSS ${fmt(node.rssMB, 1)} MB`);
  } finally {
    kill(idle);
  }
  console.log(`\n# load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (figures taken on a loaded machine are provisional)`);
} finally {
  cleanup();
}
