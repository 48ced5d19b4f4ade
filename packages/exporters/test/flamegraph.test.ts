import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRecorder, escapeXml, exportProfile, FlamegraphRecorder, warmColour } from '../src/index.js';
import { dec, fixtureSamples, MAIN, opts, trace } from './helpers.js';
import { parseXml, walk, type XmlElement } from './xml.js';

interface Box {
  label: string;
  title: string;
  x: number;
  w: number;
  y: number;
  depth: number;
  samples: number;
  text: string;
  fill: string;
}

function boxes(svg: XmlElement): Box[] {
  const frames = [...walk(svg)].find((e) => e.attrs['id'] === 'frames')!;
  return frames.children.map((g) => {
    const title = g.children.find((c) => c.name === 'title')!.text;
    const rect = g.children.find((c) => c.name === 'rect')!;
    const text = g.children.find((c) => c.name === 'text')!;
    return {
      title,
      label: title.slice(0, title.lastIndexOf(' (')),
      x: Number(rect.attrs['x']),
      w: Number(rect.attrs['width']),
      y: Number(rect.attrs['y']),
      depth: Number(g.attrs['data-d']),
      samples: Number(g.attrs['data-w']),
      text: text.text,
      fill: rect.attrs['fill']!,
    };
  });
}

const python = ['python3', 'python'].find((p) => spawnSync(p, ['-c', 'pass']).status === 0);

/** Second opinion from a real XML parser (Python's expat), when a Python is on the machine. */
function expatCheck(text: string): string | undefined {
  if (python === undefined) return 'skipped: no python3 on PATH';
  const r = spawnSync(python, ['-c', 'import sys, xml.dom.minidom as m; m.parseString(sys.stdin.buffer.read()); print("ok")'], { input: text });
  return r.status === 0 ? undefined : String(r.stderr);
}

describe('flamegraph (SVG)', () => {
  it('is well-formed standalone XML with title, subtitle, script and one <g> per frame', () => {
    const text = dec(exportProfile(fixtureSamples(), 'flamegraph', opts()));
    const svg = parseXml(text);
    expect(svg.name).toBe('svg');
    expect(svg.attrs['xmlns']).toBe('http://www.w3.org/2000/svg');
    const all = [...walk(svg)];
    expect(all.find((e) => e.attrs['id'] === 'title')!.text).toBe('pyglass record -o out python app.py');
    expect(all.find((e) => e.attrs['id'] === 'subtitle')!.text).toContain('20 samples');
    expect(all.find((e) => e.name === 'script')!.text).toContain('function zoom');
    expect(all.find((e) => e.attrs['id'] === 'search')!.text).toBe('Search');
    expect(all.find((e) => e.attrs['id'] === 'unzoom')).toBeDefined();
    const expat = expatCheck(text);
    if (expat !== undefined && !expat.startsWith('skipped')) throw new Error(expat);
    const b = boxes(svg);
    // all + <module> + main:5 + work + main:6 + idle + run + loop:7 + loop:8 + sleep
    expect(b.length).toBe(10);
    expect(b.map((x) => x.label).sort()).toEqual(
      ['all', '<module> (app.py:10)', 'main (app.py:5)', 'work (lib.py:3)', 'main (app.py:6)', 'idle (lib.py:20)', 'run (threading.py:900)', 'loop (worker.py:7)', 'loop (worker.py:8)', 'sleep (time.py)'].sort(),
    );
  });

  it('icicle layout: root on top, widths proportional to samples, children inside their parent', () => {
    const svg = parseXml(dec(exportProfile(fixtureSamples(), 'flamegraph', opts())));
    const b = boxes(svg);
    const all = b.find((x) => x.label === 'all')!;
    expect(all.samples).toBe(20);
    expect(all.title).toBe('all (20 samples, 100%)');
    const perSample = all.w / 20;
    for (const x of b) {
      expect(Math.abs(x.w - x.samples * perSample)).toBeLessThan(0.02);
      expect(x.y).toBe(all.y + x.depth * 16);
    }
    const work = b.find((x) => x.label === 'work (lib.py:3)')!;
    expect(work.title).toBe('work (lib.py:3) (7 samples, 35%)');
    const main5 = b.find((x) => x.label === 'main (app.py:5)')!;
    expect(work.depth).toBe(main5.depth + 1);
    expect(work.x).toBeGreaterThanOrEqual(main5.x - 0.01);
    expect(work.x + work.w).toBeLessThanOrEqual(main5.x + main5.w + 0.01);
    // siblings sorted by label: <module> before run
    expect(b.find((x) => x.label.startsWith('<module>'))!.x).toBeLessThan(b.find((x) => x.label.startsWith('run'))!.x);
  });

  it('escapes &<>"\' in labels and title, keeps unicode, drops XML-invalid control characters', () => {
    const r = createRecorder('flamegraph', opts({ title: 'a<b & "c" \'d\'' }));
    r.add(trace(['<lambda>@a&b.py:1', 'f"\'>@\u00fcber.py:2', 'schön_日本\u0001@x.py:3']), 0);
    const text = dec(r.finish());
    const svg = parseXml(text);
    const expat = expatCheck(text);
    if (expat !== undefined && !expat.startsWith('skipped')) throw new Error(expat);
    expect([...walk(svg)].find((e) => e.attrs['id'] === 'title')!.text).toBe('a<b & "c" \'d\'');
    const labels = boxes(svg).map((x) => x.label);
    expect(labels).toContain('<lambda> (a&b.py:1)');
    expect(labels).toContain('f"\'> (über.py:2)');
    expect(labels).toContain('schön_日本\ufffd (x.py:3)');
    expect(escapeXml('<&>"\'')).toBe('&lt;&amp;&gt;&quot;&apos;');
    expect(escapeXml('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
    expect(escapeXml('lone \ud83d!')).toBe('lone \ufffd!');
  });

  it('drops frames narrower than 0.1 px and truncates long labels with ..', () => {
    const r = new FlamegraphRecorder(opts());
    for (let i = 0; i < 20000; i++) r.add(trace(MAIN), i);
    r.add(trace(['<module>@app.py:10', 'rare@lib.py:1']), 0);
    const long = 'x'.repeat(400);
    r.add(trace([`${long}@lib.py:1`]), 0);
    for (let i = 0; i < 10000; i++) r.add(trace([`${long}@lib.py:1`]), 0);
    const b = boxes(parseXml(dec(r.finish())));
    expect(b.find((x) => x.label.startsWith('rare'))).toBeUndefined();
    const lb = b.find((x) => x.label.startsWith('xxx'))!;
    expect(lb.text.endsWith('..')).toBe(true);
    expect(lb.text.length).toBeLessThan(lb.label.length);
    const tiny = b.filter((x) => x.w < 20);
    for (const t of tiny) expect(t.text).toBe('');
  });

  it('colours are warm and deterministic per function name', () => {
    expect(warmColour('main')).toBe(warmColour('main'));
    expect(warmColour('main')).not.toBe(warmColour('work'));
    for (const n of ['a', 'main', '<module>', 'loooooong']) {
      const [r, g, b] = /rgb\((\d+),(\d+),(\d+)\)/.exec(warmColour(n))!.slice(1).map(Number) as [number, number, number];
      expect(r).toBeGreaterThanOrEqual(205);
      expect(g).toBeLessThanOrEqual(230);
      expect(b).toBeLessThanOrEqual(55);
    }
    const b = boxes(parseXml(dec(exportProfile(fixtureSamples(), 'flamegraph', opts()))));
    expect(b.find((x) => x.label === 'main (app.py:5)')!.fill).toBe(b.find((x) => x.label === 'main (app.py:6)')!.fill);
  });

  it('no samples: a valid SVG saying "No samples", and samples === 0 so the CLI can warn', () => {
    const r = createRecorder('flamegraph', opts());
    const text = dec(r.finish());
    expect(r.samples).toBe(0);
    const svg = parseXml(text);
    expect([...walk(svg)].some((e) => e.text === 'No samples')).toBe(true);
    expect(boxes(svg)).toEqual([]);
  });

  it('--threads and subprocess frames appear as roots under "all"', () => {
    const r = createRecorder('flamegraph', opts({ includeThreadIds: true }));
    r.add(trace(['f@a.py:1']), 0);
    r.add(trace(['f@a.py:1'], { threadId: 5, osThreadId: 6, threadName: 'T2' }), 0);
    const b = boxes(parseXml(dec(r.finish())));
    expect(b.filter((x) => x.depth === 1).map((x) => x.label)).toEqual(['thread (101): MainThread', 'thread (6): T2']);
  });

  it('the embedded script cannot end its CDATA section early', () => {
    const text = dec(exportProfile(fixtureSamples(), 'flamegraph', opts()));
    expect(text.split(']]>').length).toBe(2);
  });
});
