/**
 * Terminal handling for `pyglass top`: the full-screen mode on a TTY (alternate screen, hidden
 * cursor, raw keyboard) with a restore that always runs, and the plain mode used when stdout is
 * not a terminal (one table per refresh).
 */
import { isSystemError } from '@pyglass/memory-reader';
import { writeSync } from 'node:fs';

/** Where top draws. */
export interface TopScreen {
  readonly interactive: boolean;
  /** Columns and rows available. */
  size(): { width: number; height: number };
  draw(lines: string[]): void;
  /** Leaves full-screen mode; safe to call more than once. */
  restore(): void;
}

const enterSequence = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
const leaveSequence = '\x1b[?25h\x1b[?1049l';

/** The interactive full-screen view on a TTY. */
export class TtyScreen implements TopScreen {
  readonly interactive = true;
  private active = false;
  private rawStdin = false;
  private readonly exitHandler = () => this.restore();
  private keyListener: ((data: Buffer | string) => void) | undefined;
  private resizeListener: (() => void) | undefined;

  constructor(
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stdin: NodeJS.ReadStream = process.stdin,
  ) {}

  /** Enters the alternate screen, hides the cursor, reads keys raw (when stdin is a TTY). */
  start(onKeys: (input: string) => void, onResize: () => void): void {
    this.active = true;
    // last resort: restore even when something calls process.exit()
    process.once('exit', this.exitHandler);
    this.stdout.write(enterSequence);
    if (this.stdin.isTTY) {
      this.stdin.setRawMode(true);
      this.rawStdin = true;
    }
    this.keyListener = (data) => onKeys(typeof data === 'string' ? data : data.toString('utf8'));
    this.stdin.on('data', this.keyListener);
    this.stdin.resume();
    this.resizeListener = onResize;
    this.stdout.on('resize', this.resizeListener);
  }

  size(): { width: number; height: number } {
    return { width: this.stdout.columns || 80, height: this.stdout.rows || 24 };
  }

  draw(lines: string[]): void {
    if (!this.active) return;
    // home, each line then clear to its end, clear below: no flicker from a full clear
    let frame = '\x1b[H';
    for (let i = 0; i < lines.length; i++) frame += (i > 0 ? '\r\n' : '') + lines[i] + '\x1b[K';
    frame += '\x1b[J';
    this.stdout.write(frame);
  }

  restore(): void {
    if (!this.active) return;
    this.active = false;
    process.removeListener('exit', this.exitHandler);
    if (this.keyListener) this.stdin.removeListener('data', this.keyListener);
    if (this.resizeListener) this.stdout.removeListener('resize', this.resizeListener);
    if (this.rawStdin) {
      try {
        this.stdin.setRawMode(false);
      } catch (e) {
        if (!isSystemError(e)) throw e; // stdin already closed
      }
      this.rawStdin = false;
    }
    this.stdin.pause();
    // synchronous, so it lands even when the process is exiting
    const fd = (this.stdout as { fd?: number }).fd;
    if (typeof fd === 'number') {
      try {
        writeSync(fd, leaveSequence);
        return;
      } catch (e) {
        if (!isSystemError(e)) throw e; // fall through to the stream
      }
    }
    this.stdout.write(leaveSequence);
  }
}

/** Non-TTY output: each refresh prints the plain table, separated by a blank line. */
export class PlainScreen implements TopScreen {
  readonly interactive = false;
  private first = true;

  constructor(
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly width = Number.MAX_SAFE_INTEGER,
    private readonly height = 60,
  ) {}

  size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  draw(lines: string[]): void {
    const text = (this.first ? '' : '\n') + lines.join('\n') + '\n';
    this.first = false;
    this.stdout.write(text);
  }

  restore(): void {}
}
