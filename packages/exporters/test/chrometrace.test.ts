import { LineNo } from '@pyglass/model';
import { describe, expect, it } from 'vitest';
import { ChrometraceRecorder, createRecorder, exportProfile } from '../src/index.js';
import { dec, fixtureSamples, MAIN, MAIN2, opts, trace, worker } from './helpers.js';
import { readGolden } from './golden.js';

interface Ev {
  args: { filename?: string; line?: number | null; name?: string };
  cat: string;
  name: string;
  ph: 'B' | 'E' | 'M';
  pid: number;
  tid: number;
  ts: number;
}

/** Checks B/E balance per thread (E closes the innermost open frame with the same name) and monotonic ts. */
function checkBalanced(events: Ev[]): void {
  const open = new Map<string, string[]>();
  let lastTs = -Infinity;
  for (const e of events) {
    if (!(e.ts >= lastTs)) throw new Error(`ts went back: ${e.ts} after ${lastTs}`);
    lastTs = e.ts;
    if (e.ph === 'M') continue;
    const key = `${e.pid}/${e.tid}`;
    const st = open.get(key) ?? [];
    open.set(key, st);
    if (e.ph === 'B') st.push(e.name);
    else {
      const top = st.pop();
      if (top !== e.name) throw new Error(`E ${e.name} closes ${String(top)} on ${key}`);
    }
  }
  for (const st of open.values()) expect(st).toEqual([]);
}

describe('chrometrace', () => {
  it('matches the golden file; balanced and monotonic', () => {
    const out = dec(exportProfile(fixtureSamples(), 'chrometrace', opts()));
    expect(out).toBe(readGolden('chrometrace.json', out));
    checkBalanced(JSON.parse(out) as Ev[]);
  });

  it('diffs against the previous stack of the same thread: E leaf-first, then B root→leaf', () => {
    const r = createRecorder('chrometrace', opts({ startTime: 1000 }));
    r.add(trace(MAIN), 1000);
    r.add(trace(MAIN), 1010); // unchanged: no events
    r.add(trace(MAIN2), 1020);
    const ev = JSON.parse(dec(r.finish())) as Ev[];
    const seq = ev.map((e) => `${e.ph}:${e.name}@${e.ts}`);
    expect(seq).toEqual([
      'M:thread_name@0',
      'B:<module>@0',
      'B:main@0',
      'B:work@0',
      'E:work@20000',
      'E:main@20000',
      'B:main@20000',
      'B:idle@20000',
      'E:idle@20000',
      'E:main@20000',
      'E:<module>@20000',
    ]);
    const b = ev[1]!;
    expect(b).toEqual({ args: { filename: '/app/app.py', line: 10 }, cat: 'pyglass', name: '<module>', ph: 'B', pid: 100, tid: 0x7f0000001000, ts: 0 });
    expect(ev[0]).toMatchObject({ ph: 'M', name: 'thread_name', args: { name: 'MainThread' } });
  });

  it('without line numbers frames differing only in line merge and line is null', () => {
    const r = createRecorder('chrometrace', opts({ lineNo: LineNo.NoLine }));
    r.add(trace(MAIN), 0);
    r.add(trace(['<module>@app.py:10', 'main@app.py:6', 'work@lib.py:3']), 5);
    const ev = (JSON.parse(dec(r.finish())) as Ev[]).filter((e) => e.ph !== 'M');
    expect(ev.length).toBe(6);
    for (const e of ev) expect(e.args.line).toBeNull();
  });

  it('writes incrementally through the sink and keeps memory flat', () => {
    const chunks: string[] = [];
    const r = new ChrometraceRecorder(opts({ sink: (c) => chunks.push(c) }));
    for (let i = 0; i < 20000; i++) {
      r.add(trace(i % 2 ? MAIN : MAIN2), i * 10);
      r.add(worker(), i * 10);
    }
    expect(chunks.length).toBeGreaterThan(10); // flushed along the way, not at the end
    expect(r.distinctStacks).toBe(3);
    expect(r.finish().length).toBe(0);
    const ev = JSON.parse(chunks.join('')) as Ev[];
    expect(ev.length).toBe(r.eventCount);
    checkBalanced(ev);
  });

  it('keeps ts monotonic when the clock steps back, and handles an empty recording', () => {
    const r = createRecorder('chrometrace', opts());
    r.add(trace(MAIN), 5000);
    r.add(trace(MAIN2), 4000);
    const ev = JSON.parse(dec(r.finish())) as Ev[];
    checkBalanced(ev);
    expect(JSON.parse(dec(createRecorder('chrometrace', opts()).finish()))).toEqual([]);
  });

  it('a thread whose stack empties closes all its frames', () => {
    const r = createRecorder('chrometrace', opts());
    r.add(trace(MAIN), 0);
    r.add(trace([]), 1);
    r.add(trace(MAIN), 2);
    const ev = JSON.parse(dec(r.finish())) as Ev[];
    checkBalanced(ev);
    expect(ev.filter((e) => e.ph === 'B').length).toBe(6);
  });
});
