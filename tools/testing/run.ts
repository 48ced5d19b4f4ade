/** Running a program to completion from a test, without blocking the event loop (so several run at once). */
import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from './repo.js';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeout?: number;
  /** Called with the spawned process (to send it signals). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Runs `cmd args` (cwd: the repository root); killed after `timeout` ms (60 s by default). */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? repoRoot, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timeout = opts.timeout ?? 60_000;
    // the result says it was killed, and after how long, so that a failure names the wait
    const timer = setTimeout(() => {
      stderr += `\n[test] ${cmd} ${args.join(' ')}: killed after ${timeout / 1000} s without ending\n`;
      child.kill('SIGKILL');
    }, timeout);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status: status ?? (signal ? -1 : null), stdout, stderr });
    });
    opts.onSpawn?.(child);
  });
}

/** Kills a child if it still runs. */
export function kill(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
}
