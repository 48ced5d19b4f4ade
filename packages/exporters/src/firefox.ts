/**
 * The Firefox Profiler's processed profile format, pinned at preprocessedProfileVersion 57 (meta.version
 * 32), the pair CPython 3.15's own sampler writes; the profiler upgrades it to its current version when
 * it loads the file. One thread (track) per Python thread, grouped by process; every sample at its own
 * time; frame categories Python, Native, Idle (the innermost frame of a sample of an idle thread) and
 * GC (`<GC>` frames); per-thread interval markers for the states the sampler read ("Has GIL",
 * "Waiting for GIL", "On CPU", "GC Collecting", "Exception", "Native Code") and the asyncio task
 * each sample ran.
 */
import { formatThreadId, ThreadStates, type Frame, type Sample, type StackTrace } from '@pyglass/model';
import { recordedTrace } from './classic.js';
import { traceFilterOf, type ExportOptions, type FormatEntry } from './format.js';
import type { TraceFilter } from './frames.js';
import { exportersVersion, showsLines } from './options.js';
import { isInternedStack } from './interned.js';

/** The version pair written in `meta` (see the module comment). */
export const FIREFOX_PROCESSED_VERSION = 57;
export const FIREFOX_GECKO_VERSION = 32;

/** Indexes into `meta.categories`. */
export const FirefoxCategory = { Other: 0, Python: 1, Native: 2, GC: 3, Idle: 4, GIL: 5, CPU: 6, Exception: 7, Asyncio: 8 } as const;
const categories = [
  ['Other', 'grey'], ['Python', 'yellow'], ['Native', 'blue'], ['GC', 'orange'], ['Idle', 'transparent'],
  ['GIL', 'red'], ['CPU', 'green'], ['Exception', 'lightred'], ['Asyncio', 'purple'],
].map(([name, color]) => ({ name: name!, color: color!, subcategories: ['Other'] }));

/** The interval markers of thread states: marker name, data type (its schema), category, state bit. */
export const stateMarkers = [
  { name: 'Has GIL', type: 'HasGIL', category: FirefoxCategory.GIL, bit: ThreadStates.HoldsGil, description: 'The thread held the GIL (free-threaded builds: it was attached to its interpreter).' },
  { name: 'Waiting for GIL', type: 'WaitingForGIL', category: FirefoxCategory.GIL, bit: ThreadStates.WaitingForGil, description: 'The thread wanted the GIL and did not have it.' },
  { name: 'On CPU', type: 'OnCPU', category: FirefoxCategory.CPU, bit: ThreadStates.OnCpu, description: 'The kernel reported the thread running on a CPU.' },
  { name: 'GC Collecting', type: 'GCCollecting', category: FirefoxCategory.GC, bit: ThreadStates.GcCollecting, description: "The garbage collector of the thread's interpreter was running." },
  { name: 'Exception', type: 'Exception', category: FirefoxCategory.Exception, bit: ThreadStates.HandlingException, description: 'An exception was being handled in the thread (an except or finally block ran).' },
  { name: 'Native Code', type: 'NativeCode', category: FirefoxCategory.Native, bit: ThreadStates.NativeCode, description: 'The innermost frame was native code (with --native).' },
] as const;

const TASK_MARKER_TYPE = 'AsyncioTask';

/** Per-thread tables being built. */
class FirefoxThread {
  readonly sampleStack: Array<number | null> = [];
  readonly sampleTime: number[] = [];
  readonly stackFrame: number[] = [];
  readonly stackPrefix: Array<number | null> = [];
  private readonly stackIndex = new Map<string, number>();
  readonly frameFunc: number[] = [];
  readonly frameLine: Array<number | null> = [];
  readonly frameCategory: number[] = [];
  private readonly frameIndex = new Map<string, number>();
  readonly funcName: number[] = [];
  readonly funcFile: Array<number | null> = [];
  private readonly funcIndex = new Map<string, number>();
  readonly markerName: number[] = [];
  readonly markerStart: number[] = [];
  readonly markerEnd: number[] = [];
  readonly markerCategory: number[] = [];
  readonly markerData: Array<Record<string, unknown>> = [];
  /** Open state runs by marker kind: start time and sample count (0: no run open). */
  readonly runStart: number[] = stateMarkers.map(() => 0);
  readonly runSamples: number[] = stateMarkers.map(() => 0);
  /** Marker kinds with a run open, as bits (k → 1 << k). */
  openRuns = 0;
  task: { id: number; name: string | undefined; start: number; samples: number } | undefined;
  /** Fast path of stackOf: the previous trace's Frame objects, lines, idle state and stack. */
  prevFrames: readonly Frame[] = [];
  prevLines: number[] = [];
  prevActive = true;
  prevStack: number | null | undefined;
  /** The Sample (by sequence number) this thread last had an included trace in. */
  lastSeen = -1;
  lastTime = 0;
  /** Stacks of interned frame arrays (see interned.ts), for active and for idle traces (the leaf's category differs). */
  readonly internedActive = new Map<readonly Frame[], number | null>();
  readonly internedIdle = new Map<readonly Frame[], number | null>();

  constructor(
    readonly pid: number, readonly tid: string, readonly osThreadId: number | undefined, readonly interpreterId: number | undefined,
    public threadName: string | undefined,
    /** A suspended asyncio task's track (thread id 0): the task's name, part of the track's identity; else ''. */
    readonly taskName: string,
    readonly processName: string | undefined,
  ) {}

  func(strings: StringArray, name: string, file: string): number {
    const key = `${name}\0${file}`;
    let i = this.funcIndex.get(key);
    if (i === undefined) {
      i = this.funcName.length;
      this.funcIndex.set(key, i);
      this.funcName.push(strings.index(name));
      this.funcFile.push(file === '' ? null : strings.index(file));
    }
    return i;
  }

  frame(func: number, line: number | null, category: number): number {
    const key = `${func}/${line}/${category}`;
    let i = this.frameIndex.get(key);
    if (i === undefined) {
      i = this.frameFunc.length;
      this.frameIndex.set(key, i);
      this.frameFunc.push(func);
      this.frameLine.push(line);
      this.frameCategory.push(category);
    }
    return i;
  }

  stack(prefix: number | null, frame: number): number {
    const key = `${prefix}/${frame}`;
    let i = this.stackIndex.get(key);
    if (i === undefined) {
      i = this.stackFrame.length;
      this.stackIndex.set(key, i);
      this.stackFrame.push(frame);
      this.stackPrefix.push(prefix);
    }
    return i;
  }

  marker(strings: StringArray, name: string, start: number, end: number, category: number, data: Record<string, unknown>): void {
    this.markerName.push(strings.index(name));
    this.markerStart.push(start);
    this.markerEnd.push(end);
    this.markerCategory.push(category);
    this.markerData.push(data);
  }
}

class StringArray {
  readonly strings: string[] = [];
  private readonly map = new Map<string, number>();
  index(s: string): number {
    let i = this.map.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.map.set(s, i);
      this.strings.push(s);
    }
    return i;
  }
}

/** The Firefox renderer's options: the export options (`processName` names the process groups, asked at finish()). */
export type FirefoxOptions = ExportOptions;

/**
 * Builds the profile from whole samples: `add(sample)` gets every sample and keeps the traces that pass
 * the record filters; state markers run over consecutive kept samples of a thread.
 */
export class FirefoxRenderer {
  readonly format = 'firefox' as const;
  private readonly strings = new StringArray();
  private readonly threads: FirefoxThread[] = [];
  private readonly byPid = new Map<number, Map<number, FirefoxThread[]>>();
  private readonly showLines: boolean;
  private readonly interval: number;
  private start: number | undefined;
  private sequence = 0;
  private total = 0;
  private firstTime: number | undefined;
  private lastTime: number | undefined;
  private readonly filter: TraceFilter;

  constructor(readonly options: FirefoxOptions) {
    this.showLines = showsLines(options);
    this.filter = traceFilterOf(options);
    this.interval = 1000 / options.sampleRate;
    this.start = options.startTime;
  }

  /** Traces added so far. */
  get samples(): number {
    return this.total;
  }

  add(sample: Sample): void {
    const seq = this.sequence++;
    const time = sample.time;
    this.start ??= time;
    const rel = time - this.start;
    for (let i = 0; i < sample.traces.length; i++) {
      const trace = recordedTrace(sample.traces[i]!, this.filter);
      if (trace === undefined) continue;
      this.firstTime ??= time;
      this.lastTime = time;
      this.total++;
      const t = this.thread(trace);
      t.sampleStack.push(this.stackOf(t, trace));
      t.sampleTime.push(rel);
      // a suspended greenlet is another stack of the same thread: its state is not the thread's
      if (trace.greenlet !== undefined && !trace.greenlet.running) continue;
      if (t.lastSeen === seq) continue;
      if (t.lastSeen !== seq - 1) this.closeRuns(t, t.lastTime + this.interval);
      t.lastSeen = seq;
      t.lastTime = rel;
      this.states(t, trace, rel);
    }
    // threads not sampled (or filtered out) this time: their runs end here
    for (const t of this.threads) if (t.lastSeen === seq - 1) this.closeRuns(t, rel);
  }

  private states(t: FirefoxThread, trace: StackTrace, rel: number): void {
    const states = trace.states ?? (trace.ownsGil ? ThreadStates.HoldsGil : 0);
    for (let k = 0; k < stateMarkers.length; k++) {
      const on = (states & stateMarkers[k]!.bit) !== 0;
      const open = (t.openRuns & (1 << k)) !== 0;
      if (on) {
        if (open) t.runSamples[k]!++;
        else {
          t.runStart[k] = rel;
          t.runSamples[k] = 1;
          t.openRuns |= 1 << k;
        }
      } else if (open) this.closeRun(t, k, rel);
    }
    const task = trace.asyncioTask;
    if (t.task !== undefined && (task === undefined || task.id !== t.task.id)) this.closeTask(t, rel);
    if (task !== undefined) {
      if (t.task === undefined) t.task = { id: task.id, name: task.name, start: rel, samples: 1 };
      else t.task.samples++;
    }
  }

  private closeRun(t: FirefoxThread, k: number, end: number): void {
    const start = t.runStart[k]!;
    const m = stateMarkers[k]!;
    t.marker(this.strings, m.name, start, Math.max(end, start), m.category, { type: m.type, samples: t.runSamples[k]! });
    t.openRuns &= ~(1 << k);
  }

  private closeTask(t: FirefoxThread, end: number): void {
    const task = t.task!;
    const name = task.name ?? `0x${task.id.toString(16)}`;
    t.marker(this.strings, name, task.start, Math.max(end, task.start), FirefoxCategory.Asyncio,
      { type: TASK_MARKER_TYPE, task: name, id: `0x${task.id.toString(16)}`, samples: task.samples });
    t.task = undefined;
  }

  private closeRuns(t: FirefoxThread, end: number): void {
    for (let k = 0; k < stateMarkers.length; k++) if ((t.openRuns & (1 << k)) !== 0) this.closeRun(t, k, end);
    if (t.task !== undefined) this.closeTask(t, end);
  }

  private thread(trace: StackTrace): FirefoxThread {
    // numeric maps, no key string per sample: pid → thread id → the tracks of that id (one per
    // interpreter; a suspended asyncio task's idle trace, thread id 0, is a track of its own by its name)
    let byTid = this.byPid.get(trace.pid);
    if (byTid === undefined) this.byPid.set(trace.pid, (byTid = new Map()));
    let tracks = byTid.get(trace.threadId);
    if (tracks === undefined) byTid.set(trace.threadId, (tracks = []));
    const interp = trace.interpreterId ?? 0;
    const taskName = trace.threadId === 0 ? (trace.threadName ?? '') : '';
    let t: FirefoxThread | undefined;
    for (let i = 0; i < tracks.length; i++) {
      const c = tracks[i]!;
      if ((c.interpreterId ?? 0) === interp && c.taskName === taskName) {
        t = c;
        break;
      }
    }
    if (t === undefined) {
      const tid = formatThreadId(trace);
      t = new FirefoxThread(trace.pid, tid, trace.osThreadId, trace.interpreterId, trace.threadName, taskName, trace.processInfo?.commandLine);
      tracks.push(t);
      this.threads.push(t);
    }
    if (trace.threadName !== undefined) t.threadName = trace.threadName;
    return t;
  }

  private stackOf(t: FirefoxThread, trace: StackTrace): number | null {
    const frames = trace.frames;
    const interned = trace.active ? t.internedActive : t.internedIdle;
    const known = interned.get(frames);
    if (known !== undefined) return known;
    if (isInternedStack(frames)) {
      const stack = this.slowStackOf(t, trace);
      interned.set(frames, stack);
      return stack;
    }
    // fast path: the thread's previous stack, same Frame objects with the same lines and idle state
    const prev = t.prevFrames;
    if (t.prevStack !== undefined && prev.length === frames.length && t.prevActive === trace.active) {
      let i = 0;
      for (; i < frames.length; i++) if (frames[i] !== prev[i] || frames[i]!.line !== t.prevLines[i]) break;
      if (i === frames.length) return t.prevStack;
    }
    const stack = this.slowStackOf(t, trace);
    t.prevFrames = frames.slice();
    t.prevLines = frames.map((f) => f.line);
    t.prevActive = trace.active;
    t.prevStack = stack;
    return stack;
  }

  private slowStackOf(t: FirefoxThread, trace: StackTrace): number | null {
    const frames = trace.frames;
    let prefix: number | null = null;
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i]!;
      let category: number = f.module !== undefined ? FirefoxCategory.Native : f.name === '<GC>' && f.filename === '' ? FirefoxCategory.GC : FirefoxCategory.Python;
      if (i === 0 && !trace.active) category = FirefoxCategory.Idle;
      const func = t.func(this.strings, f.name, f.filename);
      const line = this.showLines && f.line !== 0 ? f.line : null;
      prefix = t.stack(prefix, t.frame(func, line, category));
    }
    return prefix;
  }

  /** The profile as a JSON-ready object. */
  profile(): Record<string, unknown> {
    const start = this.start ?? 0;
    const end = this.lastTime === undefined ? 0 : this.lastTime - start + this.interval;
    for (const t of this.threads) this.closeRuns(t, t.lastTime + this.interval);
    const mainOf = new Map<number, FirefoxThread>();
    for (const t of this.threads) {
      const current = mainOf.get(t.pid);
      const isMain = (t.osThreadId === t.pid || t.threadName === 'MainThread') && !t.interpreterId;
      if (isMain && (current === undefined || (current.osThreadId !== current.pid && t.osThreadId === t.pid))) mainOf.set(t.pid, t);
    }
    const threads = this.threads.map((t) => {
      const interp = t.interpreterId ? `, interpreter ${t.interpreterId}` : '';
      const name = `${t.threadName !== undefined && t.threadName !== '' ? t.threadName : 'Thread'} (${t.tid}${interp})`;
      const n = t.sampleTime.length;
      return {
        processType: 'default',
        processStartupTime: 0,
        processShutdownTime: null,
        registerTime: n > 0 ? t.sampleTime[0]! : 0,
        unregisterTime: null,
        pausedRanges: [],
        showMarkersInTimeline: true,
        name,
        isMainThread: mainOf.get(t.pid) === t,
        processName: t.processName ?? this.options.processName?.(t.pid) ?? `Python (pid ${t.pid})`,
        pid: String(t.pid),
        tid: t.osThreadId ?? t.tid,
        samples: { stack: t.sampleStack, time: t.sampleTime, weight: null, weightType: 'samples', length: n },
        markers: {
          data: t.markerData, name: t.markerName, startTime: t.markerStart, endTime: t.markerEnd,
          phase: t.markerName.map(() => 1), category: t.markerCategory, length: t.markerName.length,
        },
        stackTable: { frame: t.stackFrame, prefix: t.stackPrefix, length: t.stackFrame.length },
        frameTable: {
          address: t.frameFunc.map(() => -1), inlineDepth: t.frameFunc.map(() => 0), category: t.frameCategory,
          subcategory: t.frameFunc.map(() => 0), func: t.frameFunc, nativeSymbol: t.frameFunc.map(() => null),
          innerWindowID: t.frameFunc.map(() => null), line: t.frameLine, column: t.frameFunc.map(() => null), length: t.frameFunc.length,
        },
        funcTable: {
          name: t.funcName, isJS: t.funcName.map(() => false), relevantForJS: t.funcName.map(() => false),
          resource: t.funcName.map(() => -1), fileName: t.funcFile, lineNumber: t.funcName.map(() => null),
          columnNumber: t.funcName.map(() => null), length: t.funcName.length,
        },
        resourceTable: { length: 0, lib: [], name: [], host: [], type: [] },
        nativeSymbols: { libIndex: [], address: [], name: [], functionSize: [], length: 0 },
      };
    });
    const field = (key: string, label: string, format: string) => ({ key, label, format });
    const markerSchema = [
      ...stateMarkers.map((m) => ({
        name: m.type, tooltipLabel: m.name, tableLabel: `${m.name} ({marker.data.samples} samples)`, chartLabel: m.name,
        display: ['marker-chart', 'marker-table', 'timeline-overview'], description: m.description,
        fields: [field('samples', 'Samples', 'integer')],
      })),
      {
        name: TASK_MARKER_TYPE, tooltipLabel: 'asyncio task {marker.data.task}', tableLabel: 'asyncio task {marker.data.task}', chartLabel: '{marker.data.task}',
        display: ['marker-chart', 'marker-table', 'timeline-overview'], description: 'The asyncio task the thread was running (with --async).',
        fields: [field('task', 'Task', 'string'), field('id', 'Task object', 'string'), field('samples', 'Samples', 'integer')],
      },
    ];
    return {
      meta: {
        interval: this.interval,
        startTime: start,
        endTime: start + end,
        processType: 0,
        product: 'pyglass',
        stackwalk: 0,
        version: FIREFOX_GECKO_VERSION,
        preprocessedProfileVersion: FIREFOX_PROCESSED_VERSION,
        categories,
        markerSchema,
        arguments: this.options.title ?? '',
        importedFrom: `pyglass@${exportersVersion()}`,
        sampleUnits: { time: 'ms', eventDelay: 'ms', threadCPUDelta: 'µs' },
        usesOnlyOneStackType: true,
      },
      libs: [],
      shared: { stringArray: this.strings.strings },
      threads,
    };
  }

  finish(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(this.profile()));
  }
}

/** The registry entry of `-f firefox`. */
export const firefoxFormat: FormatEntry = {
  extensions: ['firefox.json', 'json'],
  binary: false,
  runStates: true,
  description: 'Firefox Profiler timelines: a track per thread, GIL/CPU/GC/exception markers',
  wrote: 'Firefox Profiler profile',
  viewHint: () => 'Open https://profiler.firefox.com and load the file ("Load a profile from file")',
  create: (options) => new FirefoxRenderer(options),
};
