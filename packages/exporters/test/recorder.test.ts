import { describe, expect, it } from 'vitest';
import {
  ChrometraceRecorder,
  createRecorder,
  ExporterOptionsError,
  exportProfile,
  formatExtension,
  formats,
  recorderFormats,
  frameLabel,
  SpeedscopeRecorder,
  traceIncluded,
  type Format,
} from '../src/index.js';
import { dec, MAIN, MAIN2, opts, sample, trace, worker } from './helpers.js';

describe('recorder API', () => {
  it('formats and extensions', () => {
    expect(formats).toEqual(['flamegraph', 'speedscope', 'raw', 'chrometrace', 'pprof', 'html', 'firefox', 'capture']);
    expect(formats.map(formatExtension)).toEqual(['svg', 'json', 'txt', 'json', 'pb.gz', 'html', 'firefox.json', 'pyglass']);
    // html, firefox and capture take whole samples (no trace-level recorder)
    expect(recorderFormats).toEqual(['flamegraph', 'speedscope', 'raw', 'chrometrace', 'pprof']);
    for (const f of recorderFormats) expect(createRecorder(f, opts()).format).toBe(f);
  });

  it('typed errors for an unknown format or a bad rate', () => {
    expect(() => createRecorder('svg' as Format, opts())).toThrow(ExporterOptionsError);
    expect(() => createRecorder('svg' as Format, opts())).toThrow(/unknown format 'svg': choose one of flamegraph/);
    expect(() => createRecorder('raw', opts({ sampleRate: 0 }))).toThrow(ExporterOptionsError);
    expect(() => createRecorder('raw', opts({ sampleRate: Number.NaN }))).toThrow(/invalid sample rate/);
  });

  it('traceIncluded applies py-spy filters: idle dropped unless includeIdle; gilOnly keeps the GIL holder', () => {
    const idle = trace(MAIN, { active: false, ownsGil: false });
    const active = trace(MAIN, { active: true, ownsGil: false });
    const gil = trace(MAIN, { active: true, ownsGil: true });
    expect([idle, active, gil].map((t) => traceIncluded(t, { includeIdle: false, gilOnly: false }))).toEqual([false, true, true]);
    expect([idle, active, gil].map((t) => traceIncluded(t, { includeIdle: true, gilOnly: false }))).toEqual([true, true, true]);
    expect([idle, active, gil].map((t) => traceIncluded(t, { includeIdle: false, gilOnly: true }))).toEqual([false, false, true]);
    expect(traceIncluded(trace(MAIN, { active: false, ownsGil: true }), { includeIdle: true, gilOnly: true })).toBe(true);
  });

  it('exportProfile filters and counts each trace of each sample', () => {
    const samples = [
      sample(0, trace(MAIN), worker(undefined, { active: false, ownsGil: false })),
      sample(10, trace(MAIN2, { ownsGil: false }), worker()),
    ];
    expect(dec(exportProfile(samples, 'raw', opts()))).toBe(
      '<module> (app.py:10);main (app.py:5);work (lib.py:3) 1\n<module> (app.py:10);main (app.py:6);idle (lib.py:20) 1\nrun (threading.py:900);loop (worker.py:7) 1\n',
    );
    expect(dec(exportProfile(samples, 'raw', { ...opts(), includeIdle: true }))).toContain('run (threading.py:900);loop (worker.py:7) 2\n');
    expect(dec(exportProfile(samples, 'raw', { ...opts(), gilOnly: true }))).toBe(
      '<module> (app.py:10);main (app.py:5);work (lib.py:3) 1\nrun (threading.py:900);loop (worker.py:7) 1\n',
    );
    // a generator works as well as an array
    function* gen() {
      yield* samples;
    }
    expect(dec(exportProfile(gen(), 'raw', opts()))).toBe(dec(exportProfile(samples, 'raw', opts())));
  });

  it('frameLabel follows py-spy', () => {
    const f = { name: 'f', filename: '/x/a.py', shortFilename: 'a.py', line: 3 };
    expect(frameLabel(f, true)).toBe('f (a.py:3)');
    expect(frameLabel(f, false)).toBe('f (a.py)');
    expect(frameLabel({ ...f, line: 0 }, true)).toBe('f (a.py)');
    expect(frameLabel({ ...f, shortFilename: undefined }, true)).toBe('f (/x/a.py:3)');
    expect(frameLabel({ name: 'thread (1)', filename: '', line: 0 }, true)).toBe('thread (1)');
  });
});

describe('memory is bounded by distinct stacks, not samples', () => {
  it.each(recorderFormats)('%s: 1,000,000 identical traces keep one stack', (format) => {
    const r = createRecorder(format, opts({ includeThreadIds: true, sink: () => undefined }));
    const t = trace(MAIN);
    for (let i = 0; i < 1_000_000; i++) r.add(t, i);
    expect(r.distinctStacks).toBe(1);
    expect(r.samples).toBe(1_000_000);
    if (r instanceof SpeedscopeRecorder) expect(r.runs).toBe(1);
    if (r instanceof ChrometraceRecorder) expect(r.eventCount).toBe(5); // thread name + 4 B (thread frame + 3)
    r.finish();
  });

  it('fresh Frame objects with equal contents land on the same stack (no identity needed)', () => {
    for (const format of recorderFormats) {
      const r = createRecorder(format, opts({ sink: () => undefined }));
      for (let i = 0; i < 5000; i++) r.add(trace(i % 2 ? MAIN : MAIN2), i);
      expect(r.distinctStacks).toBe(2);
      r.finish();
    }
  });

  it('a Frame object reused and mutated by the caller is not mistaken for its old contents', () => {
    const r = createRecorder('raw', opts());
    const t = trace(MAIN);
    r.add(t, 0);
    t.frames[0]!.line = 4; // same object, now another line
    r.add(t, 1);
    t.frames[0]!.name = 'other';
    r.add(t, 2);
    expect(dec(r.finish())).toBe(
      [
        '<module> (app.py:10);main (app.py:5);other (lib.py:4) 1',
        '<module> (app.py:10);main (app.py:5);work (lib.py:3) 1',
        '<module> (app.py:10);main (app.py:5);work (lib.py:4) 1',
        '',
      ].join('\n'),
    );
  });

  it('speedscope keeps per-sample order as runs: alternating stacks grow runs, repeated ones do not', () => {
    const r = new SpeedscopeRecorder(opts());
    const a = trace(MAIN);
    const b = trace(MAIN2);
    for (let i = 0; i < 1000; i++) r.add(i < 500 ? a : b, i);
    expect(r.runs).toBe(2);
    expect(r.distinctStacks).toBe(2);
  });
});

describe('deep stacks', () => {
  it.each(recorderFormats)('%s: a 5,000-frame stack renders without recursion limits', (format) => {
    const deep = Array.from({ length: 5000 }, (_, i) => `f${i}@m.py:${i + 1}`);
    const r = createRecorder(format, opts({ sink: () => undefined }));
    r.add(trace(deep), 0);
    r.add(trace(deep.slice(0, 4000)), 10);
    expect(r.distinctStacks).toBe(2);
    expect(() => r.finish()).not.toThrow();
  });
});
