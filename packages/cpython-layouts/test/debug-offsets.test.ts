/**
 * _Py_DebugOffsets against live interpreters: for every 3.13+ interpreter of the matrix, start it,
 * read the struct at _PyRuntime and compare what it says, field by field, with the table generated
 * from that interpreter's headers. Plus a fuzz test over the real bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { readMemory } from '@pyglass/memory-reader';
import { findPythons, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { DEBUG_OFFSETS_READ_SIZE, InvalidDebugOffsets, decodeDebugOffsets, layoutFor, type PythonLayout } from '../src/index.js';
import { findPyRuntime } from './helpers.js';

const script = join(import.meta.dirname, 'fixtures', 'sleeper.py');
const all = findPythons();
const targets = all.filter((p) => p.major === 3 && p.minor >= 13);
reportMatrix(targets, 'cpython-layouts/debug-offsets');
const skipped = all.filter((p) => !targets.includes(p)).map((p) => p.label);
console.log(`[cpython-layouts/debug-offsets] not applicable (no _Py_DebugOffsets before 3.13): ${skipped.join(', ')}`);

const children: ChildProcess[] = [];
const captured = new Map<string, Uint8Array>();

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

async function readDebugOffsets(py: PythonInterpreter): Promise<Uint8Array> {
  const child = spawnPython(py, script);
  children.push(child);
  await waitForOutput(child, 'READY');
  const { address } = findPyRuntime(child.pid!);
  const bytes = new Uint8Array(readMemory(child.pid!, address, DEBUG_OFFSETS_READ_SIZE));
  captured.set(py.label, bytes);
  return bytes;
}

function flatten(layout: PythonLayout): Map<string, number> {
  const out = new Map<string, number>();
  for (const [g, v] of Object.entries(layout)) {
    if (v && typeof v === 'object') for (const [f, x] of Object.entries(v)) if (typeof x === 'number') out.set(`${g}.${f}`, x);
  }
  return out;
}

describe.skipIf(targets.length === 0)('decodeDebugOffsets on live interpreters', () => {
  it.each(targets.map((p) => [p.label, p] as const))('%s: debug offsets match the generated table', async (_label, py) => {
    const bytes = await readDebugOffsets(py);
    const d = decodeDebugOffsets(bytes, { debug: py.debug });
    expect(d.version).toMatchObject({ major: py.major, minor: py.minor, patch: py.patch, releaseLevel: 'final' });
    expect(d.freeThreaded).toBe(py.freeThreaded);
    expect(d.exactStruct).toBe(true);
    expect(d.exactBase).toBe(true);

    const table = layoutFor({ major: py.major, minor: py.minor, patch: py.patch }, { freeThreaded: py.freeThreaded, debug: py.debug });
    const statics = flatten(table);
    const decoded = flatten(d.layout);
    const compared: string[] = [];
    const mismatches: string[] = [];
    for (const path of d.fromDebugOffsets) {
      if (!statics.has(path)) continue; // a member our tables do not probe (gc, base_frame, …)
      compared.push(path);
      if (statics.get(path) !== decoded.get(path)) mismatches.push(`${path}: table ${statics.get(path)} vs live ${decoded.get(path)}`);
    }
    console.log(`[debug-offsets] ${py.label} (${py.version}): ${compared.length} fields compared with ${table.key}, ${d.fromDebugOffsets.length - compared.length} only in _Py_DebugOffsets, ${d.fromStaticTable.length} from the static table`);
    expect(mismatches).toEqual([]);
    expect(compared.length).toBeGreaterThanOrEqual(40);
    // Everything the static table has is still in the decoded layout (nothing lost in the overlay).
    for (const path of statics.keys()) expect(decoded.has(path), path).toBe(true);
  });

  it('a future version (3.16) is decoded with the newest struct layout and flagged', () => {
    const newest = [...captured.entries()].filter(([l]) => !l.includes('t')).sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true })).pop();
    expect(newest, 'no live bytes captured').toBeDefined();
    const bytes = new Uint8Array(newest![1]);
    new DataView(bytes.buffer).setUint32(8, 0x031000f0, true);
    const d = decodeDebugOffsets(bytes);
    expect(d.version).toMatchObject({ major: 3, minor: 16, patch: 0 });
    expect(d.exactStruct).toBe(false);
    expect(d.exactBase).toBe(false);
    expect(d.layout.minor).toBe(16);
    expect(d.layout.runtime_state?.interpreters_head).toBe(decodeDebugOffsets(newest![1]).layout.runtime_state?.interpreters_head);
  });

  it('corrupt bytes (fuzz) give InvalidDebugOffsets or a result, never anything else', () => {
    const samples = [...captured.values()];
    expect(samples.length).toBeGreaterThan(0);
    let errors = 0;
    let results = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: samples.length - 1 }),
        fc.array(fc.tuple(fc.nat({ max: DEBUG_OFFSETS_READ_SIZE - 1 }), fc.nat({ max: 255 })), { maxLength: 8 }),
        fc.option(fc.nat({ max: DEBUG_OFFSETS_READ_SIZE }), { nil: undefined }),
        (which, edits, truncate) => {
          const bytes = new Uint8Array(samples[which]!);
          for (const [i, b] of edits) bytes[i] = b;
          const input = truncate === undefined ? bytes : bytes.subarray(0, truncate);
          try {
            const d = decodeDebugOffsets(input);
            expect(Object.isFrozen(d.layout)).toBe(true);
            results++;
          } catch (e) {
            if (!(e instanceof InvalidDebugOffsets)) throw e;
            expect(e.message).not.toContain('\n');
            errors++;
          }
        },
      ),
      { numRuns: 3000, seed: 1234 },
    );
    console.log(`[debug-offsets] fuzz: ${results} decoded, ${errors} InvalidDebugOffsets`);
    expect(errors).toBeGreaterThan(0);
    expect(results).toBeGreaterThan(0);
  });

  it('rejects a wrong cookie, an old version and short input with InvalidDebugOffsets', () => {
    const sample = new Uint8Array([...captured.values()][0]!);
    const bad = new Uint8Array(sample);
    bad[0] = 0;
    expect(() => decodeDebugOffsets(bad)).toThrow(/cookie/);
    const old = new Uint8Array(sample);
    new DataView(old.buffer).setUint32(8, 0x030c01f0, true);
    expect(() => decodeDebugOffsets(old)).toThrow(InvalidDebugOffsets);
    expect(() => decodeDebugOffsets(sample.subarray(0, 100))).toThrow(/need/);
    expect(() => decodeDebugOffsets(new Uint8Array(0))).toThrow(InvalidDebugOffsets);
  });
});
