import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ThreadStates, type Sample } from '@pyglass/model';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createExporter, ExporterOptionsError, exporters, formatExtension, formatForPath, formats, isBinaryFormat, isIncrementalFormat, needsRunStates, parseFormat,
  traceFilter, type Format,
} from '../src/index.js';
import { fixtureSamples, opts, sample, trace, worker } from './helpers.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('the format registry', () => {
  it('lists every format once, each with its extensions, kind and help line', () => {
    expect(formats).toEqual(['flamegraph', 'speedscope', 'raw', 'chrometrace', 'pprof', 'html', 'firefox', 'capture']);
    expect(formats.map(formatExtension)).toEqual(['svg', 'json', 'txt', 'json', 'pb.gz', 'html', 'firefox.json', 'pyglass']);
    expect(formats.filter(isBinaryFormat)).toEqual(['pprof', 'capture']);
    expect(formats.filter(isIncrementalFormat)).toEqual(['capture']);
    for (const f of formats) expect(exporters[f].description).toMatch(/^\S.{10,100}$/);
  });

  it('parses a format name once, case-insensitive, and refuses an unknown one with the list', () => {
    expect(parseFormat('RAW')).toBe('raw');
    expect(() => parseFormat('svg')).toThrow(ExporterOptionsError);
    expect(() => parseFormat('svg')).toThrow("unknown format 'svg': choose one of flamegraph, speedscope, raw, chrometrace, pprof, html, firefox, capture.");
    expect(() => parseFormat('toString')).toThrow(ExporterOptionsError);
  });

  it('finds the format of a file name by its extension: the longest match, the first registered on a tie', () => {
    expect(formatForPath('out.svg')).toBe('flamegraph');
    expect(formatForPath('/tmp/A.PB.GZ')).toBe('pprof');
    expect(formatForPath('stacks.txt')).toBe('raw');
    expect(formatForPath('profile.json')).toBe('speedscope');
    expect(formatForPath('profile.trace.json')).toBe('chrometrace');
    expect(formatForPath('profile.firefox.json')).toBe('firefox');
    expect(formatForPath('run.pyglass')).toBe('capture');
    expect(formatForPath('profile.gz')).toBeUndefined();
    expect(formatForPath('svg')).toBeUndefined();
  });

  it('gives a classic format whole samples: the record filters (idle, GIL, no frames) apply inside', () => {
    const idle = worker(undefined, { active: false, ownsGil: false });
    const noGil = trace(['f@a.py:1'], { ownsGil: false, threadId: 3 });
    const empty = trace([], { threadId: 4 });
    const samples = [sample(0, trace(['main@a.py:1']), idle, noGil, empty), sample(10, trace(['main@a.py:1']), idle)];
    const render = (o: Parameters<typeof createExporter>[1]) => {
      const w = createExporter('raw', o);
      for (const s of samples) w.add(s);
      return dec(w.finish());
    };
    expect(render(opts())).toBe('f (a.py:1) 1\nmain (a.py:1) 2\n');
    expect(render(opts({ includeIdle: true }))).toBe('f (a.py:1) 1\nmain (a.py:1) 2\nrun (threading.py:900);loop (worker.py:7) 2\n');
    expect(render({ ...opts(), gilOnly: true })).toBe('main (a.py:1) 2\n');
  });

  describe("which records read each thread's run state (needsRunStates)", () => {
    const { OnCpu, HoldsGil, WaitingForGil, GcCollecting } = ThreadStates;
    /** The fixture's stacks with every thread in one run state: active and on a CPU (or waiting for the GIL), or neither. */
    const inState = (running: boolean): Sample[] => fixtureSamples().map((s) => ({
      ...s,
      traces: s.traces.map((t, i) => ({ ...t, active: running, states: (t.ownsGil ? HoldsGil : 0) | GcCollecting | (running ? (i === 0 ? OnCpu : WaitingForGil) : 0) })),
    }));
    const render = (format: Format, samples: Sample[]): string => {
      const w = createExporter(format, opts({ includeIdle: true, startTime: 1_700_000_000_000 }));
      for (const s of samples) w.add(s);
      return dec(w.finish());
    };

    it('a format that says it shows no run state writes the same bytes whatever the run states; one that says it does, not', () => {
      for (const f of formats) {
        expect(render(f, inState(true)), `${f} writes the same samples alike`).toBe(render(f, inState(true)));
        const same = render(f, inState(true)) === render(f, inState(false));
        expect(same, `${f}: declares runStates ${exporters[f].runStates}`).toBe(!exporters[f].runStates);
      }
      expect(formats.filter((f) => exporters[f].runStates)).toEqual(['html', 'firefox', 'capture']);
    });

    it('a record reads them when its filters or one of its outputs need them', () => {
      const wall = traceFilter({ idle: true });
      expect(needsRunStates(wall, ['raw'])).toBe(false);
      expect(needsRunStates(wall, ['flamegraph', 'speedscope', 'chrometrace', 'pprof'])).toBe(false);
      expect(needsRunStates(wall, []), 'uploads only (pprof)').toBe(false);
      expect(needsRunStates(traceFilter({ mode: 'wall', gil: true }), ['raw']), '--gil keeps the holder: memory says which').toBe(false);
      expect(needsRunStates(wall, ['raw', 'html'])).toBe(true);
      expect(needsRunStates(wall, ['capture'])).toBe(true);
      expect(needsRunStates(traceFilter({}), ['raw']), 'idle threads dropped: the run state decides').toBe(true);
      expect(needsRunStates(traceFilter({ gil: true }), ['raw'])).toBe(true);
      expect(needsRunStates(traceFilter({ mode: 'cpu' }), ['raw']), 'cpu mode keeps the threads on a CPU').toBe(true);
    });
  });

  it('streams through the sink: finish() returns only what the sink has not had', () => {
    const chunks: (string | Uint8Array)[] = [];
    const w = createExporter('chrometrace', opts({ sink: (c) => chunks.push(c) }));
    w.add(sample(0, trace(['main@a.py:1'])));
    expect(w.finish()).toHaveLength(0);
    expect(JSON.parse(chunks.join('')).length).toBeGreaterThan(0);
    const whole = createExporter('raw', opts({ sink: (c) => chunks.push(c) }));
    whole.add(sample(0, trace(['main@a.py:1'])));
    expect(dec(whole.finish())).toBe('main (a.py:1) 1\n');
  });

  describe('a new format is one module and one registry line', () => {
    const work = mkdtempSync(join(packageDir, '.registry-test-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    /**
     * A copy of this package's sources with `tiny` registered, its names generated as the build does
     * (unless `generated` is false), compiled; tsc's output, or '' when it compiled.
     */
    function copyWithTinyFormat(name: string, entry: string, generated = true): { dir: string; errors: string } {
      const dir = join(work, name);
      cpSync(join(packageDir, 'src'), join(dir, 'src'), { recursive: true });
      // the one new module
      writeFileSync(
        join(dir, 'src', 'tiny.ts'),
        `import type { FormatEntry } from './format.js';\n` +
          `/** \`tiny\`: one line per sample, its time and how many threads it saw, idle ones included. */\n` +
          `export const tinyFormat: FormatEntry = ${entry};\n`,
      );
      // the one registry line (and its import)
      const registry = join(dir, 'src', 'registry.ts');
      const source = readFileSync(registry, 'utf8');
      expect(source).toMatch(/^ {2}pprof: pprofFormat,$/m);
      writeFileSync(
        registry,
        `import { tinyFormat } from './tiny.js';\n` + source.replace(/^ {2}pprof: pprofFormat,$/m, '  pprof: pprofFormat,\n  tiny: tinyFormat,'),
      );
      // the build's step that writes the names the command line reads without loading the writers
      if (generated) {
        const r = spawnSync(process.execPath, [join(packageDir, 'scripts', 'format-names.mjs'), dir], { encoding: 'utf8' });
        expect(r.stderr).toBe('');
      }
      // a user of the typed union: 'tiny' is a Format now
      writeFileSync(join(dir, 'src', 'use.ts'), `import type { Format } from './registry.js';\nexport const chosen: Format = 'tiny';\n`);
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          extends: '../../../../tsconfig.base.json',
          compilerOptions: { rootDir: 'src', outDir: 'dist', types: ['node'], composite: false, declaration: false, declarationMap: false, sourceMap: false },
          include: ['src'],
        }),
      );
      const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
      return { dir, errors: r.status === 0 ? '' : `${r.stdout}${r.stderr}` };
    }

    it('registers a tiny format: it is parsed, found by extension and given whole samples', () => {
      const { dir, errors } = copyWithTinyFormat(
        'ok',
        `{
  extensions: ['tiny'],
  binary: false,
  runStates: false,
  description: 'one line per sample: its time and its number of threads',
  wrote: 'tiny summary',
  create: () => {
    const lines: string[] = [];
    return {
      add: (s) => void lines.push(\`\${s.time} \${s.traces.length}\`),
      finish: () => new TextEncoder().encode(lines.join('\\n') + '\\n'),
    };
  },
}`,
      );
      expect(errors).toBe('');
      const check = join(dir, 'check.mjs');
      writeFileSync(
        check,
        `import { exportProfile, formatForPath, formats, isBinaryFormat, parseFormat } from './dist/index.js';
const idle = { pid: 1, threadId: 2, active: false, ownsGil: false, frames: [] };
const busy = { pid: 1, threadId: 3, active: true, ownsGil: true, frames: [{ name: 'f', filename: 'a.py', line: 1, isEntry: true, isShimEntry: false }] };
const out = exportProfile([{ time: 5, traces: [busy, idle] }, { time: 15, traces: [idle] }], parseFormat('Tiny'), { sampleRate: 100, includeThreadIds: false });
console.log(JSON.stringify({ formats, path: formatForPath('x.tiny'), binary: isBinaryFormat('tiny'), out: new TextDecoder().decode(out) }));
`,
      );
      const r = spawnSync(process.execPath, [check], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({
        formats: ['flamegraph', 'speedscope', 'raw', 'chrometrace', 'pprof', 'tiny', 'html', 'firefox', 'capture'],
        path: 'tiny',
        binary: false,
        out: '5 2\n15 1\n',
      });
    }, 120_000);

    it('refuses at compile time a registry line the generated names do not have yet (the build\'s generate step not run)', () => {
      const { errors } = copyWithTinyFormat('stale', `{ extensions: ['tiny'], binary: false, description: 'd', wrote: 'w', create: () => ({ add: () => {}, finish: () => new Uint8Array() }) }`, false);
      expect(errors).toMatch(/'tiny' does not exist in type/);
    }, 120_000);

    it('refuses at compile time an entry that lacks part of what a format must say', () => {
      const { errors } = copyWithTinyFormat('incomplete', `{ extensions: ['tiny'], description: 'no binary flag, no writer', wrote: 'tiny summary' }`);
      expect(errors).toMatch(/error TS\d+/);
      expect(errors).toMatch(/binary|create/);
    }, 120_000);
  });
});
