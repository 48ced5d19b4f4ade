import { gzipSync } from 'node:zlib';
import { Function as PprofFunction, Label, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { formatThreadId, LineNo, type SpanRef, type StackTrace } from '@pyglass/model';
import type { FrameRec } from './frames.js';
import type { RecorderOptions } from './options.js';
import { BaseRecorder } from './recorder.js';
import { SPAN_LABELS } from './span-labels.js';
import { classicFormat } from './classic.js';
import type { StackNode, ThreadState } from './stacks.js';


/**
 * pprof (profile.proto, gzipped). Sample types [samples/count, cpu|wall/nanoseconds]; one sample per distinct
 * (pid, thread, stack, OpenTelemetry span) with labels pid, thread_id, thread_name and, for samples taken inside a
 * span, span_id, span_name and trace_id; leaf first in location_id. system_name is left
 * empty on purpose: go tool pprof demangles functions whose system_name equals their name and turns `<module>` into ''.
 * A native frame's location points at a mapping named by its library's full path (the frame's own file name
 * may be only the library's base name).
 */
export class PprofRecorder extends BaseRecorder {
  readonly format = 'pprof' as const;
  private readonly threadLabels: boolean;
  /** Per stack node: how many of its samples were taken in each span (the rest in none). */
  private readonly spans = new Map<StackNode, Map<string, { span: SpanRef; count: number }>>();

  /** `threadLabels: false` leaves out thread_id / thread_name (Pyroscope makes a series of each label value). */
  constructor(options: RecorderOptions, layout: { threadLabels?: boolean } = {}) {
    super(options, { byLabel: false, perThread: true });
    this.threadLabels = layout.threadLabels ?? true;
  }

  protected override added(_t: ThreadState, node: StackNode, _timeMs: number, trace: StackTrace): void {
    const span = trace.span;
    if (span === undefined) return;
    let bySpan = this.spans.get(node);
    if (bySpan === undefined) this.spans.set(node, (bySpan = new Map()));
    const key = `${span.traceId}${span.spanId}${span.name ?? ''}`;
    const c = bySpan.get(key);
    if (c) c.count++;
    else bySpan.set(key, { span, count: 1 });
  }

  /**
   * The profile, before encoding (tests). Internal: its type is pprof-format's, whose declarations need
   * @types/node; library users decode `finish()` instead.
   * @internal
   */
  profile(): Profile {
    const strings = new StringTable();
    const s = (v: string): number => strings.dedup(v);
    const timeKind = this.options.includeIdle ? 'wall' : 'cpu';
    const period = Math.round(1e9 / this.options.sampleRate);
    const sampleType = [new ValueType({ type: s('samples'), unit: s('count') }), new ValueType({ type: s(timeKind), unit: s('nanoseconds') })];

    const functions: PprofFunction[] = [];
    const functionIds = new Map<string, Map<string, number>>();
    const functionId = (f: FrameRec): number => {
      let byFile = functionIds.get(f.name);
      if (byFile === undefined) functionIds.set(f.name, (byFile = new Map()));
      let id = byFile.get(f.filename);
      if (id === undefined) {
        id = functions.length + 1;
        byFile.set(f.filename, id);
        const startLine = this.options.lineNo === LineNo.First && this.showLines ? f.line : 0;
        functions.push(new PprofFunction({ id, name: s(f.name), filename: s(f.filename), startLine }));
      }
      return id;
    };
    const mappings: Mapping[] = [];
    const mappingIds = new Map<string, number>();
    const mappingId = (module: string | undefined): number => {
      if (module === undefined) return 0;
      let id = mappingIds.get(module);
      if (id === undefined) {
        id = mappings.length + 1;
        mappingIds.set(module, id);
        mappings.push(new Mapping({ id, filename: s(module), hasFunctions: true, hasFilenames: true, hasLineNumbers: true }));
      }
      return id;
    };
    // one location per frame record = distinct (function, line)
    const locations: Location[] = [];
    const locationIds: number[] = [];
    const locationId = (f: FrameRec): number => {
      let id = locationIds[f.id];
      if (id === undefined) {
        id = locations.length + 1;
        locationIds[f.id] = id;
        locations.push(new Location({ id, mappingId: mappingId(f.module), line: [new Line({ functionId: functionId(f), line: f.line })] }));
      }
      return id;
    };

    const kPid = s('pid');
    const kThreadId = s('thread_id');
    const kThreadName = s('thread_name');
    const samples: Sample[] = [];
    for (const leaf of this.collector.leaves) {
      const t = leaf.thread!;
      const locs: number[] = [];
      for (let n: typeof leaf | undefined = leaf; n !== undefined && n.frame !== undefined; n = n.parent) locs.push(locationId(n.frame));
      const label = [new Label({ key: kPid, num: t.pid })];
      if (this.threadLabels) {
        label.push(new Label({ key: kThreadId, str: s(formatThreadId(t)) }));
        if (t.name !== undefined) label.push(new Label({ key: kThreadName, str: s(t.name) }));
      }
      if (t.interpreterId) label.push(new Label({ key: s('interpreter_id'), num: t.interpreterId }));
      // one sample per span the stack was seen in, and one for its samples outside any span
      let outside = leaf.self;
      for (const { span, count } of this.spans.get(leaf)?.values() ?? []) {
        outside -= count;
        const spanLabel = [...label, new Label({ key: s(SPAN_LABELS.spanId), str: s(span.spanId) }), new Label({ key: s(SPAN_LABELS.traceId), str: s(span.traceId) })];
        if (span.name !== undefined) spanLabel.push(new Label({ key: s(SPAN_LABELS.spanName), str: s(span.name) }));
        samples.push(new Sample({ locationId: locs, value: [count, count * period], label: spanLabel }));
      }
      if (outside > 0) samples.push(new Sample({ locationId: locs, value: [outside, outside * period], label }));
    }
    const start = this.options.startTime ?? this.firstTime ?? 0;
    const durationMs = this.firstTime !== undefined && this.lastTime !== undefined ? this.lastTime - this.firstTime : 0;
    return new Profile({
      sampleType,
      sample: samples,
      mapping: mappings,
      location: locations,
      function: functions,
      stringTable: strings,
      timeNanos: BigInt(Math.round(start * 1000)) * 1000n,
      durationNanos: Math.max(0, Math.round(durationMs * 1e6)),
      periodType: new ValueType({ type: s(timeKind), unit: s('nanoseconds') }),
      period,
    });
  }

  override finish(): Uint8Array {
    return gzipSync(this.profile().encode());
  }

  /**
   * The Profile message, not compressed, optionally placed in time by the caller: `span` (ms since the
   * epoch, ms) replaces the first-to-last-sample span (an upload window is placed by its window).
   */
  encode(span?: { startMs: number; durationMs: number }): Uint8Array {
    const profile = this.profile();
    if (span !== undefined) {
      profile.timeNanos = BigInt(Math.round(span.startMs)) * 1_000_000n;
      profile.durationNanos = BigInt(Math.max(0, Math.round(span.durationMs))) * 1_000_000n;
    }
    return profile.encode();
  }

  protected render(): string {
    return '';
  }
}

/** `pprof`: the registry entry. */
export const pprofFormat = classicFormat(
  {
    extensions: ['pb.gz'],
    binary: true,
    description: 'gzipped pprof profile.proto (go tool pprof, Pyroscope, Grafana)',
    wrote: 'pprof profile',
    viewHint: (file) => (file === undefined ? undefined : `View with: go tool pprof -http=: ${file}`),
  },
  (options) => new PprofRecorder(options),
);
