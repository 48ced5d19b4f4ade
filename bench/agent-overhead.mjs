#!/usr/bin/env node
// `pyglass agent` overhead: its CPU and RSS while it profiles 1, 10 and 50 Python processes at
// 100 Hz and uploads to a local receiver (a plain HTTP server on 127.0.0.1 that answers 200).
// Targets are bench/targets/service_like.py (mostly idle: ~1 ms of work 12 frames deep every
// 100 ms). For each count and locking mode: start the targets, start the agent, wait until it has
// attached to all of them, let it run --warmup seconds, then measure --seconds: the agent's CPU
// (utime+stime from /proc/PID/stat) as % of one core, its VmRSS at the end and VmHWM (peak), the
// share of ticks it skipped because it was behind. A starved agent (a loaded machine) skips ticks
// rather than use more CPU, so the CPU one stack read of such a target costs is also measured on its
// own (PythonSpy.getStackTraces, 2,000 reads: full reads, and the agent's path that skips a process
// whose threads all sleep) and the CPU every tick would need is printed from each.
//
// Usage: node bench/agent-overhead.mjs [--counts 1,10,50] [--seconds 20] [--warmup 5] [--rate 100]
//                                      [--modes blocking,nonblocking] [--python 3.12] [--no-build]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnGroup } from './lib/children.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i < 0 || args[i + 1] === undefined ? dflt : args[i + 1];
};
const counts = String(opt('--counts', '1,10,50')).split(',').map(Number);
const seconds = Number(opt('--seconds', 20));
const warmup = Number(opt('--warmup', 5));
const rate = Number(opt('--rate', 100));
const modes = String(opt('--modes', 'blocking,nonblocking')).split(',');
const label = String(opt('--python', '3.12'));
if (!args.includes('--no-build')) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

const matrix = JSON.parse(execFileSync('node', [join(root, 'tools/pythons/list.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const py = matrix.find((p) => p.label === label && !p.root) ?? matrix.find((p) => !p.root && p.major === 3);
if (!py) throw new Error('no host Python 3 interpreter: run tools/pythons/provision.sh host');
const target = join(root, 'bench/targets/service_like.py');
const bin = join(root, 'packages/cli/bin/pyglass.js');
const clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let requests = 0;
let bytes = 0;
const server = createServer((req, res) => {
  req.on('data', (d) => { bytes += d.length; });
  req.on('end', () => { requests++; res.writeHead(200).end(); });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / clkTck;
}
function statusKb(pid, key) {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function startTargets(n) {
  const children = [];
  for (let i = 0; i < n; i++) {
    const c = spawnGroup(py.executable, [target, '3600'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(c);
    await new Promise((resolve, reject) => {
      c.stdout.once('data', resolve);
      c.once('exit', () => reject(new Error('target exited')));
    });
  }
  return children;
}

async function measure(n, mode) {
  const targets = await startTargets(n);
  const agentArgs = [bin, 'agent', '--pyroscope', url, '--match', 'service_like\\.py', '--rate', String(rate), '--upload-interval', '5'];
  if (mode === 'nonblocking') agentArgs.push('--nonblocking');
  const agent = spawnGroup(process.execPath, agentArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  agent.stderr.on('data', (d) => { log += d; });
  const attachDeadline = Date.now() + 60_000;
  while ((log.match(/profiling pid/g) ?? []).length < n) {
    if (Date.now() > attachDeadline) throw new Error(`agent attached to fewer than ${n} processes:\n${log}`);
    await sleep(100);
  }
  await sleep(warmup * 1000);
  const cpu0 = cpuSeconds(agent.pid);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const cpu = (cpuSeconds(agent.pid) - cpu0) / ((performance.now() - t0) / 1000);
  const rss = statusKb(agent.pid, 'VmRSS') / 1024;
  const peak = statusKb(agent.pid, 'VmHWM') / 1024;
  const exited = new Promise((r) => agent.once('exit', r));
  agent.kill('SIGTERM');
  await exited;
  for (const c of targets) c.kill('SIGKILL');
  const m = /samples: (\d+); errors: (\d+); ticks skipped while behind: (\d+) of (\d+)/.exec(log);
  const perRead = readCost[mode];
  const wall = (performance.now() - t0) / 1000 + warmup;
  return {
    processes: n,
    mode,
    'agent CPU (% of a core)': (cpu * 100).toFixed(1),
    'RSS MiB': rss.toFixed(0),
    'peak RSS MiB': peak.toFixed(0),
    'ticks skipped %': m ? ((100 * Number(m[3])) / Number(m[4])).toFixed(1) : '?',
    'sampling errors': m ? m[2] : '?',
    'CPU needed for every tick, full reads (% of a core)': ((perRead.full * n * rate) / 1e4).toFixed(0),
    "CPU needed for every tick, agent's path (% of a core)": ((perRead.agent * n * rate) / 1e4).toFixed(0),
    _wall: wall,
  };
}

/**
 * CPU µs of one stack read of a service_like target, per locking mode: a full read (every sample
 * reads the stack), and the agent's own path (`idleStacksUnused`: a process whose threads all sleep
 * is not read, its last stacks come back marked idle), both on the same target in alternating rounds.
 */
async function stackReadCost(mode) {
  const { PythonSpy, LockingStrategy } = await import(join(root, 'packages/sampler/dist/index.js'));
  const [target] = await startTargets(1);
  const spy = PythonSpy.create(target.pid, { blocking: mode === 'blocking' ? LockingStrategy.Lock : LockingStrategy.NonBlocking });
  const paths = { full: {}, agent: { idleStacksUnused: true } };
  const used = { full: 0, agent: 0 };
  const reads = 2000;
  for (const opts of Object.values(paths)) for (let i = 0; i < 200; i++) spy.getStackTraces(opts);
  for (let round = 0; round < 10; round++) {
    for (const [name, opts] of Object.entries(paths)) {
      const before = process.cpuUsage();
      for (let i = 0; i < reads / 10; i++) spy.getStackTraces(opts);
      const d = process.cpuUsage(before);
      used[name] += d.user + d.system;
    }
  }
  spy.close();
  target.kill('SIGKILL');
  return { full: used.full / reads, agent: used.agent / reads };
}
const readCost = {};
for (const mode of modes) readCost[mode] = await stackReadCost(mode);

console.log(`pyglass agent at ${rate} Hz on ${py.label} (${py.version}); ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}); ${seconds} s measured after ${warmup} s of warm-up; one stack read costs ${modes.map((m) => `${readCost[m].full.toFixed(0)} µs of CPU ${m} (${readCost[m].agent.toFixed(0)} µs on the agent's path, which skips a process whose threads all sleep)`).join(', ')}`);
const rows = [];
for (const mode of modes) {
  for (const n of counts) {
    const row = await measure(n, mode);
    delete row._wall;
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
console.table(rows);
console.log(`receiver: ${requests} uploads, ${(bytes / 1024).toFixed(0)} KiB`);
server.close();
