#!/usr/bin/env node
// Scale figures of the pyglass CLI (the tests check correctness; this measures):
//  1. `dump` of a 10,000-thread program: wall time (median of 3, Node start included) and CPU time
//     (goal: < 2 s wall on an idle machine);
//  2. `record -s -r 100 -d 5` of a 100-process tree (root, 9 children, 90 grandchildren, all idle in
//     sleep loops): late samples from the `Late samples:` line, without and with --idle (goal: < 5 %);
//  3. `dump` and `record -d 2` of a 50,000-deep recursion: wall time.
// Usage: node bench/scale.mjs [python]   (builds the CLI first; the machine's load average is printed:
// on a shared 2-core machine the wall times follow the load, the CPU times much less)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scripts = join(root, 'packages/cli/test/scripts');
const bin = join(root, 'packages/cli/bin/pyglass.js');
const python = process.argv[2] ?? join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions/3.12.1/bin/python3.12');
if (!existsSync(python)) {
  console.error(`${python} not found: pass a python (node bench/scale.mjs /path/to/python3.12)`);
  process.exit(1);
}
execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, ['packages/cli/scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });

/** Starts `script args` and resolves once it printed READY. */
async function start(script, args) {
  const child = spawn(python, [join(scripts, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise((resolve) => child.stdout.on('data', (d) => { out += d; if (out.includes('READY')) resolve(); }));
  return child;
}

/** Runs pyglass; wall ms, CPU ms (user + system of the child, from /usr/bin/time's format via bash's times), stderr. */
function pyglass(args) {
  const t0 = performance.now();
  const r = execFileSync('bash', ['-c', `"${process.execPath}" "${bin}" "$@" >/dev/null 2>${join(tmpdir(), 'pyglass-scale.err')}; times`, 'pyglass', ...args], { encoding: 'utf8' });
  const wall = performance.now() - t0;
  // `times`: shell line, then children "0m0.812s 0m0.301s"
  const child = r.trim().split('\n').at(-1).split(/\s+/).map((t) => { const m = /(\d+)m([\d.]+)s/.exec(t); return m ? Number(m[1]) * 60 + Number(m[2]) : 0; });
  const stderr = execFileSync('cat', [join(tmpdir(), 'pyglass-scale.err')], { encoding: 'utf8' });
  return { wall, cpu: (child[0] + child[1]) * 1000, stderr };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const late = (stderr) => /Late samples: ([\d.]+)%/.exec(stderr)?.[1] ?? '?';
console.log(`python: ${python}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

{
  const child = await start('many_threads.py', ['10000']);
  const runs = [0, 1, 2].map(() => pyglass(['dump', '-p', String(child.pid)]));
  console.log(`dump, 10,000 threads: wall ${median(runs.map((r) => r.wall)).toFixed(0)} ms, CPU ${median(runs.map((r) => r.cpu)).toFixed(0)} ms (median of 3; goal < 2000 ms wall)`);
  child.kill('SIGKILL');
}
{
  const child = await start('process_tree.py', ['9', '10', '60']);
  for (const idle of [false, true]) {
    const r = pyglass(['record', '-s', ...(idle ? ['--idle'] : []), '-r', '100', '-d', '5', '-f', 'raw', '-o', join(tmpdir(), 'pyglass-scale-tree.txt'), '-p', String(child.pid)]);
    console.log(`record -s${idle ? ' --idle' : ''} -r 100, 100 processes: ${late(r.stderr)} % late samples, CPU ${(r.cpu / 5000 * 100).toFixed(0)} % of a core (goal < 5 % late)`);
  }
  child.kill('SIGKILL');
}
{
  const child = await start('deep.py', ['50000']);
  const d = pyglass(['dump', '-p', String(child.pid)]);
  const r = pyglass(['record', '--idle', '-r', '100', '-d', '2', '-f', 'raw', '-o', join(tmpdir(), 'pyglass-scale-deep.txt'), '-p', String(child.pid)]);
  console.log(`50,000-deep recursion: dump wall ${d.wall.toFixed(0)} ms; record -r 100 -d 2: ${late(r.stderr)} % late, ${/Samples: (\d+)/.exec(r.stderr)?.[1]} samples`);
  child.kill('SIGKILL');
}
