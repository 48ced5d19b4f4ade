/** Shared by dump-e2e and record-e2e: async runs of the built `pyglass` bin and of other tools. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { bin, repoRoot, type RunResult } from './helpers.js';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeout?: number;
  /** Called with the spawned process (to send it signals). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Runs `cmd args` to completion without blocking the event loop (so several run at once). */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? repoRoot, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 60_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status: status ?? (signal ? -1 : null), stdout, stderr });
    });
    opts.onSpawn?.(child);
  });
}

/** The environment without any colour preference (so piped output is plain unless forced). */
export function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.CLICOLOR;
  delete env.CLICOLOR_FORCE;
  delete env.FORCE_COLOR;
  return { ...env, ...extra };
}

/** `pyglass ARGS`, asynchronously. */
export function pyglassRun(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(process.execPath, [bin, ...args], { ...opts, env: opts.env ?? plainEnv() });
}

/** Line numbers of the `# LINE:tag` markers of a script. */
export function lineTags(file: string): Record<string, number> {
  const tags: Record<string, number> = {};
  readFileSync(file, 'utf8').split('\n').forEach((l, i) => {
    const m = /# LINE:(\w+)/.exec(l);
    if (m) tags[m[1]!] = i + 1;
  });
  return tags;
}

export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Kills a child if it still runs. */
export function kill(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
}
