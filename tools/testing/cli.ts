/** Running the real `pyglass` bin from tests. */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo.js';
import { run, type RunOptions, type RunResult } from './run.js';

export const bin = join(repoRoot, 'packages', 'cli', 'bin', 'pyglass.js');

/** Builds the CLI (and what it depends on): the compiled modules, then the bundle the bin runs. */
export function buildCli(): void {
  // compiled modules, then the bundle that bin/pyglass.js runs
  execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'inherit' });
  execFileSync(process.execPath, ['packages/cli/scripts/bundle.mjs'], { cwd: repoRoot, stdio: 'inherit' });
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

/** An error reached the user as one line, without a JS stack trace. */
export function isOneLineError(stderr: string): boolean {
  const lines = stderr.trim().split('\n').filter((l) => l.length > 0);
  return lines.length >= 1 && !/\n\s+at .*\(.*:\d+:\d+\)/.test(stderr) && !/^\s+at /m.test(stderr);
}
