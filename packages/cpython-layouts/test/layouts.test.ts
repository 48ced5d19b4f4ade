import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot as repo } from '../../../tools/testing/repo.js';
import { expectedLabels, findPythons, reportMatrix } from '../../../tools/pythons/pythons.js';
import {
  UnsupportedPythonVersion, decodePyVersionHex, layoutFor, supportedLayouts, supportedRange, type PythonLayout,
} from '../src/index.js';

const pythons = findPythons();
reportMatrix(pythons, 'cpython-layouts');

function flatten(layout: PythonLayout): Map<string, number> {
  const out = new Map<string, number>();
  for (const [g, v] of Object.entries(layout)) {
    if (v && typeof v === 'object') for (const [f, x] of Object.entries(v)) if (typeof x === 'number') out.set(`${g}.${f}`, x);
  }
  return out;
}

const hasGcc = spawnSync('gcc', ['--version']).status === 0;
const missing = expectedLabels.filter((l) => !pythons.some((p) => p.label === l));

describe('generated tables', () => {
  it.skipIf(!hasGcc || missing.length > 0)(
    `re-generating from the headers on this machine reproduces the committed files${!hasGcc ? ' (SKIPPED: no gcc)' : missing.length ? ` (SKIPPED: interpreters missing: ${missing.join(', ')})` : ''}`,
    () => {
      const out = execFileSync(process.execPath, [join(repo, 'tools', 'gen-layouts', 'generate.mjs'), '--check'], { encoding: 'utf8' });
      expect(out).toContain('committed tables match');
    },
    // it compiles a probe against every interpreter's headers: that took 115 s on a loaded machine (2 CPUs, 8 users)
    600_000,
  );

  it('every interpreter of the matrix has a table generated from its own version', () => {
    for (const py of pythons) {
      const t = layoutFor({ major: py.major, minor: py.minor, patch: py.patch }, { freeThreaded: py.freeThreaded, debug: py.debug });
      expect(t.generatedFrom, `${py.label}`).toContain(py.version);
      expect(t.freeThreaded).toBe(py.freeThreaded);
      expect(t.debug).toBe(py.debug);
      expect(t.pointerSize).toBe(8);
    }
  });

  it('tables are deeply frozen', () => {
    for (const t of supportedLayouts()) {
      expect(Object.isFrozen(t)).toBe(true);
      for (const v of Object.values(t)) if (v && typeof v === 'object') expect(Object.isFrozen(v)).toBe(true);
    }
    expect(Object.isFrozen(supportedLayouts())).toBe(true);
  });

  it('each table has exactly one way to find the current frame and the fields of its era', () => {
    for (const t of supportedLayouts()) {
      const ts = t.thread_state;
      const sources = [ts.frame, ts.cframe, ts.current_frame].filter((x) => x !== undefined);
      expect(sources, t.key).toHaveLength(1);
      const v = t.major * 100 + t.minor;
      expect(t.frame_object !== undefined, t.key).toBe(v <= 310);
      expect(t.interpreter_frame !== undefined, t.key).toBe(v >= 311);
      expect(t.stack_chunk !== undefined, t.key).toBe(v >= 311);
      expect(t.code_object.lnotab !== undefined, t.key).toBe(v <= 309);
      expect(t.code_object.linetable !== undefined, t.key).toBe(v >= 310);
      expect(t.code_object.co_code_adaptive !== undefined, t.key).toBe(v >= 311);
      expect(t.unicode_object !== undefined, t.key).toBe(t.major === 3);
      expect(t.string_object !== undefined, t.key).toBe(t.major === 2);
      expect(t.runtime_state !== undefined, t.key).toBe(v >= 307);
      expect(t.runtime_state?.tstate_current !== undefined, t.key).toBe(v >= 307 && v <= 311);
      expect(t.interpreter_state.ceval_gil !== undefined, t.key).toBe(v >= 312);
      expect(t.pyobject.ob_tid !== undefined, t.key).toBe(t.freeThreaded);
      expect(t.constants.FRAME_OWNED_BY_THREAD !== undefined, t.key).toBe(v >= 311);
      if (v >= 311) expect(t.dict_keys_object?.dk_kind, t.key).toBeDefined();
    }
  });

  it('unicode state bits: kind is 3 bits, ascii/compact 1 bit, ready only up to 3.11', () => {
    for (const t of supportedLayouts().filter((l) => l.major === 3)) {
      const b = t.unicode_state_bits!;
      expect(b.kind_bits, t.key).toBe(3);
      expect(b.compact_bits).toBe(1);
      expect(b.ascii_bits).toBe(1);
      expect(b.ready_shift !== undefined, t.key).toBe(t.minor <= 11);
    }
  });

  it('3.14d differs from 3.14 only in struct sizes, not offsets (so debug builds may use release tables)', () => {
    const a = flatten(layoutFor('3.14'));
    const b = flatten(layoutFor('3.14', { debug: true }));
    const diff = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
    expect(diff.length).toBeGreaterThan(0);
    expect(diff.every((k) => k.endsWith('.size')), diff.join(', ')).toBe(true);
  });

  it('3.13.0 differs from later 3.13 patches only in struct sizes', () => {
    const a = flatten(layoutFor('3.13.0'));
    const b = flatten(layoutFor('3.13.18'));
    const diff = [...a.keys()].filter((k) => a.get(k) !== b.get(k));
    expect(diff.sort()).toEqual(['interpreter_state.size', 'runtime_state.size', 'thread_state.size']);
  });
});

describe('layoutFor', () => {
  it('selects by minor, patch and variant', () => {
    expect(layoutFor('2.7').key).toBe('v2_7');
    expect(layoutFor('2.7.18').key).toBe('v2_7');
    expect(layoutFor({ major: 3, minor: 6 }).key).toBe('v3_6');
    expect(layoutFor('3.13.0').key).toBe('v3_13_0');
    expect(layoutFor('3.13.1').key).toBe('v3_13');
    expect(layoutFor('3.13').key).toBe('v3_13');
    expect(layoutFor('3.13t').key).toBe('v3_13t');
    expect(layoutFor('3.13.3', { freeThreaded: true }).key).toBe('v3_13t');
    expect(layoutFor('3.14.2d').key).toBe('v3_14d');
    expect(layoutFor('3.14', { debug: true }).key).toBe('v3_14d');
    // no 3.15 debug table: the release one (debug changes only sizes, see above)
    expect(layoutFor('3.15', { debug: true }).key).toBe('v3_15');
  });

  it('refuses unknown versions and variants with a typed, one-line error naming the range', () => {
    for (const v of ['3.16', '3.5.10', '2.6', '3.14t', 'banana']) {
      let err: unknown;
      try { layoutFor(v); } catch (e) { err = e; }
      expect(err, v).toBeInstanceOf(UnsupportedPythonVersion);
      const e = err as UnsupportedPythonVersion;
      expect(e.name).toBe('UnsupportedPythonVersion');
      expect(e.message).toContain(v);
      expect(e.message).toContain(supportedRange());
      expect(e.message).not.toContain('\n');
    }
    expect(supportedRange()).toBe('2.7, 3.6–3.15; free-threaded: 3.13; debug: 3.14 (other debug builds use the release table)');
  });
});

describe('decodePyVersionHex', () => {
  it('decodes final, alpha and candidate releases and rejects garbage', () => {
    expect(decodePyVersionHex(0x030d00f0)).toEqual({ major: 3, minor: 13, patch: 0, releaseLevel: 'final', serial: 0, hex: 0x030d00f0 });
    expect(decodePyVersionHex(0x030f02f0)).toMatchObject({ major: 3, minor: 15, patch: 2, releaseLevel: 'final' });
    expect(decodePyVersionHex(0x030e00a3)).toMatchObject({ minor: 14, releaseLevel: 'alpha', serial: 3 });
    expect(decodePyVersionHex(0x030e00c1)).toMatchObject({ releaseLevel: 'candidate', serial: 1 });
    expect(decodePyVersionHex(0x030e0001)).toBeUndefined();
    expect(decodePyVersionHex(-1)).toBeUndefined();
    expect(decodePyVersionHex(2 ** 33)).toBeUndefined();
  });
});
