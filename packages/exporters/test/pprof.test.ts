import { LineNo } from '@pyglass/model';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { afterAll, describe, expect, it } from 'vitest';
import { createRecorder, exportProfile, PprofRecorder } from '../src/index.js';
import { child, fixtureSamples, MAIN, opts, trace, worker } from './helpers.js';

function decode(bytes: Uint8Array): Profile {
  return Profile.decode(gunzipSync(bytes));
}

function str(p: Profile, i: number | bigint): string {
  return p.stringTable.strings[Number(i)]!;
}

/** Samples as "pid/thread_id/thread_name root;…;leaf" → [count, time]. */
function flatten(p: Profile): Map<string, number[]> {
  const locs = new Map(p.location.map((l) => [Number(l.id), l]));
  const funcs = new Map(p.function.map((f) => [Number(f.id), f]));
  const out = new Map<string, number[]>();
  for (const s of p.sample) {
    const names = s.locationId.map((id) => {
      const l = locs.get(Number(id))!;
      const f = funcs.get(Number(l.line[0]!.functionId))!;
      return `${str(p, f.name)}:${Number(l.line[0]!.line)}`;
    });
    const labels = Object.fromEntries(s.label.map((l) => [str(p, l.key), Number(l.str) ? str(p, l.str) : Number(l.num)]));
    const key = `${labels['pid']}/${labels['thread_id']}/${labels['thread_name']} ${names.reverse().join(';')}`;
    expect(out.has(key)).toBe(false);
    out.set(key, s.value.map(Number));
  }
  return out;
}

const goAvailable = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'pyglass-pprof-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pprof', () => {
  it('splits a stack by the OpenTelemetry span its samples were taken in: span_id, trace_id and span_name labels', () => {
    const a = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'GET /a' };
    const b = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
    const samples = [a, a, b, undefined, a].map((span, i) => ({ time: 1_700_000_000_000 + 10 * i, traces: [trace(MAIN, span ? { span } : {})] }));
    const p = decode(exportProfile(samples, 'pprof', opts()));
    const bySpan = p.sample.map((s) => {
      const labels = Object.fromEntries(s.label.filter((l) => Number(l.str)).map((l) => [str(p, l.key), str(p, l.str)]));
      return { labels, count: Number(s.value[0]) };
    });
    expect(bySpan).toEqual([
      { labels: { thread_id: expect.any(String), thread_name: 'MainThread', span_id: a.spanId, trace_id: a.traceId, span_name: 'GET /a' }, count: 3 },
      // a span without a name (a NonRecordingSpan) has no span_name
      { labels: { thread_id: expect.any(String), thread_name: 'MainThread', span_id: b.spanId, trace_id: b.traceId }, count: 1 },
      { labels: { thread_id: expect.any(String), thread_name: 'MainThread' }, count: 1 },
    ]);
  });

  it('decodes back: sample types, period, aggregated samples per (pid, thread, stack), leaf first', () => {
    const p = decode(exportProfile(fixtureSamples(), 'pprof', opts()));
    expect(p.sampleType.map((t) => `${str(p, t.type)}/${str(p, t.unit)}`)).toEqual(['samples/count', 'cpu/nanoseconds']);
    expect(`${str(p, p.periodType!.type)}/${str(p, p.periodType!.unit)}`).toBe('cpu/nanoseconds');
    expect(Number(p.period)).toBe(10_000_000);
    expect(Number(p.timeNanos)).toBe(1_700_000_000_000 * 1e6);
    expect(Number(p.durationNanos)).toBe(90 * 1e6);
    const flat = flatten(p);
    expect(Object.fromEntries(flat)).toEqual({
      '100/101/MainThread <module>:10;main:5;work:3': [7, 7e7],
      '100/101/MainThread <module>:10;main:6;idle:20': [3, 3e7],
      '100/102/Worker-1 run:900;loop:7': [6, 6e7],
      '100/102/Worker-1 run:900;loop:8;sleep:0': [4, 4e7],
    });
    // leaf first
    const s0 = p.sample.find((s) => s.locationId.length === 3)!;
    const leafLoc = p.location.find((l) => l.id === s0.locationId[0])!;
    expect(['work', 'idle', 'sleep']).toContain(str(p, p.function.find((f) => f.id === leafLoc.line[0]!.functionId)!.name));
  });

  it('tables are deduplicated with non-zero unique ids and string_table[0] == "" (Pyroscope/pprof validity)', () => {
    const p = decode(exportProfile(fixtureSamples(), 'pprof', opts()));
    expect(p.stringTable.strings[0]).toBe('');
    expect(new Set(p.stringTable.strings).size).toBe(p.stringTable.strings.length);
    for (const table of [p.function, p.location]) {
      const ids = table.map((x) => Number(x.id));
      expect(ids.every((i) => i > 0)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    }
    // one function per (name, file); one location per (function, line)
    const fkeys = p.function.map((f) => `${str(p, f.name)}|${str(p, f.filename)}`);
    expect(new Set(fkeys).size).toBe(fkeys.length);
    expect(fkeys).toContain('main|/app/app.py');
    const lkeys = p.location.map((l) => `${Number(l.line[0]!.functionId)}:${Number(l.line[0]!.line)}`);
    expect(new Set(lkeys).size).toBe(lkeys.length);
    expect(p.location.filter((l) => str(p, p.function.find((f) => f.id === l.line[0]!.functionId)!.name) === 'main').length).toBe(2);
    for (const s of p.sample) expect(s.value.length).toBe(p.sampleType.length);
  });

  it('idle → wall sample type; --function → start_line; subprocess frames and pid labels', () => {
    const r = new PprofRecorder(opts({ includeIdle: true, lineNo: LineNo.First, sampleRate: 250, includeThreadIds: true }));
    r.add(trace(['main@app.py:4'], { pid: 200, processInfo: child, active: false }), 0);
    r.add(worker(['g@b.py:2'], { threadName: undefined, osThreadId: undefined }), 3);
    const p = r.profile();
    expect(str(p, p.sampleType[1]!.type)).toBe('wall');
    expect(str(p, p.periodType!.type)).toBe('wall');
    expect(Number(p.period)).toBe(4_000_000);
    expect(Number(p.function.find((f) => str(p, f.name) === 'main')!.startLine)).toBe(4);
    expect(Object.keys(Object.fromEntries(flatten(p)))).toEqual([
      '200/101/MainThread process 100:"python parent.py":0;process 200:"python child.py":0;thread (101): MainThread:0;main:4',
      '100/0x7F0000002000/undefined thread (0x7F0000002000):0;g:2',
    ]);
    // without --function the start line is unknown
    const p2 = decode(exportProfile([{ time: 0, traces: [trace(MAIN)] }], 'pprof', opts()));
    expect(p2.function.every((f) => Number(f.startLine) === 0)).toBe(true);
  });

  it('a sub-interpreter\'s thread state is a sample series of its own with an interpreter_id label', () => {
    const p = decode(exportProfile([{ time: 0, traces: [trace(['f@a.py:1']), trace(['f@a.py:1'], { interpreterId: 3 })] }], 'pprof', opts()));
    const series = p.sample.map((s) => Object.fromEntries(s.label.map((l) => [str(p, l.key), Number(l.num)])));
    expect(series.map((l) => l['interpreter_id'])).toEqual([undefined, 3]);
  });

  it('threadLabels: false keeps the pid label only, with the same counts', () => {
    const recorder = new PprofRecorder(opts(), { threadLabels: false });
    for (const sample of fixtureSamples()) for (const t of sample.traces) recorder.add(t, sample.time);
    const p = decode(recorder.finish());
    const keys = new Set(p.sample.flatMap((s) => s.label.map((l) => str(p, l.key))));
    expect([...keys]).toEqual(['pid']);
    expect(p.sample.reduce((n, s) => n + Number(s.value[0]), 0)).toBe(20);
  });

  it('a native frame shows its library\'s file name; its location\'s mapping keeps the full path', () => {
    const r = new PprofRecorder(opts());
    const t = trace(['main@app.py:4']);
    t.frames.unshift({ name: 'dgemm_nn', filename: 'libopenblas.so', module: '/venv/numpy.libs/libopenblas.so', line: 0, isEntry: true, isShimEntry: true });
    r.add(t, 0);
    const p = decode(r.finish());
    expect(p.mapping.map((m) => str(p, m.filename))).toEqual(['/venv/numpy.libs/libopenblas.so']);
    const native = p.function.find((f) => str(p, f.name) === 'dgemm_nn')!;
    expect(str(p, native.filename)).toBe('libopenblas.so');
    const loc = p.location.find((l) => Number(l.line[0]!.functionId) === Number(native.id))!;
    expect(Number(loc.mappingId)).toBe(Number(p.mapping[0]!.id));
    // Python frames have no mapping
    const main = p.function.find((f) => str(p, f.name) === 'main')!;
    expect(Number(p.location.find((l) => Number(l.line[0]!.functionId) === Number(main.id))!.mappingId)).toBe(0);
  });

  it('an empty recording is a valid profile with no samples', () => {
    const p = decode(createRecorder('pprof', opts()).finish());
    expect(p.sample.length).toBe(0);
    expect(p.stringTable.strings[0]).toBe('');
  });

  it.skipIf(!goAvailable)('go tool pprof reads it: function names and counts (skipped when `go` is not installed)', () => {
    const file = join(tmp, 'profile.pb.gz');
    writeFileSync(file, exportProfile(fixtureSamples(), 'pprof', opts({ includeThreadIds: true })));
    const env = { ...process.env, HOME: tmp, GOCACHE: join(tmp, 'gocache'), PPROF_TMPDIR: tmp };
    const top = spawnSync('go', ['tool', 'pprof', '-top', '-sample_index=samples', file], { encoding: 'utf8', env });
    expect(top.status, top.stderr).toBe(0);
    // flat counts of the leaves: work 7, loop 6, sleep 4, idle 3
    const flat = new Map<string, number>();
    for (const line of top.stdout.split('\n')) {
      const m = /^\s*(\d+)\s+[\d.]+%\s+[\d.]+%\s+(\d+)\s+[\d.]+%\s+(.+?)\s*$/.exec(line);
      if (m) flat.set(m[3]!, Number(m[1]));
    }
    expect(flat.get('work')).toBe(7);
    expect(flat.get('loop')).toBe(6);
    expect(flat.get('sleep')).toBe(4);
    expect(flat.get('idle')).toBe(3);
    const traces = spawnSync('go', ['tool', 'pprof', '-traces', file], { encoding: 'utf8', env });
    expect(traces.status, traces.stderr).toBe(0);
    expect(traces.stdout).toMatch(/thread_name:\s+Worker-1/);
    expect(traces.stdout).toMatch(/^\s+<module>$/m);
    expect(traces.stdout).not.toContain('<unknown>');
    expect(traces.stdout).toMatch(/thread \(101\): MainThread/);
    expect(traces.stdout).toContain('Type: cpu');
  });
});
