/**
 * The edges of a Unix tool: a reader that goes away (`top | head -n 2`, `dump | head`,
 * `record -o - | head`) ends pyglass quietly with status 0; Control-C or SIGTERM while `record -o
 * FIFO` waits for a reader, or `record -o -` for a reader that does not read (a full pipe), cancels
 * the wait with 130 or 143. Either way nothing is left behind: the
 * target is not left stopped, a launched program does not outlive pyglass, the FIFO stays a FIFO.
 * Every wait is on an event (a line printed, the process ending), with a timeout that says what it
 * waited for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findPythons, pythonCommand, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { readCapture } from '@pyglass/exporters';
import { threadState } from '@pyglass/memory-reader';
import type { Sample } from '@pyglass/model';
import { waitForCapture } from '../../../tools/testing/capture-watch.js';
import { bin, cliSuite } from './helpers.js';

const scripts = join(import.meta.dirname, 'scripts');
const busy = join(import.meta.dirname, '..', '..', 'sampler', 'test', 'scripts', 'busy.py');
const pythons = findPythons();
const host = ['3.12', '3.11', '3.13', '3.10'].map((l) => pythons.find((p) => p.label === l)).find((p): p is PythonInterpreter => p !== undefined);
console.log(`[pipes and signals] on ${host ? host.label : 'nothing (SKIPPED: no host Python 3.10–3.13 provisioned)'}`);

const suite = cliSuite('pyglass-pipes-');

async function target(script: string, args: string[] = []): Promise<number> {
  const child = spawnPython(host!, script, args);
  suite.children.push(child);
  await waitForOutput(child, 'READY', 60_000);
  return child.pid!;
}

/** `pyglass ARGS` with its output in pipes we control. */
function pyglass(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  suite.children.push(child);
  return child;
}

/** Resolves once `stream` has carried `pattern`, with all it carried; rejects after `ms` saying what it waited for. */
function waitFor(stream: NodeJS.ReadableStream, pattern: RegExp, ms: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}; got: ${seen.slice(-2000)}`)), ms);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        stream.off('data', onData);
        resolve(seen);
      }
    };
    stream.on('data', onData);
  });
}

/** Resolves with the exit status (128 + n for signal n) and everything printed on stderr. */
function exited(child: ChildProcess, ms: number, what: string): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for pyglass to end ${what}; stderr: ${stderr.slice(-2000)}`)), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ status: code ?? 128 + (signal ? { SIGINT: 2, SIGKILL: 9, SIGPIPE: 13, SIGTERM: 15 }[signal as string] ?? 0 : 0), stderr });
    });
  });
}

/** The scheduler state of `pid`'s main thread ('t': stopped by a tracer). */
function stateOf(pid: number): string {
  return threadState(pid, pid);
}

/** Nothing like a stack trace or an error line: a closed pipe is how such a pipeline ends. */
function expectQuiet(stderr: string): void {
  expect(stderr).not.toMatch(/EPIPE|Error:|^\s+at /m);
}

describe.skipIf(!host)('a reader that goes away: quiet, status 0', () => {
  it('dump | head -n 1 (a 3,000-frame stack: more than a pipe holds)', async () => {
    const pid = await target(join(scripts, 'deep.py'), ['3000']);
    const p = pyglass(['dump', '-p', String(pid)]);
    const done = exited(p, 60_000, 'after its reader closed');
    await waitFor(p.stdout!, /\n/, 60_000, 'the first line of dump');
    p.stdout!.destroy();
    const { status, stderr } = await done;
    expect(status, stderr).toBe(0);
    expectQuiet(stderr);
    expect(stateOf(pid)).not.toBe('t');
  }, 120_000);

  it('top | head -n 2', async () => {
    const pid = await target(busy);
    const p = pyglass(['top', '-p', String(pid), '--delay', '0.3']);
    const done = exited(p, 60_000, 'after its reader closed');
    await waitFor(p.stdout!, /\n.*\n/, 60_000, 'two lines of top');
    p.stdout!.destroy();
    const { status, stderr } = await done;
    expect(status, stderr).toBe(0);
    expectQuiet(stderr);
    expect(stateOf(pid)).not.toBe('t');
  }, 120_000);

  // the reader is gone before the profile is written (at the end of -d 2): that write meets the closed pipe
  it('record -o - | head, attached: status 0, the target running', async () => {
    const pid = await target(busy);
    const p = pyglass(['record', '-p', String(pid), '-d', '2', '-f', 'raw', '-o', '-']);
    const done = exited(p, 120_000, 'after -d 2 with its reader gone');
    await waitFor(p.stderr!, /Sampling process/, 60_000, 'the "Sampling process" line');
    p.stdout!.destroy();
    const { status, stderr } = await done;
    expect(status, stderr).toBe(0);
    expectQuiet(stderr);
    expect(stateOf(pid)).not.toBe('t');
  }, 180_000);

  it('record -o - | head, launching the program: status 0, the program does not outlive pyglass', async () => {
    const p = pyglass(['record', '-f', 'raw', '-o', '-', '--', ...pythonCommand(host!, busy)]);
    const done = exited(p, 120_000, 'with its reader gone');
    await waitFor(p.stderr!, /Sampling process/, 60_000, 'the "Sampling process" line');
    const launched = Number(readFileSync(`/proc/${p.pid}/task/${p.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    expect(launched).toBeGreaterThan(0);
    p.stdout!.destroy();
    // a launched program is recorded until it ends: stop it as Control-C would, the profile then goes out
    p.kill('SIGINT');
    const { status, stderr } = await done;
    expect(status, stderr).toBe(0);
    expectQuiet(stderr);
    // killed and reaped (or a zombie until our own child handle is collected)
    const gone = () => !existsSync(`/proc/${launched}`) || stateOf(launched) === 'Z';
    for (let i = 0; !gone() && i < 600; i++) await new Promise((r) => setTimeout(r, 50));
    expect(gone(), `launched pid ${launched} still runs`).toBe(true);
  }, 180_000);
});

describe.skipIf(!host)('record -o FIFO waiting for a reader: signals cancel the wait', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s: exit %i, one line, the FIFO kept, the target running, nothing else left', async (signal, code) => {
    const pid = await target(busy);
    const dir = join(suite.dir, `fifo-${signal}`);
    execFileSync('mkdir', ['-p', dir]);
    const fifo = join(dir, 'profile.fifo');
    execFileSync('mkfifo', [fifo]);
    const p = pyglass(['record', '-p', String(pid), '-d', '1', '-f', 'raw', '-o', fifo]);
    const done = exited(p, 90_000, `after ${signal}`);
    await waitFor(p.stderr!, /waiting for a reader of '.*profile\.fifo'/, 90_000, 'the "waiting for a reader" line');
    p.kill(signal);
    const { status, stderr } = await done;
    expect(status, stderr).toBe(code);
    expect(stderr).toMatch(new RegExp(`^pyglass: ${signal === 'SIGINT' ? 'Control-C pressed' : 'SIGTERM received'} while waiting for a reader of '.*profile\\.fifo': nothing was written\\.$`, 'm'));
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['profile.fifo']);
    expect(stateOf(pid)).not.toBe('t');
  }, 120_000);
});

describe.skipIf(!host)('record -o - into a full pipe (a reader that does not read): signals still end it', () => {
  // a pipe (a shell's `| reader`), and a socket (what a service manager or Node's spawn gives)
  it.each([['SIGINT', 130, 'pipe'], ['SIGTERM', 143, 'pipe'], ['SIGTERM', 143, 'socket']] as const)('%s: exit %i, one line, the capture beside it complete, the target running (a %s)', async (signal, code, kind) => {
    // a 3,000-frame stack: one sample's flame graph is more than a pipe holds (10,000: than a socket's buffers)
    const pid = await target(join(scripts, 'deep.py'), [kind === 'pipe' ? '3000' : '10000']);
    const dir = join(suite.dir, `full-${signal}-${kind}`);
    execFileSync('mkdir', ['-p', dir]);
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // a real pipe (not a socketpair) as pyglass's standard output, whose reader never reads
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY);
    const cap = join(dir, 'beside.pyglass');
    // --idle: the deep thread sleeps at the bottom of its recursion
    const p = spawn(process.execPath, [bin, 'record', '-p', String(pid), '--idle', '-o', '-', '-o', cap], { stdio: ['ignore', kind === 'pipe' ? writer : 'pipe', 'pipe'] });
    suite.children.push(p);
    closeSync(writer);
    // the socket's reader (ours) never reads
    p.stdout?.pause();
    try {
      const done = exited(p, 180_000, `after ${signal}`);
      // Control-C ends the record once it has sampled the deep stack; its profile then fills the pipe
      const deep = (s: Sample) => s.traces.some((t) => t.frames.length > 1000);
      await waitForCapture(cap, 'a sample of the deep stack', (samples) => samples.some(deep), { child: p });
      p.kill('SIGINT');
      await waitFor(p.stderr!, /waiting for the reader of standard output/, 120_000, 'the "waiting for the reader" line');
      p.kill(signal);
      const { status, stderr } = await done;
      expect(status, stderr).toBe(code);
      expect(stderr).toMatch(new RegExp(`^pyglass: ${signal === 'SIGINT' ? 'Control-C pressed' : 'SIGTERM received'} while writing to standard output: its reader did not take all of the output\\.$`, 'm'));
      expect(stderr).not.toMatch(/^\s+at /m);
      // the capture, a file, was finished before the pipe was waited for: complete, with its end
      const written = readCapture(cap);
      expect(written.cutShort).toBe(false);
      expect([...written.samples()].length).toBeGreaterThan(0);
      expect(readdirSync(dir).sort()).toEqual(['beside.pyglass', 'pipe']);
      expect(stateOf(pid)).not.toBe('t');
    } finally {
      closeSync(reader);
    }
  }, 240_000);
});
