import { LineNo } from '@pyglass/model';
import { describe, expect, it } from 'vitest';
import { createRecorder, exportProfile, traceLabels } from '../src/index.js';
import { child, dec, fixtureSamples, MAIN, opts, trace, worker } from './helpers.js';
import { readGolden } from './golden.js';

describe('raw (collapsed stacks)', () => {
  it('matches the golden file', () => {
    const out = dec(exportProfile(fixtureSamples(), 'raw', opts()));
    expect(out).toBe(readGolden('raw.txt', out));
  });

  it('writes one sorted line per distinct stack with counts', () => {
    const r = createRecorder('raw', opts());
    for (let i = 0; i < 3; i++) r.add(trace(MAIN), i);
    r.add(trace(['<module>@app.py:10', 'main@app.py:5']), 5);
    expect(dec(r.finish())).toBe(
      '<module> (app.py:10);main (app.py:5) 1\n<module> (app.py:10);main (app.py:5);work (lib.py:3) 3\n',
    );
    expect(r.samples).toBe(4);
    expect(r.distinctStacks).toBe(2);
  });

  it('--nolineno merges lines of a function and drops ":line"', () => {
    const r = createRecorder('raw', opts({ lineNo: LineNo.NoLine }));
    r.add(trace(['<module>@app.py:10', 'main@app.py:5']), 0);
    r.add(trace(['<module>@app.py:10', 'main@app.py:6']), 1);
    expect(dec(r.finish())).toBe('<module> (app.py);main (app.py) 2\n');
    const r2 = createRecorder('raw', opts({ lineNo: LineNo.NoLine }));
    r2.add(trace(['f@a.py:3']), 0);
    expect(dec(r2.finish())).toBe('f (a.py) 1\n');
  });

  it('--function (first line) labels show the function start line', () => {
    const r = createRecorder('raw', opts({ lineNo: LineNo.First }));
    r.add(trace(['<module>@app.py:1', 'main@app.py:4']), 0);
    expect(dec(r.finish())).toBe('<module> (app.py:1);main (app.py:4) 1\n');
  });

  it('labels: line 0 → "(file)", no file → bare name, full filename when no short one', () => {
    const r = createRecorder('raw', opts());
    const t = trace(['<module>@app.py:0', 'native@']);
    t.frames.push({ name: 'outer', filename: '/full/path.py', line: 7, isEntry: true, isShimEntry: true });
    r.add(t, 0);
    expect(dec(r.finish())).toBe('outer (/full/path.py:7);<module> (app.py);native 1\n');
  });

  it('--threads adds a thread root: OS tid in decimal, else 0x + hex of the Python thread id', () => {
    const r = createRecorder('raw', opts({ includeThreadIds: true }));
    r.add(trace(['f@a.py:1']), 0);
    r.add(worker(['g@b.py:2'], { osThreadId: undefined, threadName: undefined, threadId: 0xabcdef }), 0);
    expect(dec(r.finish())).toBe('thread (0xABCDEF);g (b.py:2) 1\nthread (101): MainThread;f (a.py:1) 1\n');
  });

  it('--threads: an OS thread\'s thread states in two interpreters are two threads, the sub-interpreter one labelled', () => {
    const r = createRecorder('raw', opts({ includeThreadIds: true }));
    r.add(trace(['runner@a.py:1'], { interpreterId: 0 }), 0);
    r.add(trace(['sub@b.py:2'], { interpreterId: 2 }), 0);
    r.add(trace(['sub@b.py:2'], { interpreterId: 2 }), 10);
    expect(dec(r.finish())).toBe('thread (101): MainThread;runner (a.py:1) 1\nthread (101, interpreter 2): MainThread;sub (b.py:2) 2\n');
    const s = createRecorder('speedscope', opts());
    s.add(trace(['runner@a.py:1'], { interpreterId: 0 }), 0);
    s.add(trace(['sub@b.py:2'], { interpreterId: 2 }), 0);
    const names = (JSON.parse(dec(s.finish())) as { profiles: Array<{ name: string }> }).profiles.map((p) => p.name);
    expect(names).toEqual(['Thread 101 "MainThread"', 'Thread 101 (interpreter 2) "MainThread"']);
  });

  it('subprocess mode adds process roots, oldest ancestor first, above the thread frame', () => {
    const r = createRecorder('raw', opts({ includeThreadIds: true }));
    r.add(trace(['f@a.py:1'], { pid: 200, processInfo: child }), 0);
    expect(dec(r.finish())).toBe('process 100:"python parent.py";process 200:"python child.py";thread (101): MainThread;f (a.py:1) 1\n');
    expect(traceLabels(trace(['f@a.py:1'], { processInfo: child }), { showLines: false, includeThreadIds: false })).toEqual([
      'process 100:"python parent.py"',
      'process 200:"python child.py"',
      'f (a.py)',
    ]);
  });

  it('a thread frame follows a thread name change', () => {
    const r = createRecorder('raw', opts({ includeThreadIds: true }));
    r.add(trace(['f@a.py:1'], { threadName: undefined }), 0);
    r.add(trace(['f@a.py:1'], { threadName: 'Renamed' }), 1);
    expect(dec(r.finish())).toBe('thread (101): Renamed;f (a.py:1) 1\nthread (101);f (a.py:1) 1\n');
  });

  it('an empty recording writes an empty file', () => {
    const r = createRecorder('raw', opts());
    expect(dec(r.finish())).toBe('');
    expect(r.samples).toBe(0);
  });

  it('aggregates frames with equal labels even if their full paths differ (like py-spy)', () => {
    const r = createRecorder('raw', opts());
    r.add(trace(['f@a.py:1']), 0);
    const t = trace([]);
    t.frames.push({ name: 'f', filename: '/other/a.py', shortFilename: 'a.py', line: 1, isEntry: true, isShimEntry: true });
    r.add(t, 1);
    expect(dec(r.finish())).toBe('f (a.py:1) 2\n');
  });
});
