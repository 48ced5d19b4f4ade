import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const bin = join(repoRoot, 'packages', 'cli', 'bin', 'pyglass.js');

/** Builds the CLI (and what it depends on) once: the tests run the real `pyglass` bin. */
export function buildCli(): void {
  // compiled modules, then the bundle that bin/pyglass.js runs
  execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: repoRoot, stdio: 'inherit' });
  execFileSync(process.execPath, ['packages/cli/scripts/bundle.mjs'], { cwd: repoRoot, stdio: 'inherit' });
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pyglass ARGS` to completion. */
export function pyglass(args: string[], opts: { timeout?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: opts.timeout ?? 60_000,
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, ...opts.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `pyglass ARGS` asynchronously (for long runs that must not block the event loop). */
export function pyglassAsync(args: string[], opts: { timeout?: number; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd ?? repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 120_000);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

/** An error reached the user as one line, without a JS stack trace. */
export function isOneLineError(stderr: string): boolean {
  const lines = stderr.trim().split('\n').filter((l) => l.length > 0);
  return lines.length >= 1 && !/\n\s+at .*\(.*:\d+:\d+\)/.test(stderr) && !/^\s+at /m.test(stderr);
}
