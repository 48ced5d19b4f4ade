/** Running the real `pyglass` bin from tests. */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { repoRoot } from './repo.js';
import { kill, run, type RunOptions, type RunResult } from './run.js';

export const bin = join(repoRoot, 'packages', 'cli', 'bin', 'pyglass.js');

/**
 * Set by the CLI package's global setup once it has built the CLI for the run: the test files then
 * skip their own build (each took seconds, in every one of ~35 files).
 */
export const cliBuiltEnv = 'PYGLASS_CLI_BUILT';

/** Builds the CLI (and what it depends on): the compiled modules, then the bundle the bin runs. */
export function buildCli(): void {
  if (process.env[cliBuiltEnv] === '1') return;
  // the format names the build generates from the exporters' registry, compiled modules, then the bundle that bin/pyglass.js runs
  execFileSync(process.execPath, ['packages/cli/scripts/format-names.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'inherit' });
  execFileSync(process.execPath, ['packages/cli/scripts/bundle.mjs'], { cwd: repoRoot, stdio: 'inherit' });
}

/**
 * What `cliSuite` sets up: a temporary directory (set once the suite starts) and the targets to kill:
 * those a test pushes, when that test ends; those a `beforeAll` pushes (shared by its tests), at the end.
 */
export interface CliSuite {
  dir: string;
  readonly children: ChildProcess[];
}

/**
 * The usual set-up of a CLI test file: builds the CLI and makes a temporary directory (`prefix` names
 * it) before the tests; kills every child pushed to `children` and removes the directory after them.
 * A child a test pushed is killed as soon as that test ends: a CPU-bound target left spinning until the
 * file's end takes a CPU from every other test running meanwhile.
 */
export function cliSuite(prefix: string): CliSuite {
  const suite: CliSuite = { dir: '', children: [] };
  let firstOfTest = 0;
  // (the build takes minutes on a loaded machine: seen over 180 s at a load of 35 on 2 CPUs)
  beforeAll(() => {
    buildCli();
    suite.dir = mkdtempSync(join(tmpdir(), prefix));
  }, 600_000);
  beforeEach(() => {
    firstOfTest = suite.children.length;
  });
  afterEach(() => {
    for (const c of suite.children.splice(firstOfTest)) kill(c);
  });
  afterAll(() => {
    for (const c of suite.children) kill(c);
    if (suite.dir) rmSync(suite.dir, { recursive: true, force: true });
  });
  return suite;
}

/** The environment without any colour preference (so piped output is plain unless forced). */
export function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['NO_COLOR'];
  delete env['CLICOLOR'];
  delete env['CLICOLOR_FORCE'];
  delete env['FORCE_COLOR'];
  return { ...env, ...extra };
}

/** Runs `pyglass ARGS` to completion, blocking (short runs). */
export function pyglass(args: string[], opts: { timeout?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: opts.timeout ?? 60_000,
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, ...opts.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `pyglass ARGS` asynchronously (long runs, or several at once), in a colourless environment by default. */
export function pyglassRun(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(process.execPath, [bin, ...args], { ...opts, env: opts.env ?? plainEnv() });
}

/**
 * Runs `pyglass ARGS` (e.g. `top`, which runs until stopped) until its standard output has shown
 * every one of `shown`, then stops it with Control-C; killed after `timeout` (180 s by default), and
 * the result then says so. Checks on what it printed come after: `shown` is what to wait for.
 */
export function pyglassUntilShown(args: string[], shown: RegExp[], opts: RunOptions = {}): Promise<RunResult> {
  return pyglassRun(args, {
    timeout: 180_000,
    ...opts,
    onSpawn: (child) => {
      opts.onSpawn?.(child);
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (shown.every((re) => re.test(out))) child.kill('SIGINT');
      });
    },
  });
}

/**
 * A record's `onSpawn`: once the record prints that it samples, ends `target`'s standard input with a
 * line (a test target waiting on it then starts its work: nothing burns a CPU while pyglass starts).
 */
export function goOnSampling(target: ChildProcess): (record: ChildProcess) => void {
  return (record) => {
    let err = '';
    record.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('Sampling process') && target.stdin!.writable) target.stdin!.end('go\n');
    });
  };
}

/** An error reached the user as one line, without a JS stack trace. */
export function isOneLineError(stderr: string): boolean {
  const lines = stderr.trim().split('\n').filter((l) => l.length > 0);
  return lines.length >= 1 && !/\n\s+at .*\(.*:\d+:\d+\)/.test(stderr) && !/^\s+at /m.test(stderr);
}
