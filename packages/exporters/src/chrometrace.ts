import type { StackTrace } from '@pyglass/model';
import type { FrameRec } from './frames.js';
import type { RecorderOptions } from './options.js';
import { BaseRecorder } from './recorder.js';
import type { StackNode, ThreadState } from './stacks.js';
import { classicFormat } from './classic.js';

const FLUSH_AT = 64 * 1024;

/**
 * Chrome Trace Event JSON array of B/E duration events, py-spy style: each thread's stack is diffed against its
 * previous one. Output goes to the sink as it is produced (buffered in ~64 KiB chunks), so memory stays flat.
 */
export class ChrometraceRecorder extends BaseRecorder {
  readonly format = 'chrometrace' as const;
  private readonly sink: (chunk: string) => void;
  private readonly collected: string[] | undefined;
  private buffer = '';
  private events = 0;
  private origin: number | undefined;
  private lastTs = 0;
  /** Per-frame JSON prefix up to the "ph" value. */
  private readonly prefixes: string[] = [];
  private readonly scratch: StackNode[] = [];
  private done = false;

  constructor(options: RecorderOptions) {
    super(options, { byLabel: false, perThread: false });
    if (options.sink !== undefined) this.sink = options.sink;
    else {
      const collected: string[] = [];
      this.collected = collected;
      this.sink = (chunk) => collected.push(chunk);
    }
    this.origin = options.startTime;
    this.buffer = '[';
  }

  /** Events written so far (B, E and metadata). */
  get eventCount(): number {
    return this.events;
  }

  override add(trace: StackTrace, timeMs: number): void {
    if (this.done) return;
    super.add(trace, timeMs);
  }

  protected override added(t: ThreadState, node: StackNode, timeMs: number): void {
    this.origin ??= timeMs;
    let ts = Math.round((timeMs - this.origin) * 1000);
    if (ts < this.lastTs) ts = this.lastTs; // keep ts monotonic if the wall clock steps back
    this.lastTs = ts;
    const prev = t.last;
    if (prev === node) return;
    if (prev === undefined) this.threadMetadata(t);
    // common ancestor of prev and node
    let a = prev;
    let b: StackNode = node;
    while (a !== undefined && a.depth > b.depth) a = a.parent;
    while (a !== undefined && b.depth > a.depth) b = b.parent!;
    while (a !== undefined && a !== b) {
      a = a.parent;
      b = b.parent!;
    }
    const common = a;
    // close popped frames, leaf first
    for (let n = prev; n !== undefined && n !== common; n = n.parent) this.event(n.frame!, 'E', t, ts);
    // open pushed frames, root first
    const pushed = this.scratch;
    pushed.length = 0;
    for (let n: StackNode | undefined = node; n !== undefined && n !== common && n.frame !== undefined; n = n.parent) pushed.push(n);
    for (let i = pushed.length - 1; i >= 0; i--) this.event(pushed[i]!.frame!, 'B', t, ts);
    t.last = node;
  }

  private threadMetadata(t: ThreadState): void {
    if (t.name === undefined) return;
    this.write(`{"args":{"name":${JSON.stringify(t.name)}},"cat":"__metadata","name":"thread_name","ph":"M","pid":${t.pid},"tid":${t.threadId},"ts":0}`);
  }

  private event(f: FrameRec, ph: 'B' | 'E', t: ThreadState, ts: number): void {
    let prefix = this.prefixes[f.id];
    if (prefix === undefined) {
      prefix =
        `{"args":{"filename":${JSON.stringify(f.filename)},"line":${this.showLines && !f.synthetic ? f.line : 'null'}},` +
        `"cat":"pyglass","name":${JSON.stringify(f.name)},"ph":"`;
      this.prefixes[f.id] = prefix;
    }
    this.write(`${prefix}${ph}","pid":${t.pid},"tid":${t.threadId},"ts":${ts}}`);
  }

  private write(event: string): void {
    this.buffer += this.events === 0 ? event : ',\n' + event;
    this.events++;
    if (this.buffer.length >= FLUSH_AT) {
      this.sink(this.buffer);
      this.buffer = '';
    }
  }

  override finish(): Uint8Array {
    if (!this.done) {
      this.done = true;
      const ts = this.lastTs;
      for (const t of this.collector.threadList) {
        for (let n = t.last; n !== undefined && n.frame !== undefined; n = n.parent) this.event(n.frame, 'E', t, ts);
        t.last = undefined;
      }
      this.sink(this.buffer + ']\n');
      this.buffer = '';
    }
    if (this.collected === undefined) return new Uint8Array(0);
    return new TextEncoder().encode(this.collected.join(''));
  }

  protected render(): string {
    return '';
  }
}

/** `chrometrace`: the registry entry. */
export const chrometraceFormat = classicFormat(
  {
    extensions: ['json', 'trace.json'],
    binary: false,
    description: 'Chrome Trace Event JSON: begin/end events per thread (chrome://tracing, Perfetto)',
    wrote: 'chrome trace',
    viewHint: () => 'Visit chrome://tracing or https://ui.perfetto.dev/ to view',
  },
  (options) => new ChrometraceRecorder(options),
);
