/**
 * Every `pyglass record` format, on every interpreter of the matrix, opened by its consumer:
 * flamegraph (an XML parser), speedscope (speedscope's own JSON schema), chrometrace (balanced B/E
 * events), raw (collapsed lines), pprof (`go tool pprof -top`). One CPU-bound target per
 * interpreter, one record writing the five (each output's format from its extension) until its
 * capture holds 50 samples in heavy().
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { findPythons, reportMatrix, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { activeTracesIn, recordUntil } from '../../../tools/testing/capture-watch.js';
import { cliSuite, repoRoot } from './helpers.js';
import { kill, run } from './e2e-helpers.js';

const heavyLight = join(import.meta.dirname, 'scripts', 'heavy_light.py');
const pythons = findPythons();
// the SVG's XML check runs on a host Python 3 of the matrix, by its path (a `python3` on PATH may be a
// pyenv shim: a bash script costing more than the check)
const xmlPython = pythons.find((p) => p.major === 3 && !p.root)?.executable ?? 'python3';
reportMatrix(pythons, 'record formats');
const go = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
if (!go) console.log('[record formats] pprof is checked by decoding only: go is not installed (tools/pythons/provision.sh installs it)');

const schema = JSON.parse(readFileSync(join(repoRoot, 'node_modules/speedscope/dist/release/file-format-schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(schema, 'speedscope');
const validateSpeedscope = ajv.getSchema('speedscope#/definitions/FileFormat.File')!;

const suite = cliSuite('pyglass-record-formats-');
const children = suite.children;

describe.each(pythons.map((p) => [p.label, p] as const))('%s', (label, py) => {
  it('writes all five formats and each opens in its consumer', async () => {
    const child = spawnPython(py, heavyLight, ['0']);
    children.push(child);
    await waitForOutput(child, 'READY', 120_000);
    const files = { flamegraph: 'p.svg', speedscope: 'p.json', chrometrace: 'p.trace.json', raw: 'p.txt', pprof: 'p.pb.gz' };
    const out = (f: keyof typeof files) => join(suite.dir, `${label}-${files[f]}`);
    const outputs = (Object.keys(files) as Array<keyof typeof files>).flatMap((f) => ['-o', out(f)]);
    const r = await recordUntil(['-r', '200', '--hideprogress', ...outputs, '-p', String(child.pid)], join(suite.dir, `${label}-p.pyglass`), '50 samples in heavy()', (s) => activeTracesIn(s, 'heavy') >= 50);
    kill(child);
    expect(r.status, r.stderr).toBe(0);

    // flamegraph: well-formed XML for a real XML parser, with the hot function in it
    const parsed = spawnSync(xmlPython, ['-c', 'import sys, xml.dom.minidom as m; print(m.parse(sys.argv[1]).documentElement.tagName)', out('flamegraph')], { encoding: 'utf8' });
    expect(parsed.status, parsed.stderr).toBe(0);
    expect(parsed.stdout.trim()).toBe('svg');
    expect(readFileSync(out('flamegraph'), 'utf8')).toMatch(/heavy \(heavy_light\.py:\d+\)/);

    // speedscope: valid against the schema speedscope ships
    const ss = JSON.parse(readFileSync(out('speedscope'), 'utf8')) as { shared: { frames: Array<{ name: string }> } };
    expect(validateSpeedscope(ss), ajv.errorsText(validateSpeedscope.errors)).toBe(true);
    expect(ss.shared.frames.some((f) => f.name === 'heavy')).toBe(true);

    // chrometrace: B/E events balance per thread and never close more than they opened
    const events = JSON.parse(readFileSync(out('chrometrace'), 'utf8')) as Array<{ ph: string; tid: number; name: string }>;
    const depth = new Map<number, number>();
    for (const e of events) {
      if (e.ph !== 'B' && e.ph !== 'E') continue;
      const d = (depth.get(e.tid) ?? 0) + (e.ph === 'B' ? 1 : -1);
      expect(d).toBeGreaterThanOrEqual(0);
      depth.set(e.tid, d);
    }
    expect([...depth.values()].every((d) => d === 0)).toBe(true);
    expect(events.some((e) => e.ph === 'B' && e.name === 'heavy')).toBe(true);

    // raw: one `root;…;leaf count` line per stack, heavy among them
    const raw = readFileSync(out('raw'), 'utf8').trimEnd().split('\n');
    for (const line of raw) expect(line).toMatch(/^.+ \d+$/);
    expect(raw.some((l) => /;heavy \(heavy_light\.py:\d+\) \d+$/.test(l))).toBe(true);

    // pprof: gzip-compressed profile.proto that go tool pprof reads, heavy listed
    expect([...readFileSync(out('pprof')).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    if (go) {
      const top = await run('go', ['tool', 'pprof', '-top', out('pprof')], { timeout: 60_000 });
      expect(top.status, top.stderr).toBe(0);
      expect(top.stdout).toMatch(/ heavy$/m);
    }
  }, 200_000);
});
