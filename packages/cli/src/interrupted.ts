/**
 * A wait that a signal cancelled: pyglass ends with 128 + the signal's number (130 for Control-C,
 * 143 for SIGTERM), as a shell reports a command the signal ended, after cleaning up.
 */
import { closeSync, constants, openSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { constants as os } from 'node:os';

const BRAND = Symbol.for('pyglass:Interrupted');
/** How long an open of a FIFO may wait before pyglass says it waits for a reader. */
const FIFO_NOTICE_MS = 200;

export type CancellingSignal = 'SIGINT' | 'SIGTERM';

export class Interrupted extends Error {
  override name = 'Interrupted';
  readonly [BRAND] = true;
  /** 128 + the signal's number. */
  readonly exitCode: number;
  /** `outcome`: what became of the output ("nothing was written" unless told). */
  constructor(readonly signal: CancellingSignal, what: string, outcome = 'nothing was written') {
    super(`${signal === 'SIGINT' ? 'Control-C pressed' : 'SIGTERM received'} while ${what}: ${outcome}.`);
    this.exitCode = 128 + os.signals[signal];
  }
}

/** True for an Interrupted (by brand: also one made by another copy of pyglass). */
export function isInterrupted(e: unknown): e is Interrupted {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Opens `path` for writing without holding signals off: a FIFO's open waits for a reader, in a
 * libuv thread, while SIGINT and SIGTERM are listened to; either one cancels the wait (the pending
 * open is released by opening the FIFO for reading ourselves) and throws Interrupted.
 */
export async function openForWriting(path: string, flags: number, name: string): Promise<FileHandle> {
  const notice = noticeWhileWaiting(path, name);
  // fs/promises loaded here: main() imports this module for isInterrupted, and every start-up would load it
  const pending = process.getBuiltinModule('node:fs/promises').open(path, flags);
  try {
    return await unlessSignalled(pending, async (signal) => {
      await release(path, pending);
      return new Interrupted(signal, `waiting for a reader of '${name}'`);
    });
  } finally {
    clearTimeout(notice);
  }
}

/**
 * Waits for `work` while SIGINT and SIGTERM are listened to: the first of them cancels the wait —
 * `cancelled(signal)` cleans up and gives the error thrown (an Interrupted). Only for waits that do
 * not hold the event loop (a libuv request, a stream), or no handler could run.
 */
export async function unlessSignalled<T>(work: Promise<T>, cancelled: (signal: CancellingSignal) => Promise<Interrupted> | Interrupted): Promise<T> {
  let cancel: ((signal: CancellingSignal) => void) | undefined;
  const signalled = new Promise<CancellingSignal>((resolve) => { cancel = resolve; });
  const onInt = () => cancel!('SIGINT');
  const onTerm = () => cancel!('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const first = await Promise.race([work.then((value) => ({ value })), signalled]);
    if (typeof first !== 'string') return first.value;
    throw await cancelled(first);
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

/**
 * Says so on stderr when opening a FIFO has waited a moment for a reader. Probing for a reader by
 * opening the FIFO ourselves would not do: closing that probe is an end of file to a reader that is
 * there, which then leaves, and the real open waits forever.
 */
function noticeWhileWaiting(path: string, name: string): ReturnType<typeof setTimeout> | undefined {
  if (statSync(path, { throwIfNoEntry: false })?.isFIFO() !== true) return undefined;
  return setTimeout(() => process.stderr.write(`pyglass> waiting for a reader of '${name}' (Control-C cancels)\n`), FIFO_NOTICE_MS);
}

/** Ends a pending open of a FIFO for writing: a reader appears (ours, non-blocking), the open completes, both close. */
async function release(path: string, pending: Promise<FileHandle>): Promise<void> {
  let reader = -1;
  try {
    reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    /* on purpose, whatever it throws: not a FIFO, or gone; the pending open then fails or completes by itself */
  }
  try {
    await (await pending).close();
  } catch {
    /* on purpose, whatever it throws: the open failed, there is nothing to close */
  } finally {
    if (reader >= 0) closeSync(reader);
  }
}
