/** The HTML report's data and document, and the diff's arithmetic, without a browser. */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { ThreadStates, type Sample } from '@pyglass/model';
import {
  CaptureWriter, DiffInputError, diffPprof, htmlReportFromCapture, readCapture, diffProfiles, diffRaw, htmlDocument, htmlReport, isDiffInputError, pprofTree, PprofRecorder, ProfileTree, ReportCollector,
  scriptSafeJson, significant, stateCategories, stateCategory, type ReportData,
} from '../src/index.js';
import { opts, sample, trace } from './helpers.js';

const info = { rate: 100, showLines: true, includeIdle: false, gilOnly: false };

function dataOf(html: string): ReportData {
  const m = /<script type="application\/json" id="pyglass-data">(.*?)<\/script>/s.exec(html)!;
  return JSON.parse(m[1]!) as ReportData;
}

describe('report data', () => {
  it('keeps one record per distinct stack and context: the size follows stacks, not samples', () => {
    // at most 1,024 time buckets: a record has at most that many entries, however long the record
    const size = (n: number) => {
      const c = new ReportCollector(info);
      const a = trace(['main@app.py:1', 'a@app.py:2']);
      const b = trace(['main@app.py:1', 'b@app.py:3']);
      for (let i = 0; i < n; i++) c.addSample(sample(1000 + i * 10, i % 3 ? a : b));
      const d = c.data();
      expect(d.recNode.length).toBe(2);
      expect(d.entryCount.reduce((x, y) => x + y, 0)).toBe(n);
      for (let r = 0; r < 2; r++) expect(d.recLength[r]).toBeLessThanOrEqual(1024);
      return JSON.stringify(d).length;
    };
    // 2 records × 1,024 entries of a few bytes, plus the tables: the same bound for 10,000 or 1,000,000 samples
    for (const n of [10_000, 100_000, 1_000_000]) expect(size(n)).toBeLessThan(2 * 1024 * 8 + 4096);
  });

  it('coarsens time buckets without losing or moving samples', () => {
    const c = new ReportCollector(info);
    const t = trace(['main@app.py:1']);
    // 100 s at 100 Hz: 10,000 samples, far more than the bucket limit at 10 ms
    for (let i = 0; i < 10_000; i++) c.add(t, 5000 + i * 10);
    const d = c.data();
    expect(d.bucketCount * d.bucketMs).toBeGreaterThanOrEqual(100_000 - 10);
    let b = 0;
    const perBucket = new Map<number, number>();
    for (let i = 0; i < d.entryBucket.length; i++) {
      b += d.entryBucket[i]!;
      perBucket.set(b, (perBucket.get(b) ?? 0) + d.entryCount[i]!);
    }
    // every bucket holds exactly the samples whose time falls in it
    for (const [bucket, n] of perBucket) expect(n).toBe(Math.min(10_000, Math.floor(((bucket + 1) * d.bucketMs) / 10)) - Math.floor((bucket * d.bucketMs) / 10));
  });

  it('classifies states (GC, GIL wait, GIL, on CPU, active, idle) and counts intervals, late samples and errors', () => {
    const s = (states: number | undefined, active = true, ownsGil = false) => stateCategories[stateCategory({ states, active, ownsGil })];
    expect(s(ThreadStates.GcCollecting | ThreadStates.HoldsGil)).toBe('gc');
    expect(s(ThreadStates.WaitingForGil)).toBe('gil-wait');
    expect(s(ThreadStates.HoldsGil | ThreadStates.OnCpu)).toBe('gil');
    expect(s(ThreadStates.OnCpu)).toBe('cpu');
    expect(s(undefined, true, true)).toBe('gil');
    expect(s(undefined, true, false)).toBe('active');
    expect(s(undefined, false)).toBe('idle');
    const c = new ReportCollector(info);
    c.addSample({ time: 0, traces: [trace(['a@x.py:1'])], late: 50 });
    c.addSample({ time: 10, traces: [trace(['a@x.py:1'])], samplingErrors: [{ pid: 1, error: new Error('x') }] });
    c.addSample({ time: 20, traces: [] });
    const m = c.data().meta;
    expect([m.intervals, m.lateIntervals, m.errors, m.samples]).toEqual([3, 1, 1, 2]);
  });

  it('embeds data that no text can end early, under a policy that allows only its own code', () => {
    const evil = '</script><!-- \u2028\u2029 <script>alert(1)</script>';
    expect(scriptSafeJson({ evil })).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(scriptSafeJson({ evil }))).toEqual({ evil });
    const t = trace(['x@y.py:1']);
    t.frames = [{ ...t.frames[0]!, name: evil, filename: `${evil}.py` }];
    const html = new TextDecoder().decode(htmlReport([sample(0, t)], opts({ title: evil })));
    expect(html.match(/<script/g)!.length).toBe(2);
    expect(dataOf(html).strings).toContain(evil);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1]!;
    expect(csp).toContain("default-src 'none'");
    const script = /<script>(.*)<\/script>\n<\/body>/s.exec(html)![1]!;
    const style = /<style>(.*?)<\/style>/s.exec(html)![1]!;
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(html).not.toMatch(/https?:\/\//);
  });
});

function tree(name: string, stacks: Array<[string[], number]>): ProfileTree {
  const t = new ProfileTree(name);
  for (const [names, n] of stacks) t.add(names.map((x) => t.frameId(x, '/app/x.py')), n);
  return t;
}

describe('diff', () => {
  it('counts a change only beyond 4 standard errors of the sample counts', () => {
    // 50 % vs 52 % over 1,000 samples each: within noise; over 100,000 each: beyond it
    expect(significant(500, 1000, 520, 1000)).toBe(false);
    expect(significant(50_000, 100_000, 52_000, 100_000)).toBe(true);
    expect(significant(520, 1000, 500, 1000)).toBe(significant(500, 1000, 520, 1000));
  });

  it('ranks what grew and shrank by share of each total, lists what vanished', () => {
    // NEW has twice the samples: shares, not counts, are compared
    const base = tree('base', [[['main', 'alpha'], 750], [['main', 'beta'], 250], [['main', 'gone'], 100]]);
    const next = tree('new', [[['main', 'alpha'], 500], [['main', 'beta'], 1500]]);
    const d = diffProfiles(base, next);
    expect(d.regressions.map((e) => e.name)).toEqual(['beta']);
    expect(d.improvements.map((e) => e.name)).toEqual(['alpha', 'gone']);
    expect(d.regressions[0]!.totalDelta).toBeCloseTo(0.75 - 250 / 1100, 10);
    expect(d.vanished).toEqual([{ path: ['main (/app/x.py)', 'gone (/app/x.py)'], base: 100 }]);
    expect(new TextDecoder().decode(diffRaw(d))).toBe([
      'main (/app/x.py);alpha (/app/x.py) 750 500',
      'main (/app/x.py);beta (/app/x.py) 250 1500',
      'main (/app/x.py);gone (/app/x.py) 100 0',
      '',
    ].join('\n'));
    const p = Profile.decode(gunzipSync(diffPprof(d)));
    // pprof-format decodes int64 as unsigned
    const values = p.sample.map((s) => Number(BigInt.asIntN(64, BigInt(s.value[0]!))));
    expect(values.filter((v) => v > 0).reduce((a, b) => a + b)).toBe(2000);
    expect(values.filter((v) => v < 0).reduce((a, b) => a + b)).toBe(-1100);
  });

  it('finds no change between a profile and itself', () => {
    const a = tree('a', [[['main', 'alpha'], 700], [['main', 'beta'], 300]]);
    const d = diffProfiles(a, tree('b', [[['main', 'alpha'], 700], [['main', 'beta'], 300]]));
    expect(d.regressions).toEqual([]);
    expect(d.improvements).toEqual([]);
  });

  it('refuses an empty profile, profiles with nothing in common, and bytes that are not pprof', () => {
    const catchIt = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const empty = catchIt(() => diffProfiles(tree('e', []), tree('b', [[['x'], 1]])));
    expect(isDiffInputError(empty)).toBe(true);
    expect((empty as DiffInputError).message).toBe('e has no samples: nothing to compare.');
    expect((catchIt(() => diffProfiles(tree('a', [[['x'], 1]]), tree('b', [[['y'], 1]]))) as Error).message).toContain('no function in common');
    expect(pprofTree(new TextEncoder().encode('hi\n'), 'junk')).toBeUndefined();
    expect(pprofTree(new TextEncoder().encode('{"json": true}'), 'junk')).toBeUndefined();
    expect(pprofTree(Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), 'junk')).toBeUndefined();
    const rec = new PprofRecorder(opts());
    for (let i = 0; i < 5; i++) rec.add(trace(['main@app.py:1', 'leaf@app.py:2']), i);
    const t = pprofTree(rec.finish(), 'real')!;
    expect(t.total).toBe(5);
    expect(t.size).toBe(3);
  });
});

describe('report of no samples', () => {
  it('is a whole page with empty data', () => {
    const html = new TextDecoder().decode(htmlReport([] as Sample[], opts()));
    const d = dataOf(html);
    expect(d.meta.samples).toBe(0);
    expect(d.recNode).toEqual([]);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(htmlDocument(d, 'x')).toContain('<main id="app"></main>');
  });
});

describe('report of a capture', () => {
  it('takes the record\'s rate, title, processes and --idle from the capture', () => {
    const w = new CaptureWriter({
      pyglassVersion: '0.0.0', commandLine: ['record', '--idle'], title: 'pyglass record --idle -p 100', target: { pid: 100 }, startTime: 0, platform: 'linux', arch: 'x64',
      options: { rate: 250, lineNo: 'last-instruction', idle: true, gil: false, threads: false, subprocesses: false, native: false, nonblocking: false, async: false, greenlets: false, fullFilenames: false },
    });
    const parts = [w.header(), w.process({ pid: 100, commandLine: ['python3', 'app.py'], pythonVersion: '3.12.1', firstSeen: 0 })];
    for (let i = 0; i < 10; i++) w.add(sample(i * 4, trace(['main@app.py:1']), trace(['wait@app.py:2'], { threadId: 2, active: false, ownsGil: false })));
    parts.push(w.end({ endTime: 40, achievedRate: 250, stopReason: 'the duration ended' }));
    const d = dataOf(new TextDecoder().decode(htmlReportFromCapture(readCapture(Buffer.concat(parts)), { readSource: () => undefined })));
    expect(d.meta).toMatchObject({ title: 'pyglass record --idle -p 100', rate: 250, commandLines: ['python3 app.py'], pythonVersions: ['3.12.1'], samples: 20, intervals: 10 });
    expect(d.meta.initialStates).toContain('idle');
  });
});
