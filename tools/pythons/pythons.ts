/**
 * The interpreter matrix pyglass is tested against: finds every CPython on this machine (pyenv,
 * Debian's /usr/bin/python3.11, the Debian sid root and the free-threaded 3.13t build that
 * provision.sh makes under ~/.cache/pyglass) and describes each one.
 *
 * Used by tests (import it with a relative path) and by `node tools/pythons/list.ts`-style callers.
 */
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PythonInterpreter {
  /** Short unique name, e.g. "3.12", "3.11-debian", "3.14-sid", "3.14d-sid", "3.13t". */
  label: string;
  /** Path of the executable as the process sees it (inside `root` when set). */
  executable: string;
  /** Chroot directory the interpreter lives in (the container case), if any. */
  root?: string;
  /** Full version, e.g. "3.12.1". */
  version: string;
  major: number;
  minor: number;
  patch: number;
  freeThreaded: boolean;
  debug: boolean;
  /** "libpython" when the interpreter lives in a shared libpython, "static" when linked into the executable. */
  linkage: 'static' | 'libpython';
  /** Directory holding Python.h (host path), when headers are installed. */
  includeDir?: string;
  /** Multiarch directory holding pyconfig.h when separate from includeDir (Debian). */
  platIncludeDir?: string;
}

export const cacheDir = process.env.PYGLASS_CACHE ?? join(homedir(), '.cache', 'pyglass');
export const sidRoot = join(cacheDir, 'sid-root');
const here = dirname(fileURLToPath(import.meta.url));

/** Runs provision.sh (idempotent, cached); returns false when some part failed. */
export function provision(part: 'all' | 'host' | 'sid' | 'ft' | 'otel' | 'otlp' = 'all'): boolean {
  try {
    execFileSync('bash', [join(here, 'provision.sh'), part], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 40 * 60_000 });
    return true;
  } catch {
    console.error(`[pyglass] provisioning (${part}) failed: some interpreters will be skipped`);
    return false;
  }
}

interface Probe { version: string; ft: boolean; debug: boolean; include: string; platinclude: string }

const probeCode = [
  'import sys, sysconfig',
  'v = sysconfig.get_config_var',
  "ft = bool(v('Py_GIL_DISABLED'))",
  "dbg = hasattr(sys, 'gettotalrefcount')",
  "shared = bool(v('Py_ENABLE_SHARED'))",
  "inc = sysconfig.get_paths().get('include') or sysconfig.get_config_var('INCLUDEPY') or ''",
  "plat = sysconfig.get_paths().get('platinclude') or inc",
  "sys.stdout.write('%d.%d.%d|%d|%d|%d|%s|%s' % (sys.version_info[0], sys.version_info[1], sys.version_info[2], ft, dbg, shared, inc, plat))",
].join('\n');

function probe(executable: string, root?: string): Probe | undefined {
  try {
    const cmd = root ? 'chroot' : executable;
    const args = root ? [root, executable, '-c', probeCode] : ['-c', probeCode];
    // a long limit: under load a free-threaded 3.13 yields the CPU ~1,800 times while it starts
    // (20 s was seen to pass), and a probe that times out drops an interpreter that is there
    const out = execFileSync(cmd, args, { encoding: 'utf8', timeout: 180_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const [version, ft, dbg, shared, inc, plat] = out.trim().split('|');
    void shared;
    return { version: version!, ft: ft === '1', debug: dbg === '1', include: inc ?? '', platinclude: plat ?? '' };
  } catch {
    return undefined;
  }
}

function hostPath(root: string | undefined, p: string): string {
  return root ? join(root, p) : p;
}

function describe(label: string, executable: string, root?: string): PythonInterpreter | undefined {
  if (!existsSync(hostPath(root, executable))) return undefined;
  const p = probe(executable, root);
  if (!p) return undefined;
  const [major, minor, patch] = p.version.split('.').map(Number) as [number, number, number];
  const interp: PythonInterpreter = {
    label, executable, version: p.version, major, minor, patch,
    freeThreaded: p.ft, debug: p.debug, linkage: linksLibpython(hostPath(root, executable)) ? 'libpython' : 'static',
  };
  if (root) interp.root = root;
  const inc = hostPath(root, p.include);
  if (p.include && existsSync(join(inc, 'Python.h'))) {
    interp.includeDir = inc;
    const plat = hostPath(root, p.platinclude);
    if (plat !== inc && existsSync(join(plat, 'pyconfig.h'))) interp.platIncludeDir = plat;
  }
  return interp;
}

/** True when the executable's ELF dynamic section needs a libpython (Py_ENABLE_SHARED alone lies on Debian). */
function linksLibpython(file: string): boolean {
  try {
    const out = execFileSync('readelf', ['-d', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /NEEDED.*libpython/.test(out);
  } catch {
    return false;
  }
}

function pyenvRoot(): string | undefined {
  if (process.env.PYENV_ROOT) return process.env.PYENV_ROOT;
  const d = join(homedir(), '.pyenv');
  return existsSync(d) ? d : undefined;
}

let cached: PythonInterpreter[] | undefined;

/**
 * The environment variable through which a test run's global setup hands the matrix to its test
 * files (each file runs in a fresh worker: probing 15 interpreters in every one cost seconds a file).
 */
const matrixEnv = 'PYGLASS_PYTHON_MATRIX';

/** Set beside the matrix by a run that probed it for the test runs it starts (`npm test`). */
const probedEnv = 'PYGLASS_PYTHON_MATRIX_PROBED';

/**
 * Probes the matrix once and hands it to every process this one starts afterwards (vitest's workers),
 * unless the process that started this one already did (`npm test` probes once for every package).
 */
export function shareMatrix(): void {
  if (process.env[probedEnv] === '1' && process.env[matrixEnv]) return;
  delete process.env[matrixEnv];
  cached = undefined;
  process.env[matrixEnv] = JSON.stringify(findPythons());
}

/** The environment that hands the probed `matrix` to the test runs a parent starts (`shareMatrix` then keeps it). */
export function sharedMatrixEnv(matrix: PythonInterpreter[]): Record<string, string> {
  return { [matrixEnv]: JSON.stringify(matrix), [probedEnv]: '1' };
}

/**
 * Every interpreter of the matrix present on this machine, in version order. With
 * `{ provision: true }` it first runs provision.sh so the sid root and 3.13t exist.
 */
export function findPythons(opts: { provision?: boolean } = {}): PythonInterpreter[] {
  if (opts.provision) provision('all');
  if (cached && !opts.provision) return cached;
  const shared = process.env[matrixEnv];
  if (shared && !opts.provision) return (cached = JSON.parse(shared) as PythonInterpreter[]);
  const found: PythonInterpreter[] = [];
  const add = (i: PythonInterpreter | undefined) => { if (i) found.push(i); };
  const pyenv = pyenvRoot();
  if (pyenv && existsSync(join(pyenv, 'versions'))) {
    for (const v of readdirSync(join(pyenv, 'versions')).sort()) {
      const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
      if (!m) continue;
      const exe = join(pyenv, 'versions', v, 'bin', `python${m[1]}.${m[2]}`);
      add(describe(`${m[1]}.${m[2]}`, exe));
    }
  }
  add(describe('3.11-debian', '/usr/bin/python3.11'));
  if (existsSync(join(sidRoot, 'usr/bin'))) {
    add(describe('3.13-sid', '/usr/bin/python3.13', sidRoot));
    add(describe('3.14-sid', '/usr/bin/python3.14', sidRoot));
    add(describe('3.14d-sid', '/usr/bin/python3.14d', sidRoot));
    add(describe('3.15-sid', '/usr/bin/python3.15', sidRoot));
  }
  add(describe('3.13t', join(cacheDir, 'python3.13t', 'bin', 'python3.13t')));
  found.sort((a, b) => a.major - b.major || a.minor - b.minor || a.label.localeCompare(b.label));
  cached = found;
  return found;
}

/** The labels the full matrix is expected to have, for "skipped" reports. */
export const expectedLabels = [
  '2.7', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11', '3.11-debian', '3.12', '3.13', '3.13t',
  '3.13-sid', '3.14-sid', '3.14d-sid', '3.15-sid',
];

/**
 * One interpreter of each kind of build the matrix has: the oldest 2.x and 3.x, the last before 3.11's
 * frame rewrite, a distribution's build, the first with 3.12's layouts, a free-threaded build, a chroot
 * (container) build, a debug build and the newest. A check of what does not depend on a version's
 * layouts (a report's page, following subprocesses, span labels) runs on these; whatever reads the
 * layouts themselves runs on the whole matrix.
 */
export const kindsOfBuild = ['2.7', '3.6', '3.9', '3.11-debian', '3.12', '3.13t', '3.14-sid', '3.14d-sid', '3.15-sid'];

/**
 * The interpreters of `candidates` (those a check applies to) that `kindsOfBuild` names, plus the
 * oldest and the newest of them; prints which run and which are skipped, and why.
 */
export function oneOfEachKind(candidates: PythonInterpreter[], what: string): PythonInterpreter[] {
  const kept = candidates.filter((p, i) => i === 0 || i === candidates.length - 1 || kindsOfBuild.includes(p.label));
  const skipped = candidates.filter((p) => !kept.includes(p)).map((p) => p.label);
  console.log(`[${what}] on one interpreter of each kind of build: ${kept.map((p) => p.label).join(', ')}${skipped.length ? `; SKIPPED ${skipped.join(', ')} (the same kind of build: what is checked does not depend on the version's layouts)` : ''}`);
  return kept;
}

/** Prints which interpreters will run and which are missing (call once per test file). */
export function reportMatrix(found: PythonInterpreter[], what: string): void {
  const have = new Set(found.map((p) => p.label));
  const missing = expectedLabels.filter((l) => !have.has(l));
  console.log(`[${what}] interpreters: ${found.map((p) => `${p.label}(${p.version})`).join(', ')}`);
  if (missing.length) console.log(`[${what}] SKIPPED (not provisioned on this machine): ${missing.join(', ')}`);
}

/**
 * The command line that runs `script` (a file path on the host) under `py`. For a chroot interpreter
 * the script is copied into the root's /tmp first and the command runs inside the root, as in a
 * container.
 */
export function pythonCommand(py: PythonInterpreter, script: string, args: string[] = []): string[] {
  if (!py.root) return [py.executable, script, ...args];
  // One folder per source folder: test scripts of different packages often share a name (busy.py).
  const inside = join('/tmp/pyglass-tests', createHash('sha1').update(resolve(script)).digest('hex').slice(0, 12), basename(script));
  const dest = join(py.root, inside);
  mkdirSync(dirname(dest), { recursive: true });
  // Copy only when the content differs, and atomically: a Python started from an earlier copy
  // may still be reading it (rewriting in place let it read an empty file and exit at once).
  const content = readFileSync(script);
  if (!existsSync(dest) || !readFileSync(dest).equals(content)) {
    const tmp = `${dest}.${process.pid}.tmp`;
    writeFileSync(tmp, content);
    renameSync(tmp, dest);
  }
  return ['chroot', py.root, py.executable, inside, ...args];
}

/** Starts `script` under `py` (see pythonCommand); the child's pid is the Python process's pid. */
export function spawnPython(py: PythonInterpreter, script: string, args: string[] = [], options: SpawnOptions = {}): ChildProcess {
  const [cmd, ...argv] = pythonCommand(py, script, args);
  return spawn(cmd!, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

/** Resolves when the child has printed a line containing `marker` on stdout (e.g. "READY"). */
export function waitForOutput(child: ChildProcess, marker: string, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for "${marker}" from ${child.spawnargs.join(' ')}; stdout: ${out} stderr: ${err}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(marker)) { clearTimeout(timer); resolve(out); }
    });
    child.on('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`${child.spawnargs.join(' ')} (pid ${child.pid}) exited (${code ?? signal}) before "${marker}"; stdout: ${out} stderr: ${err}`)); });
  });
}

// `node --experimental-strip-types` is not on Node 20: list.mjs prints the matrix as JSON.

/** The venv with the official OTLP bindings (opentelemetry-proto 1.45.0 + protobuf), made by `provision.sh otlp`. */
export const otlpProtoPython = join(cacheDir, 'otlp-proto-venv', 'bin', 'python');
