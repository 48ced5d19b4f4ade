// The sid root's CPython (tools/pythons/list.mjs gives the root and the executable) for benches that
// run CPython's own tools (`python3.X -m profiling.sampling`): they read /proc inside the root, so /proc
// is mounted there while the bench runs (and unmounted after, unless it was mounted already), and the
// targets it starts there are killed when it ends.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The first non-debug, GIL build of `minor` (3.x) in a root, or undefined. */
export function rootPython(root, minor) {
  const matrix = JSON.parse(execFileSync('node', [join(root, 'tools/pythons/list.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  return matrix.find((p) => p.major === 3 && p.minor === minor && p.root && !p.debug && !p.freeThreaded);
}

/**
 * Mounts /proc in `py.root` and makes a scratch directory there: `inRoot` (its path inside the root)
 * and `hostDir` (the same directory from the host). `start(argv)` runs the root's Python with `argv`
 * and resolves once it prints READY; `close()` kills the targets, unmounts and removes the directory.
 */
export function openRoot(py) {
  const inRoot = `/tmp/pyglass-bench-${process.pid}`;
  const hostDir = join(py.root, inRoot);
  mkdirSync(hostDir, { recursive: true });
  const procDir = join(py.root, 'proc');
  const mounted = () => readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === procDir);
  let weMounted = false;
  if (!mounted()) {
    execFileSync('mount', ['-t', 'proc', 'proc', procDir]);
    weMounted = true;
  }
  const targets = new Set();
  const kill = (child) => {
    try { child.kill('SIGKILL'); } catch { /* gone */ }
  };
  const close = () => {
    for (const c of targets) kill(c);
    if (weMounted && mounted()) spawnSync('umount', [procDir]);
    weMounted = false;
    rmSync(hostDir, { recursive: true, force: true });
  };
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { close(); process.exit(130); });
  const start = (argv) => {
    const child = spawn('chroot', [py.root, py.executable, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    targets.add(child);
    return new Promise((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => { kill(child); reject(new Error('target did not print READY in 30 s')); }, 30_000);
      child.stderr.on('data', (d) => { err += d; });
      child.stdout.on('data', (d) => { if (String(d).includes('READY')) { clearTimeout(timer); setTimeout(() => resolve(child), 200); } });
      child.on('exit', (code) => { clearTimeout(timer); targets.delete(child); reject(new Error(`target exited (${code}): ${err.trim().split('\n').pop()}`)); });
    });
  };
  return { inRoot, hostDir, start, kill, close };
}
