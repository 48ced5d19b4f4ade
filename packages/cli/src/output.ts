/**
 * Where pyglass writes an output file, and how, so that writing can never damage the machine:
 * a regular file (or a new path) is written to a temporary file in its directory and renamed into
 * place (a crash or a full disk never leaves a truncated file that looks complete); anything else
 * that exists — a device such as /dev/null, a FIFO, a socket, a procfs or /dev/fd entry such as
 * /dev/stdout — is opened and written in place, never replaced; a symbolic link is followed and its
 * target written by the same rules (the link stays); `-` is standard output. Every command that
 * writes a file goes through here.
 */
import {
  accessSync, closeSync, constants, fchmodSync, fstatSync, fsyncSync, lstatSync, openSync, readlinkSync, renameSync, rmSync, statSync,
  type Stats,
} from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, resolve } from 'node:path';
import { isatty } from 'node:tty';
import { isProcfsPath, ownFileDescriptor } from '@pyglass/memory-reader';
import { UsageError } from './errors.js';
import { descriptorWriter, writeAllSync, type DescriptorWriter } from './descriptor-writer.js';
import { isInterrupted, openForWriting } from './interrupted.js';
import { endQuietly, isReaderGone } from './quiet-exit.js';

/** Where an output goes, decided (and checked) before any work starts. */
export type OutputDestination =
  /** `-o -` */
  | { kind: 'stdout'; name: string }
  /** A regular file or a new path: temporary file in `path`'s directory, renamed over `path`. */
  | { kind: 'file'; name: string; path: string; mode: number | undefined }
  /**
   * An existing device, FIFO, or procfs (/dev/fd) entry: opened and written as it is; `fd` when it
   * is one of our own descriptors (/dev/stdout → fd 1), written directly.
   */
  | { kind: 'in-place'; name: string; path: string; fd: number | undefined }
  /** An existing Unix socket: connected to and written. */
  | { kind: 'socket'; name: string; path: string };

/** The name meaning standard output. */
export const STDOUT_NAME = '-';

/** Symbolic links followed before giving up, like the kernel's limit. */
const MAX_LINKS = 40;

function cannotWrite(name: string, why: string): UsageError {
  return new UsageError(`cannot write '${name}': ${why}.`, 1);
}

function accessError(name: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EROFS') return cannotWrite(name, 'the file system is read-only');
  if (code === 'EACCES' || code === 'EPERM') return cannotWrite(name, 'permission denied');
  throw error;
}

/** lstat, undefined when nothing is there; a path that cannot be looked up is the user's error. */
function lstatOrUndefined(path: string, name: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw cannotWrite(name, 'a part of the path is not a directory');
    if (code === 'EACCES') throw cannotWrite(name, 'permission denied');
    throw error;
  }
}

/**
 * Decides how `name` is written and checks, before sampling starts, that it can be: fails with a
 * UsageError when the directory is missing or not writable, the path is a directory, or a binary
 * format would go to a terminal.
 */
export function resolveOutput(name: string, opts: { binary: boolean; formatName: string }): OutputDestination {
  if (name === STDOUT_NAME) {
    if (opts.binary && isatty(1)) throw refuseTerminal(name, opts.formatName);
    return { kind: 'stdout', name };
  }
  let path = resolve(name);
  for (let links = 0; ; links++) {
    if (links > MAX_LINKS) throw cannotWrite(name, 'too many levels of symbolic links');
    // /dev/stdout, /dev/fd/N and their procfs targets: kernel objects whatever they point to
    if (isProcfsPath(path)) return inPlace(name, path, opts);
    const st = lstatOrUndefined(path, name);
    if (st === undefined) return newFile(name, path);
    if (st.isSymbolicLink()) {
      path = resolve(dirname(path), readlinkSync(path));
      continue;
    }
    if (st.isDirectory()) throw cannotWrite(name, 'it is a directory');
    if (st.isFile()) {
      try {
        accessSync(path, constants.W_OK);
        accessSync(dirname(path), constants.W_OK);
      } catch (error) {
        throw accessError(name, error);
      }
      return { kind: 'file', name, path, mode: st.mode & 0o7777 };
    }
    if (st.isSocket()) return { kind: 'socket', name, path };
    return inPlace(name, path, opts);
  }
}

function newFile(name: string, path: string): OutputDestination {
  const dir = dirname(path);
  if (lstatOrUndefined(dir, name) === undefined) throw cannotWrite(name, `directory '${dir}' does not exist`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw accessError(name, error);
  }
  return { kind: 'file', name, path, mode: undefined };
}

function inPlace(name: string, path: string, opts: { binary: boolean; formatName: string }): OutputDestination {
  const fd = ownFileDescriptor(path);
  if (fd !== undefined) {
    if (opts.binary && isatty(fd)) throw refuseTerminal(name, opts.formatName);
    return { kind: 'in-place', name, path, fd };
  }
  try {
    accessSync(path, constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw cannotWrite(name, 'no such file or device');
    throw accessError(name, error);
  }
  if (opts.binary && statSync(path).isCharacterDevice()) {
    // a FIFO is never a terminal; a character device may be one (/dev/tty, a pts behind /dev/stdout)
    const fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
      if (isatty(fd)) throw refuseTerminal(name, opts.formatName);
    } finally {
      closeSync(fd);
    }
  }
  return { kind: 'in-place', name, path, fd: undefined };
}

function refuseTerminal(name: string, formatName: string): UsageError {
  const where = name === STDOUT_NAME ? 'standard output is' : `'${name}' is`;
  return new UsageError(
    `refusing to write the binary ${formatName} profile to a terminal (${where} a terminal): redirect it to a file or a pipe, or give a file name with -o.`,
    1,
  );
}

/**
 * True when the output is our own standard output: `-`, or a path that opens the same file
 * (/dev/stdout, /dev/fd/1); a launched program's output must then not go there.
 */
export function isStandardOutput(dest: OutputDestination): boolean {
  if (dest.kind === 'stdout') return true;
  if (dest.kind !== 'in-place') return false;
  if (dest.fd !== undefined) return dest.fd === 1;
  try {
    const ours = fstatSync(1);
    const theirs = statSync(dest.path);
    return ours.dev === theirs.dev && ours.ino === theirs.ino && ours.rdev === theirs.rdev;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EBADF' || code === 'ENOENT' || code === 'ENXIO') return false;
    throw error;
  }
}

/** A user-facing name for the destination in messages: the file name, or "standard output". */
export function describeDestination(dest: OutputDestination): string {
  return dest.kind === 'stdout' ? 'standard output' : `'${dest.name}'`;
}

/** Writes an output: chunks as they come (chrometrace streams), then `close()` makes it final. */
export interface OutputWriter {
  write(chunk: string | Uint8Array): void;
  /** Completes the output: renamed into place, or written to the device, pipe or socket. */
  close(): Promise<void>;
  /** Gives up: removes a temporary file; a device, pipe or socket is left as it is. */
  abort(): void;
}

function failure(dest: OutputDestination, error: unknown, partial: boolean): UsageError {
  // `-o - | head`: standard output's reader left, which is how such a pipeline ends
  if (isReaderGone(error) && isStandardOutput(dest)) endQuietly();
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOSPC' ? 'no space left on the device'
    : code === 'EDQUOT' ? 'disk quota exceeded'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EPIPE' || code === 'ECONNRESET' ? 'the reader closed the pipe'
    : (error as Error).message;
  return new UsageError(`failed to write ${describeDestination(dest)}: ${why}${partial ? '; part of the output may have been written' : '; nothing was written'}.`, 1);
}

function toBytes(chunk: string | Uint8Array): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/**
 * Opens a writer for `dest` (resolved by resolveOutput). `incremental`: a regular file is written at
 * its own path as the chunks come (a capture, readable while it is written and after a crash),
 * instead of a temporary file renamed at the end.
 */
export function openOutput(dest: OutputDestination, opts: { incremental?: boolean } = {}): OutputWriter {
  switch (dest.kind) {
    case 'file':
      return opts.incremental ? new IncrementalFileWriter(dest) : new AtomicFileWriter(dest);
    case 'stdout':
      return new StdoutWriter(dest);
    case 'in-place':
    case 'socket':
      return new InPlaceWriter(dest);
  }
}

/** Writes `data` to `dest` in one go. */
export async function writeOutput(dest: OutputDestination, data: string | Uint8Array): Promise<void> {
  const writer = openOutput(dest);
  try {
    writer.write(data);
    await writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/**
 * A regular file written through one descriptor, opened on the first chunk: what the atomic and the
 * incremental writers share. `close()` writes an empty file when nothing came, fsyncs and closes;
 * a failure gives up (`abort()`) and says whether part of the output may be at the destination.
 */
abstract class FileWriter implements OutputWriter {
  private fd: number | undefined;
  /** Chunks written so far. */
  protected chunks = 0;
  constructor(protected readonly dest: Extract<OutputDestination, { kind: 'file' }>, private readonly path: string) {}

  /** True when a failure now leaves part of the output at the destination. */
  protected abstract partial(): boolean;
  /** Runs once the file is synced and closed. */
  protected completed(): void {}
  /** Removes what an abort must not leave behind. */
  protected abstract discard(): void;

  write(chunk: string | Uint8Array): void {
    try {
      if (this.fd === undefined) {
        this.fd = openSync(this.path, 'w', this.dest.mode ?? 0o666);
        // replacing a file keeps its permissions (open's mode is masked by the umask)
        if (this.dest.mode !== undefined) fchmodSync(this.fd, this.dest.mode);
      }
      writeAllSync(this.fd, toBytes(chunk));
      this.chunks++;
    } catch (error) {
      this.abort();
      throw failure(this.dest, error, this.partial());
    }
  }

  close(): Promise<void> {
    try {
      if (this.fd === undefined) this.write('');
      fsyncSync(this.fd!);
      closeSync(this.fd!);
      this.fd = undefined;
      this.completed();
    } catch (error) {
      this.abort();
      if (error instanceof UsageError) throw error;
      throw failure(this.dest, error, this.partial());
    }
    return Promise.resolve();
  }

  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.discard();
  }
}

/** Temporary file in the destination's directory, fsync'd and renamed over it. */
class AtomicFileWriter extends FileWriter {
  private readonly tmp: string;
  constructor(dest: Extract<OutputDestination, { kind: 'file' }>) {
    const tmp = `${dest.path}.pyglass-partial`;
    super(dest, tmp);
    this.tmp = tmp;
  }

  protected partial(): boolean {
    return false;
  }

  protected override completed(): void {
    renameSync(this.tmp, this.dest.path);
  }

  protected discard(): void {
    rmSync(this.tmp, { force: true });
  }
}

/**
 * A regular file written in place as the chunks come (each chunk one write: a reader sees whole
 * chunks or the beginning of the last one). abort() keeps what was written when it is more than the
 * first chunk: a capture cut short is still a capture.
 */
class IncrementalFileWriter extends FileWriter {
  constructor(dest: Extract<OutputDestination, { kind: 'file' }>) {
    super(dest, dest.path);
  }

  protected partial(): boolean {
    return this.chunks > 0;
  }

  protected discard(): void {
    if (this.chunks <= 1) rmSync(this.dest.path, { force: true });
  }
}

/**
 * Standard output, written as it comes. A pipe or socket is written without blocking (a full pipe
 * never holds off SIGINT or SIGTERM): the bytes wait in memory for the reader, close() waits for
 * them to go out, and a signal during that wait gives up (Interrupted, exit 130 or 143).
 */
class StdoutWriter implements OutputWriter {
  private wrote = false;
  private readonly out: DescriptorWriter;
  constructor(private readonly dest: OutputDestination, fd = 1) {
    this.out = descriptorWriter(fd);
  }

  write(chunk: string | Uint8Array): void {
    const bytes = toBytes(chunk);
    try {
      this.out.write(bytes);
    } catch (error) {
      throw failure(this.dest, error, this.wrote);
    }
    this.wrote ||= bytes.length > 0;
  }

  async close(): Promise<void> {
    try {
      await this.out.end(describeDestination(this.dest));
    } catch (error) {
      if (isInterrupted(error)) throw error;
      throw failure(this.dest, error, this.wrote);
    }
  }

  abort(): void {
    this.out.destroy();
  }
}

/**
 * A device, FIFO, procfs entry or socket: the output is kept in memory and written when complete.
 * Opening happens only then (a FIFO's open waits for its reader) and asynchronously: Control-C or
 * SIGTERM while it waits cancels it (Interrupted, exit status 130 or 143). Opened without O_CREAT or O_TRUNC: the object is used, never made.
 */
class InPlaceWriter implements OutputWriter {
  private readonly chunks: Uint8Array[] = [];
  constructor(private readonly dest: Extract<OutputDestination, { kind: 'in-place' | 'socket' }>) {}

  write(chunk: string | Uint8Array): void {
    this.chunks.push(toBytes(chunk));
  }

  async close(): Promise<void> {
    const data = Buffer.concat(this.chunks);
    this.chunks.length = 0;
    if (this.dest.kind === 'socket') return this.sendToSocket(data);
    if (this.dest.fd !== undefined) {
      // one of our own descriptors (/dev/stdout → 1): written as standard output is
      const out = new StdoutWriter(this.dest, this.dest.fd);
      try {
        out.write(data);
        await out.close();
      } finally {
        out.abort();
      }
      return;
    }
    let handle;
    try {
      // O_APPEND: /dev/stdout opened for a file the shell opened with >> must not be truncated
      handle = await openForWriting(this.dest.path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOCTTY, this.dest.name);
    } catch (error) {
      if (isInterrupted(error)) throw error;
      throw failure(this.dest, error, false);
    }
    // a FIFO whose reader does not read must not hold signals off either: written without blocking
    const out = descriptorWriter(handle.fd, { borrowed: true });
    try {
      out.write(data);
      await out.end(describeDestination(this.dest));
    } catch (error) {
      if (isInterrupted(error)) throw error;
      throw failure(this.dest, error, true);
    } finally {
      out.destroy();
      await handle.close();
    }
  }

  private sendToSocket(data: Buffer): Promise<void> {
    return new Promise((resolveDone, reject) => {
      let connected = false;
      const socket = createConnection(this.dest.path, () => {
        connected = true;
        socket.end(data);
      });
      socket.on('error', (error) => reject(failure(this.dest, error, connected)));
      socket.on('close', (hadError) => {
        if (!hadError) resolveDone();
      });
    });
  }

  abort(): void {
    this.chunks.length = 0;
  }
}
