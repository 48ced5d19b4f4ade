#!/usr/bin/env node
// The sampler's per-sample CPU, two builds side by side in one run: the working tree's
// packages/sampler/dist against an earlier build (--base-dist DIR), each a PythonSpy on the same
// target, alternating in short slices (150 ms by default) so that a shared machine's load falls on
// both alike; prints the median CPU per sample (getrusage of this process, user + system) and
// thread-samples per CPU-second of each, and the ratio. No Node start-up, no output format: the
// reader's own cost (the CLI figures of compare-cpython-sampler.mjs include both).
//
// Targets: bench/targets/deep_threads.py (N threads 50 frames deep + idle main; `--threads 1` for 1
// busy thread) or bench/targets/service_like.py (`--idle-target`: one idle thread 12 frames deep,
// the agent's common case; with `--agent-path` read as the agent does, skipping a process whose
// threads all sleep).
//
// The base build: with the earlier revision checked out (commit work in progress first; the stash is
// shared by every worktree), `npx tsc -b packages/sampler && cp -r packages/sampler/dist
// packages/sampler/node_modules/.ab-base`, then back to the new revision and build it. The copy sits
// inside packages/sampler so that its @pyglass/* imports resolve, and in node_modules so git ignores it.
// `--no-run-states` gives both spies `runStates: false` (what `record --idle -f raw` asks for; a build
// older than that option reads them anyway).
// Usage: node bench/reader-ab.mjs --base-dist packages/sampler/node_modules/.ab-base [--python 3.15] [--threads 4]
//          [--idle-target] [--agent-path] [--blocking] [--no-run-states] [--slices 30] [--slice-ms 150]
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { option } from './lib/options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => option(args, name, dflt);
const baseDist = opt('--base-dist');
if (!baseDist) {
  console.error('usage: node bench/reader-ab.mjs --base-dist DIR [--python 3.15] [--threads 4] [--idle-target] [--agent-path] [--blocking]');
  process.exit(2);
}
const label = opt('--python', '3.15');
const threads = Number(opt('--threads', 4));
const idleTarget = args.includes('--idle-target');
const agentPath = args.includes('--agent-path');
const blocking = args.includes('--blocking');
const runStates = !args.includes('--no-run-states');
const slices = Number(opt('--slices', 30));
const sliceMs = Number(opt('--slice-ms', 150));

const matrix = JSON.parse(execFileSync('node', [join(root, 'tools/pythons/list.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const [major, minor] = label.split('.').map(Number);
const py = matrix.find((p) => p.major === major && p.minor === minor && !p.debug && !p.freeThreaded && !p.root)
  ?? matrix.find((p) => p.major === major && p.minor === minor && !p.debug && !p.freeThreaded);
if (!py) {
  console.error(`no Python ${label} (tools/pythons/list.mjs): run tools/pythons/provision.sh first`);
  process.exit(2);
}
const script = join(root, 'bench/targets', idleTarget ? 'service_like.py' : 'deep_threads.py');
const targetArgs = idleTarget ? ['3600'] : ['3600', String(threads)];
let argv = [py.executable, script, ...targetArgs];
let copied;
if (py.root) {
  // a Python in a root runs the script from inside it
  copied = join(py.root, `tmp/pyglass-ab-${process.pid}`);
  mkdirSync(copied, { recursive: true });
  copyFileSync(script, join(copied, 'target.py'));
  argv = ['chroot', py.root, py.executable, `/tmp/pyglass-ab-${process.pid}/target.py`, ...targetArgs];
}
const target = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
const cleanup = () => {
  try { target.kill('SIGKILL'); } catch { /* gone */ }
  if (copied) rmSync(copied, { recursive: true, force: true });
};
process.on('exit', cleanup);
await new Promise((ok, fail) => {
  target.stdout.on('data', (d) => String(d).includes('READY') && ok());
  target.on('exit', (code) => fail(new Error(`the target exited (${code}) before READY`)));
});
await new Promise((r) => setTimeout(r, 300));

const load = async (dir) => import(pathToFileURL(join(resolve(root, dir), 'index.js')).href);
const builds = { base: await load(baseDist), new: await load('packages/sampler/dist') };
const spies = {};
for (const [k, M] of Object.entries(builds)) {
  spies[k] = M.PythonSpy.create(target.pid, { blocking: blocking ? M.LockingStrategy.Lock : M.LockingStrategy.NonBlocking, includeIdle: !agentPath, runStates });
}
const opts = agentPath ? { idleStacksUnused: true } : {};
let perSample = 0;
for (const s of Object.values(spies)) for (let i = 0; i < 500; i++) perSample = s.getStackTraces(opts).length;
const cost = { base: [], new: [] };
const load0 = loadavg()[0];
for (let r = 0; r < slices; r++) {
  for (const k of r % 2 ? ['new', 'base'] : ['base', 'new']) {
    const spy = spies[k];
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < sliceMs) {
      spy.getStackTraces(opts);
      n++;
    }
    const c = process.cpuUsage(c0);
    cost[k].push((c.user + c.system) / n);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const b = median(cost.base);
const n = median(cost.new);
const what = idleTarget ? `idle target 12 frames deep${agentPath ? ", agent's path" : ''}` : `${threads} busy thread(s) + idle main`;
console.log(`# ${py.label} (${py.version}), ${what}, ${blocking ? 'blocking' : 'nonblocking'}${runStates ? '' : ', runStates: false'}; ${perSample} thread(s) per sample; ${slices} × ${sliceMs} ms per build; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
console.log(`base (${baseDist}): ${b.toFixed(1)} µs CPU per sample, ${Math.round((perSample * 1e6) / b).toLocaleString('en-US')} thread-samples per CPU-second`);
console.log(`new  (packages/sampler/dist): ${n.toFixed(1)} µs CPU per sample, ${Math.round((perSample * 1e6) / n).toLocaleString('en-US')} thread-samples per CPU-second`);
console.log(`new / base throughput: ${(b / n).toFixed(2)}×`);
for (const s of Object.values(spies)) s.close();
// the target's stdout pipe would keep Node running (the exit handler kills the target)
process.exit(0);
