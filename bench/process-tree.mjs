#!/usr/bin/env node
// Process trees (issue 25, goal 3): pyglass and py-spy side by side in one run, `record -s` (the root
// and every descendant), 100 Hz, each tool in turn on the same target; Node's start-up included.
//
//   1. A 100-process tree (packages/cli/test/scripts/process_tree.py: root, 9 children, 90
//      grandchildren, all idle in sleep loops): `record -s --idle` blocking and nonblocking, and
//      `record -s` blocking (nothing to show: the tools may skip sleeping processes).
//   2. A pre-fork server under load: gunicorn, 3 sync workers, a Flask view costing ~2 ms of CPU per
//      request, 6 client threads (bench/targets/http_load.py on 127.0.0.1) requesting back to back:
//      `record -s` blocking and nonblocking.
//
// Per run: thread-samples ("Samples: N"), and for the idle tree the share of the samples the rate
// asked for (100 processes × 100 Hz × seconds) that were taken; CPU-seconds of the tool (its own
// rusage), CPU-ms per 1,000 thread-samples, pyglass's late samples ("Late samples:"; a sample is late
// when taken more than one mean interval after its time; py-spy prints no such figure). The load
// average is printed before each part: on a shared machine only the ratios of one run mean much.
//
// Usage: node bench/process-tree.mjs [--seconds 5] [--python 3.12] [--only tree|server]
//        [--baseline path/to/other/pyglass.js] [--no-build]
// Needs py-spy and, for the server, tools/pythons/provision.sh gunicorn (run when missing).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchArgs, option, pyglassBin, repoRoot } from './lib/args.mjs';
import { measured } from './lib/measured.mjs';
import { killGroup, spawnGroup } from './lib/children.mjs';

const seconds = Number(option('--seconds', 5));
const pythonLabel = option('--python', '3.12');
const only = option('--only', undefined);
const baseline = option('--baseline', undefined);
const RATE = 100;

if (!benchArgs.includes('--no-build')) execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
const pyspy = join(homedir(), '.cache/pyglass/py-spy-venv/bin/py-spy');
if (!existsSync(pyspy)) spawnSync('bash', [join(repoRoot, 'tools/pythons/provision.sh'), 'host'], { stdio: 'inherit' });
const matrix = JSON.parse(execFileSync('node', [join(repoRoot, 'tools/pythons/list.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const python = matrix.find((p) => p.label === pythonLabel && !p.root);
if (!python) {
  console.error(`no host interpreter labelled ${pythonLabel} (tools/pythons/list.mjs lists them)`);
  process.exit(1);
}
const tmp = mkdtempSync(join(tmpdir(), 'pyglass-tree-'));
const tools = [['pyglass', ['node', pyglassBin]], ...(baseline ? [['baseline', ['node', baseline]]] : []), ['py-spy', [pyspy]]];

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const fmt = (x, d = 0) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const row = (cells, widths) => cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join(' ');

/** Starts `argv` and resolves with the child once its stdout has a line starting with READY (and that line). */
function startReady(argv, what, timeoutMs = 60_000) {
  const child = spawnGroup(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${what} did not print READY in ${timeoutMs / 1000} s`)); }, timeoutMs);
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('READY'));
      if (line !== undefined) { clearTimeout(timer); resolve({ child, line }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited (${code}): ${err.trim().split('\n').pop()}`)); });
  });
}

/** One `record -s` of `pid` by one tool: samples, errors, late %, CPU-s, wall-s. */
function record(cmd, pid, flags) {
  const out = join(tmp, 'out.raw');
  const m = measured([...cmd, 'record', '-s', ...flags, '-r', String(RATE), '-d', String(seconds), '-f', 'raw', '-o', out, '--pid', String(pid)]);
  rmSync(out, { force: true });
  const s = /Samples: (\d+) Errors: (\d+)/.exec(m.stderr);
  const late = /Late samples: ([\d.]+)%/.exec(m.stderr);
  if (!s) return { ok: false, why: m.stderr.trim().split('\n').filter((l) => l.trim()).pop()?.slice(0, 100) ?? `exit ${m.code}` };
  return { ok: true, samples: Number(s[1]), errors: Number(s[2]), late: late ? Number(late[1]) : undefined, cpu: m.cpu, wall: m.wall };
}

function table(title, pid, runs, expected) {
  console.log(`\n## ${title} (load average ${load()})`);
  const W = [26, 10, 8, 9, 7, 7, 10, 10];
  console.log(row(['tool, flags', 'samples', ...(expected ? ['of asked'] : ['']), 'late', 'errors', 'CPU-s', 'wall-s', 'CPU-ms/1k'], W));
  for (const flags of runs) {
    const results = new Map();
    for (const [name, cmd] of tools) {
      const r = record(cmd, pid, flags);
      results.set(name, r);
      const label = `${name} ${flags.join(' ')}`.trim();
      if (!r.ok) { console.log(`${label.padStart(W[0])}: ${r.why}`); continue; }
      console.log(row([label, fmt(r.samples), expected ? `${fmt((r.samples / expected) * 100, 1)} %` : '', r.late === undefined ? 'n/a' : `${fmt(r.late, 1)} %`, fmt(r.errors), fmt(r.cpu, 2), fmt(r.wall, 2), fmt((r.cpu * 1e6) / r.samples, 1)], W));
    }
    const pg = results.get('pyglass');
    const ps = results.get('py-spy');
    if (pg?.ok && ps?.ok) {
      const perSample = ((pg.cpu / pg.samples) / (ps.cpu / ps.samples));
      console.log(`${''.padStart(W[0])}  pyglass / py-spy: ${fmt(pg.samples / ps.samples, 2)}× the samples, ${fmt(perSample, 2)}× the CPU per sample`);
    }
  }
}


/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

console.log(`# process trees, pyglass vs ${execFileSync(pyspy, ['--version'], { encoding: 'utf8' }).trim()}: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${seconds} s per run, ${RATE} Hz`);
console.log(`# uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);

const started = [];
try {
  if (only === undefined || only === 'tree') {
    const runs = [['--idle'], ['--idle', '--nonblocking'], []];
    // py-spy can take many times the asked duration on this tree: the tree lives until it is killed below
    const life = '3600';
    const { child } = await startReady([python.executable, join(repoRoot, 'packages/cli/test/scripts/process_tree.py'), '9', '10', life], 'process_tree.py');
    started.push(child);
    table(`100 idle processes, Python ${python.version}`, child.pid, runs, 100 * RATE * seconds);
    killGroup(child);
  }
  if (only === undefined || only === 'server') {
    const venv = join(homedir(), '.cache/pyglass/gunicorn-venv');
    if (!existsSync(join(venv, 'bin/gunicorn'))) spawnSync('bash', [join(repoRoot, 'tools/pythons/provision.sh'), 'gunicorn'], { stdio: 'inherit' });
    const port = await freePort();
    const server = spawnGroup(join(venv, 'bin/gunicorn'), ['-w', '3', '-b', `127.0.0.1:${port}`, '--chdir', join(repoRoot, 'bench/targets'), 'flask_app:app'], { stdio: 'ignore' });
    started.push(server);
    const runs = [[], ['--nonblocking']];
    const life = '3600';
    const { child: client } = await startReady([join(venv, 'bin/python'), join(repoRoot, 'bench/targets/http_load.py'), `http://127.0.0.1:${port}/`, '6', life], 'the load client');
    started.push(client);
    const pyVersion = execFileSync(join(venv, 'bin/python'), ['-c', 'import sys, gunicorn, flask; print(sys.version.split()[0], gunicorn.__version__, flask.__version__)'], { encoding: 'utf8' }).trim().split(' ');
    table(`gunicorn ${pyVersion[1]} (master + 3 sync workers), Flask ${pyVersion[2]}, Python ${pyVersion[0]}, 6 client threads`, server.pid, runs);
  }
} finally {
  for (const c of started) killGroup(c);
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`\n# uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
