/**
 * Waiting for a running `pyglass record` to have sampled something, instead of sleeping: the record
 * also writes a capture (`-o FILE.pyglass`), which it flushes every quarter second as it samples, and
 * the test reads it back until its samples show what it waits for. The wait is as long as the
 * machine needs, and a timeout says what was waited for and what had arrived.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { CAPTURE_MAGIC, isCaptureError, readCapture } from '@pyglass/exporters';
import type { Sample, StackTrace } from '@pyglass/model';
import { pyglassRun } from './cli.js';
import type { RunOptions, RunResult } from './run.js';

/** How often the capture is read again. */
const POLL_MS = 100;

export interface CaptureWait {
  /** The record: its exit ends the wait (with an error saying so). */
  child?: ChildProcess;
  /** 180 s by default: a loaded machine is slow, a hung one is not waited for forever. */
  timeoutMs?: number;
}

/** The samples flushed to `file` so far (none while it does not exist or has no complete chunk). */
export function capturedSamples(file: string): Sample[] {
  // the bytes are read once and judged as read (a second look at the file could see later bytes)
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // not begun yet: read again later
  if (bytes.length < CAPTURE_MAGIC.length) return [];
  try {
    return [...readCapture(bytes, file).samples()];
  } catch (error) {
    // a chunk read while it was being written: read again later
    if (isCaptureError(error) && error.kind === 'corrupt') return [];
    throw error;
  }
}

/** Active thread stacks in `samples` with a frame named `fn` (what a raw profile counts under fn). */
export function activeTracesIn(samples: readonly Sample[], fn: string): number {
  return tracesWith(samples, fn, true);
}

/**
 * The active thread stacks of `samples` in time order, each as `classify` sees it, those it returns
 * undefined for left out: e.g. in heavy() (true) or in light() (false), for outsideBinomialSeries.
 */
export function activeSeries<T>(samples: readonly Sample[], classify: (t: StackTrace) => T | undefined): T[] {
  const out: T[] = [];
  for (const s of samples) {
    for (const t of s.traces) {
      const v = t.active ? classify(t) : undefined;
      if (v !== undefined) out.push(v);
    }
  }
  return out;
}

/** Thread stacks in `samples` with a frame named `fn`, idle ones too unless `activeOnly` (what `--idle` records). */
export function tracesWith(samples: readonly Sample[], fn: string, activeOnly = false): number {
  const has = (t: StackTrace) => (t.active || !activeOnly) && t.frames.some((f) => f.name === fn);
  return samples.reduce((n, s) => n + s.traces.filter(has).length, 0);
}

/**
 * Resolves with the capture's samples once `enough(samples)` holds; rejects when `opts.child` exits
 * first or after `opts.timeoutMs`, saying `what` it waited for and how many samples had come.
 */
export function waitForCapture(file: string, what: string, enough: (samples: Sample[]) => boolean, opts: CaptureWait = {}): Promise<Sample[]> {
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let exited: string | undefined;
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => { exited = `exited (${code ?? signal})`; };
    opts.child?.once('exit', onExit);
    // the record flushes every quarter second: the capture is decoded again only when it has grown
    let size = -1;
    let samples: Sample[] = [];
    const check = () => {
      try {
        const now = statSync(file, { throwIfNoEntry: false })?.size ?? -1;
        if (now !== size) {
          size = now;
          samples = capturedSamples(file);
        }
      } catch (error) {
        opts.child?.off('exit', onExit);
        reject(error as Error);
        return;
      }
      if (enough(samples)) {
        opts.child?.off('exit', onExit);
        resolve(samples);
        return;
      }
      const gaveUp = exited ?? (Date.now() - started > timeoutMs ? `did not get there within ${timeoutMs / 1000} s` : undefined);
      if (gaveUp !== undefined) {
        opts.child?.off('exit', onExit);
        reject(new Error(`waiting for ${what} in the capture ${file}: the record ${gaveUp}; ${samples.length} sampling rounds had been written`));
        return;
      }
      setTimeout(check, POLL_MS);
    };
    check();
  });
}

/**
 * Runs `pyglass record ARGS -o CAPTURE` until the capture's samples satisfy `enough`, then calls
 * `stop` (by default SIGINT to the record: it ends as with Control-C, writing every output). Instead of a
 * duration (`-d`), which on a busy machine can pass before anything is sampled. A wait that fails
 * stops the record (Control-C) and throws, saying what was waited for.
 */
export async function recordUntil(
  args: string[], capture: string, what: string, enough: (samples: Sample[]) => boolean,
  opts: RunOptions & { stop?: (record: ChildProcess) => void } = {},
): Promise<RunResult> {
  // -f would make the capture that format too: the formats must come from the file names
  if (args.includes('-f') || args.includes('--format')) throw new Error(`recordUntil: no -f (it applies to every output, the capture too): name the outputs by their extension: ${args.join(' ')}`);
  let waitFailed = '';
  // the capture's -o goes before `--` (after it, everything is the launched program's)
  const end = args.indexOf('--');
  const withCapture = end < 0 ? [...args, '-o', capture] : [...args.slice(0, end), '-o', capture, ...args.slice(end)];
  const r = await pyglassRun(['record', ...withCapture], {
    timeout: 240_000,
    ...opts,
    onSpawn: (child) => {
      opts.onSpawn?.(child);
      waitForCapture(capture, what, enough, { child }).then(() => (opts.stop ?? ((c) => c.kill('SIGINT')))(child), (error: Error) => {
        waitFailed = error.message;
        // Control-C: pyglass ends, and stops a program it launched (SIGKILL would leave it running)
        child.kill('SIGINT');
      });
    },
  });
  if (waitFailed) throw new Error(`${waitFailed}; pyglass ended (status ${r.status}): ${r.stderr.slice(-2000)}`);
  return r;
}
