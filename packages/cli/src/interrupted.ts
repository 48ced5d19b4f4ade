/**
 * A wait that a signal cancelled: pyglass ends with 128 + the signal's number (130 for Control-C,
 * 143 for SIGTERM), as a shell reports a command the signal ended, after cleaning up.
 */
import { closeSync, constants, openSync, statSync } from 'node:fs';
import { open as openAsync, type FileHandle } from 'node:fs/promises';
import { constants as os } from 'node:os';

const BRAND = Symbol.for('pyglass:Interrupted');
/** How long an open of a FIFO may wait before pyglass says it waits for a reader. */
const FIFO_NOTICE_MS = 200;

export class Interrupted extends Error {
  override name = 'Interrupted';
  readonly [BRAND] = true;
  /** 128 + the signal's number. */
  readonly exitCode: number;
  constructor(readonly signal: 'SIGINT' | 'SIGTERM', what: string) {
    super(`${signal === 'SIGINT' ? 'Control-C pressed' : 'SIGTERM received'} while ${what}: nothing was written.`);
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
  let cancel: ((signal: 'SIGINT' | 'SIGTERM') => void) | undefined;
  const signalled = new Promise<'SIGINT' | 'SIGTERM'>((resolve) => { cancel = resolve; });
  const onInt = () => cancel!('SIGINT');
  const onTerm = () => cancel!('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const notice = noticeWhileWaiting(path, name);
  const pending = openAsync(path, flags);
  try {
    const first = await Promise.race([pending, signalled]);
    if (typeof first !== 'string') return first;
    await release(path, pending);
    throw new Interrupted(first, `waiting for a reader of '${name}'`);
  } finally {
    clearTimeout(notice);
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
