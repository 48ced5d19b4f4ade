import { LineNo } from '@pyglass/model';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createRecorder, exportersVersion, exportProfile, SpeedscopeRecorder } from '../src/index.js';
import { child, dec, fixtureSamples, MAIN, MAIN2, opts, trace, worker } from './helpers.js';
import { readGolden } from './golden.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('speedscope/dist/release/file-format-schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(schema, 'speedscope');
const validateFile = ajv.getSchema('speedscope#/definitions/FileFormat.File')!;

interface SsFile {
  $schema: string;
  exporter: string;
  name: string;
  activeProfileIndex: number;
  shared: { frames: { name: string; file?: string; line?: number }[] };
  profiles: { type: string; name: string; unit: string; startValue: number; endValue: number; samples: number[][]; weights: number[] }[];
}

function parse(bytes: Uint8Array): SsFile {
  const text = dec(bytes);
  const file = JSON.parse(text) as SsFile;
  const ok = validateFile(file);
  if (!ok) throw new Error('speedscope schema: ' + ajv.errorsText(validateFile.errors));
  return file;
}

describe('speedscope', () => {
  it('matches the golden file and the speedscope schema', () => {
    const out = exportProfile(fixtureSamples(), 'speedscope', opts());
    parse(out);
    // the exporter field carries the version: normalise it for the golden file
    const text = dec(out).replace(`pyglass@${exportersVersion()}`, 'pyglass@VERSION');
    expect(text).toBe(readGolden('speedscope.json', text));
  });

  it('exporter carries the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const f = parse(exportProfile([], 'speedscope', opts()));
    expect(f.exporter).toBe(`pyglass@${pkg.version}`);
    expect(f.profiles).toEqual([]);
  });

  it('one profile per thread, sorted by name, root→leaf indices, weights 1/rate, endValue = sum', () => {
    const f = parse(exportProfile(fixtureSamples(), 'speedscope', opts()));
    expect(f.profiles.map((p) => p.name)).toEqual(['Thread 101 "MainThread"', 'Thread 102 "Worker-1"']);
    const main = f.profiles[0]!;
    expect(main.type).toBe('sampled');
    expect(main.unit).toBe('seconds');
    expect(main.startValue).toBe(0);
    expect(main.samples.length).toBe(main.weights.length);
    const total = main.weights.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(10 * 0.01, 10);
    expect(main.endValue).toBeCloseTo(total, 10);
    const first = main.samples[0]!.map((i) => f.shared.frames[i]!.name);
    expect(first).toEqual(['<module>', 'main', 'work']);
    expect(f.shared.frames[main.samples[0]![0]!]).toEqual({ name: '<module>', file: '/app/app.py', line: 10 });
    expect(f.activeProfileIndex).toBe(0);
    expect(f.name).toBe('pyglass record -o out python app.py');
  });

  it('merges consecutive identical stacks into one weighted sample, keeps the order of changes', () => {
    const r = new SpeedscopeRecorder(opts({ sampleRate: 50 }));
    for (let i = 0; i < 5; i++) r.add(trace(MAIN), i);
    r.add(trace(MAIN2), 5);
    for (let i = 0; i < 2; i++) r.add(trace(MAIN), 6 + i);
    expect(r.runs).toBe(3);
    const f = parse(r.finish());
    const p = f.profiles[0]!;
    expect(p.weights).toEqual([5 * 0.02, 0.02, 2 * 0.02]);
    expect(p.samples[0]).toEqual(p.samples[2]);
    expect(p.samples[0]).not.toEqual(p.samples[1]);
  });

  it('frames are deduplicated and carry the full filename; no line numbers → no line field', () => {
    const f = parse(exportProfile(fixtureSamples(), 'speedscope', opts({ lineNo: LineNo.NoLine })));
    const keys = f.shared.frames.map((x) => `${x.name}|${x.file}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const fr of f.shared.frames) expect(fr.line).toBeUndefined();
    expect(f.shared.frames.find((x) => x.name === 'work')!.file).toBe('/app/lib.py');
  });

  it('--threads frames and subprocess profile names', () => {
    const r = createRecorder('speedscope', opts({ includeThreadIds: true }));
    r.add(trace(['f@a.py:1'], { pid: 200, processInfo: child }), 0);
    r.add(worker(['g@b.py:1'], { osThreadId: undefined, threadName: undefined }), 0);
    const f = parse(r.finish());
    expect(f.profiles.map((p) => p.name)).toEqual(['Process 100 Thread 0x7F0000002000 ""', 'Process 200 Thread 101 "MainThread"']);
    const p = f.profiles[1]!;
    expect(p.samples[0]!.map((i) => f.shared.frames[i]!.name)).toEqual([
      'process 100:"python parent.py"',
      'process 200:"python child.py"',
      'thread (101): MainThread',
      'f',
    ]);
  });

  it('escapes names in JSON (quotes, backslashes, unicode)', () => {
    const r = createRecorder('speedscope', opts({ title: 'run "x" \\ ü' }));
    r.add(trace(['gr\u00fc\u00dfe"\\@d\u00e9j\u00e0.py:1'], { threadName: 'T"1' }), 0);
    const f = parse(r.finish());
    expect(f.name).toBe('run "x" \\ ü');
    expect(f.profiles[0]!.name).toBe('Thread 101 "T"1"');
    expect(f.shared.frames[0]!.name).toBe('grüße"\\');
  });
});
