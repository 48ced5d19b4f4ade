/**
 * Writing an open descriptor (standard output, /dev/fd/N, an opened FIFO) without holding signals
 * off. A write to a pipe or socket whose reader does not read blocks once the kernel's buffer is
 * full: done synchronously it blocks Node's event loop, so no SIGINT or SIGTERM handler can run; done
 * in libuv's thread pool it blocks a thread that exit() then waits for. So a pipe, FIFO or socket is
 * written non-blocking, through a stream that waits for room on the event loop (backpressure: the
 * bytes wait in memory, none is dropped), and its end can be cancelled by a signal. A regular file,
 * a device or a terminal is written synchronously as before (nothing there waits for a reader).
 */
import { constants, fstatSync, openSync, writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { Interrupted, unlessSignalled } from './interrupted.js';

/** A write-only stream on `fd`; node:net is loaded here, not imported: main() imports this module, and every start-up would load it. */
function socketOn(fd: number): Socket {
  const { Socket: NetSocket } = process.getBuiltinModule('node:net');
  return new NetSocket({ fd, readable: false, writable: true });
}

/** Writes one descriptor: `write` as the bytes come, `end` once (waits for them to be out), or `destroy`. */
export interface DescriptorWriter {
  /** Queues or writes `bytes`; throws the error of an earlier write (EPIPE: the reader left). */
  write(bytes: Uint8Array): void;
  /**
   * Resolves once every byte is written; rejects with the write's error, or with Interrupted when
   * SIGINT or SIGTERM comes first. `destination` names the output in messages ("standard output").
   */
  end(destination: string): Promise<void>;
  /** Drops what is not written yet and lets the descriptor go (it is not closed: it is the caller's). */
  destroy(): void;
}

/**
 * Set when a write to standard output or error was given up with bytes still queued in Node's own
 * stream: the event loop would wait for them forever, so the bin exits at once (see bin/pyglass.js).
 */
let abandoned = false;

/** How long the end of a write may wait for the reader before pyglass says it waits. */
const WAIT_NOTICE_MS = 200;

/** True once a write to pyglass's own standard output or error was given up (the bin must then exit explicitly). */
export function abandonedStandardWrite(): boolean {
  return abandoned;
}

/**
 * A writer for `fd`, non-blocking when `fd` is a pipe, FIFO or socket. `borrowed`: `fd` belongs to a
 * FileHandle that closes it, so it is never handed to a stream (which would close it too): a pipe
 * that cannot be reopened is then written synchronously.
 */
export function descriptorWriter(fd: number, opts: { borrowed?: boolean } = {}): DescriptorWriter {
  const st = fstatSync(fd);
  if (!st.isFIFO() && !st.isSocket()) return new SyncWriter(fd);
  // A pipe's descriptor is shared (with the shell, the rest of a pipeline): opening it again through
  // /proc gives a description of our own, set non-blocking without touching theirs, and a stream of
  // our own that can be dropped at once.
  const reopened = st.isFIFO() ? reopenNonBlocking(fd) : undefined;
  if (reopened !== undefined) return new StreamWriter(socketOn(reopened), true);
  if (opts.borrowed === true) return new SyncWriter(fd);
  // A socket cannot be reopened. Standard output and error already have Node's streams (non-blocking
  // on a pipe or socket): written through them, never a second handle on the same descriptor.
  if (fd === 1) return new StreamWriter(process.stdout, false);
  if (fd === 2) return new StreamWriter(process.stderr, false);
  return new StreamWriter(socketOn(fd), true);
}

/** writeSync until every byte is out; EAGAIN (a non-blocking descriptor that is full) waits a little. */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

class SyncWriter implements DescriptorWriter {
  constructor(private readonly fd: number) {}
  write(bytes: Uint8Array): void {
    writeAllSync(this.fd, bytes);
  }
  end(): Promise<void> {
    return Promise.resolve();
  }
  destroy(): void {}
}

/** A stream that waits for room on the event loop; `owned`: ours to end and destroy (else process.stdout/stderr). */
class StreamWriter implements DescriptorWriter {
  private failed: Error | undefined;

  constructor(private readonly stream: Writable & { bytesWritten?: number }, private readonly owned: boolean) {
    if (owned) stream.on('error', (error) => { this.failed ??= error; });
  }

  write(bytes: Uint8Array): void {
    if (this.failed !== undefined) throw this.failed;
    // when the reader is slow the bytes wait in memory and go out as it makes room
    this.stream.write(bytes, (error) => { if (error) this.failed ??= error; });
  }

  async end(destination: string): Promise<void> {
    if (this.failed !== undefined) throw this.failed;
    // a reader that does not read: say what pyglass waits for, as for a FIFO without a reader
    const notice = setTimeout(() => process.stderr.write(`pyglass> waiting for the reader of ${destination} to take the rest of the output (Control-C cancels)\n`), WAIT_NOTICE_MS);
    const done = new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      this.stream.once('error', fail);
      const finished = () => {
        this.stream.off('error', fail);
        if (this.failed !== undefined) reject(this.failed);
        else resolve();
      };
      // standard output is never ended (Node's stream stays): it is enough that it drained
      if (this.owned) this.stream.end(finished);
      else if (this.stream.writableLength === 0) finished();
      else this.stream.once('drain', finished);
    });
    try {
      await unlessSignalled(done, (signal) => {
        // (how much of a chunk the pipe took is not known: a chunk counts until all of it is out)
        const complete = this.stream.writableLength === 0;
        this.destroy();
        return new Interrupted(signal, `writing to ${destination}`, complete ? 'the output was written' : 'its reader did not take all of the output');
      });
    } finally {
      clearTimeout(notice);
    }
  }

  destroy(): void {
    if (this.owned) this.stream.destroy();
    else if (this.stream.writableLength > 0) abandoned = true;
  }
}

/** `fd` opened again, non-blocking, as a new description of the same pipe; undefined when it cannot be (then `fd` is used). */
function reopenNonBlocking(fd: number): number | undefined {
  try {
    return openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    // ENXIO: no reader (the write then fails with EPIPE); no /proc: the shared description is used
    return undefined;
  }
}
