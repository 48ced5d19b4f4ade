import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants as fsConstants, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExists, reapedExitStatus } from '@pyglass/memory-reader';
import { isLaunchRetryable, NotPythonProcess, ProcessExited, ProcessNotFound, Sampler, ZombieProcess, type Config } from '@pyglass/sampler';
import { NotAPythonTarget, withAttachAdvice } from './attach-advice.js';
import { UsageError } from './errors.js';
import { serviceNameFromCommandLine } from './program-name.js';
import { onQuietExit } from './quiet-exit.js';

/** The process being profiled: attached by pid, or launched by us. */
export interface Target {
  pid: number;
  /** Set when we launched the program. */
  child?: ChildProcess;
  /** Name for default output files: the script or module a launched program runs (app for `python3 app.py`), or the pid. */
  name: string;
  /** Resolves with the launched program's exit status (null when attached or killed by a signal). */
  exited: Promise<number | null>;
  /** True once a launched program has exited. */
  hasExited(): boolean;
  /** Output captured from the launched program (capture mode), for printing on failure. */
  capturedOutput(): string;
  /** Stops a launched program that is still running; removes capture files. */
  dispose(): void;
}

/**
 * Attaches to `pid` or launches `program`. A launched program inherits our terminal unless
 * `capture` is set (top needs the terminal for itself), in which case its output goes to a
 * temporary file that `capturedOutput()` returns. `stdoutToStderr`: its standard output goes to our
 * stderr (our stdout carries the profile).
 */
export function startTarget(pid: number | undefined, program: string[], opts: { capture?: boolean; stdoutToStderr?: boolean } = {}): Target {
  if (pid !== undefined) {
    return {
      pid,
      name: String(pid),
      exited: new Promise<number | null>(() => {}),
      hasExited: () => false,
      capturedOutput: () => '',
      dispose: () => {},
    };
  }
  const [file, ...args] = program;
  if (!file) throw new UsageError('no program given to run.');
  checkRunnable(program);
  let captureDir: string | undefined;
  let captureFd: number | undefined;
  if (opts.capture) {
    captureDir = mkdtempSync(join(tmpdir(), 'pyglass-capture-'));
    captureFd = openSync(join(captureDir, 'output'), 'w');
  }
  const child = spawn(file, args, {
    stdio: opts.capture ? ['ignore', captureFd!, captureFd!] : opts.stdoutToStderr ? ['inherit', 2, 'inherit'] : 'inherit',
  });
  if (captureFd !== undefined) closeSync(captureFd);
  let done = false;
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      done = true;
      const why = error.code === 'ENOENT' ? 'no such file or command' : error.code === 'EACCES' ? 'permission denied' : error.message;
      reject(new UsageError(`cannot run '${file}': ${why}${file.includes('/') ? '' : ' (not found in PATH)'}.`, 1));
    });
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : null));
    });
  });
  // Avoid an unhandled rejection when nobody awaits `exited` before the spawn error.
  exited.catch(() => {});
  const dispose = (): void => {
    unregister();
    if (!done && child.pid !== undefined) {
      // A pause collected its exit (we are its parent and its tracer): Node never sees it and would
      // keep its handle, and so itself, alive forever; and the pid may be someone else's now.
      if (reapedExitStatus(child.pid) !== undefined) child.unref();
      else if (processExists(child.pid)) child.kill('SIGKILL');
    }
    if (captureDir) rmSync(captureDir, { recursive: true, force: true });
  };
  // the reader of our output went away: stopped as on Control-C
  const unregister = onQuietExit(dispose);
  return {
    pid: child.pid ?? -1,
    child,
    name: serviceNameFromCommandLine(program),
    exited,
    hasExited: () => done,
    capturedOutput: () => (captureDir ? readFileSync(join(captureDir, 'output'), 'utf8') : ''),
    dispose,
  };
}

/** Throws the spawn error (e.g. program not found) if launching failed, without waiting for exit. */
export async function checkLaunched(target: Target): Promise<void> {
  if (!target.child) return;
  await Promise.race([target.exited.then(() => undefined), new Promise((r) => setTimeout(r, 0))]);
  if (target.pid === -1) await target.exited;
}

/**
 * Waits `ms`. The timer keeps Node's event loop alive: code awaiting this must not be cut short
 * when nothing else is pending (an unref'd wait let `record -- sleep 1` end with Node's exit code
 * 13, "unsettled top-level await", once the program had exited during the wait).
 */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A Python script given as the program (`-- app.py`) runs only when it is executable with a `#!`
 * line; otherwise the fix is to name the interpreter, as py-spy users learn.
 */
function checkRunnable(program: string[]): void {
  const file = program[0]!;
  if (!file.endsWith('.py')) return;
  let runnable = false;
  try {
    accessSync(file, fsConstants.X_OK);
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(2);
      runnable = readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (!isSystemError(error)) throw error;
  }
  if (!runnable) {
    throw new UsageError(`'${file}' is a Python script, not a program: name the interpreter, as in \`-- python3 ${program.join(' ')}\`.`);
  }
}

function isSystemError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException).code === 'string';
}

/**
 * A sampler attached to the target. A launched program may not be Python yet (a pyenv shim or a
 * wrapper script that execs python later), so in launch mode "not a Python process" is retried
 * for a few seconds while the program runs. Resolves to undefined when the launched program
 * ended before it could be attached; throws NotAPythonProgram when it never was Python.
 */
export async function attachSampler(target: Target, config: Partial<Config>): Promise<Sampler | undefined> {
  const deadline = Date.now() + launchAttachSeconds * 1000;
  // the last error that said something about the program (not that it was ending)
  let lastTelling: unknown;
  for (;;) {
    const sampler = new Sampler(target.pid, config);
    try {
      // attach before taking the screen, so that attach errors end as plain one-line errors
      await sampler.attach();
      return sampler;
    } catch (error) {
      if (!target.child) throw withAttachAdvice(error);
      if (!(error instanceof ZombieProcess || error instanceof ProcessExited || error instanceof ProcessNotFound)) lastTelling = error;
      if (launchedEnded(target) || (await Promise.race([target.exited.then(() => true, () => true), delay(20).then(() => false)]))) {
        if (lastTelling instanceof NotPythonProcess) {
          throw notAPythonProgram(target, `it exited${await exitNote(target)} and pyglass never saw Python running in it (or only for an instant)`);
        }
        return undefined;
      }
      if (!isLaunchRetryable(error) || Date.now() > deadline) {
        if (error instanceof NotPythonProcess) throw notAPythonProgram(target, `after ${launchAttachSeconds} s it still has no libpython or python binary mapped`);
        throw error;
      }
      await delay(50);
    }
  }
}

function notAPythonProgram(target: Target, why: string): NotAPythonTarget {
  const command = target.child?.spawnargs.join(' ') ?? String(target.pid);
  return new NotAPythonTarget(`'${command}' (pid ${target.pid}) is not a Python program: ${why}. pyglass profiles Python: launch the interpreter (pyglass record -- python3 app.py), or add -s to profile the Python programs it starts.`);
}

/**
 * True once a launched program has ended: Node saw its exit, or a pause collected it (an attach
 * that paused the program as it exited: Node never sees that exit, so `exited` never settles).
 */
function launchedEnded(target: Target): boolean {
  return target.hasExited() || (target.child !== undefined && reapedExitStatus(target.pid) !== undefined);
}

/** " (exit status N)" for a launched program that has ended, else "". */
export async function exitNote(target: Target): Promise<string> {
  const code = await launchedExitStatus(target, 2000);
  return code === null || code === 'running' ? '' : ` (exit status ${code})`;
}

const launchAttachSeconds = 10;


/**
 * The launched program's exit status once it has ended: from Node's exit event or, when pausing it
 * for a sample collected its exit first (we are its parent and its tracer, so our waitpid took
 * it), from the lock's record. Node never sees such an exit and would wait for the child forever,
 * so its handle is then released. `null`: it is gone but its status was reaped by someone else.
 * `'running'`: still alive after `timeoutMs`.
 */
export async function launchedExitStatus(target: Target, timeoutMs = Infinity): Promise<number | null | 'running'> {
  const child = target.child;
  if (!child) return null;
  const start = Date.now();
  let goneSince = 0;
  for (;;) {
    if (target.hasExited()) return target.exited.catch(() => null);
    const reaped = reapedExitStatus(target.pid);
    if (reaped !== undefined) {
      child.unref();
      return reaped;
    }
    if (processExists(target.pid)) goneSince = 0;
    else if (!goneSince) goneSince = Date.now();
    else if (Date.now() - goneSince > 1000) {
      // no kill: the pid may already be reused
      child.unref();
      return null;
    }
    if (Date.now() - start >= timeoutMs) return 'running';
    await Promise.race([target.exited.catch(() => null), delay(50)]);
  }
}
