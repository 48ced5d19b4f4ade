/**
 * Fuzzing of the sampler's decoders of untrusted target bytes (fixed seeds, so failures replay):
 * line tables of every format, PEP 393 / Python 2 string data, and float formatting for reprs.
 * Each property: the decoder returns a well-formed result or throws a typed error (GarbageObject),
 * never anything else, and every case is bounded (no loops that depend on the data's values).
 */
import fc from 'fast-check';
import { layoutFor } from '@pyglass/cpython-layouts';
import { describe, expect, it } from 'vitest';
import {
  decodeLinetable310,
  decodeLnotab,
  decodeLnotabUnsigned,
  decodeLocationTable,
  decodePy2Str,
  decodeStringData,
  formatFloat,
  formatFloat32,
  lineAt,
  lineTableDecoder,
  MAX_LINE_TABLE,
  type LineTable,
} from '../src/index.js';
import { GarbageObject } from '../src/objects/objects.js';

const runs = 3000;
const params = (seed: number) => ({ seed, numRuns: runs, endOnFailure: true });

/** A decoded table is well formed: parallel arrays, nondecreasing ends, and lookups give integers. */
function checkTable(t: LineTable, probes: number[]): void {
  expect(t.ends.length).toBe(t.lines.length);
  for (let i = 1; i < t.ends.length; i++) expect(t.ends[i]!).toBeGreaterThanOrEqual(t.ends[i - 1]!);
  for (const p of probes) expect(Number.isSafeInteger(lineAt(t, p))).toBe(true);
}

const decoders: Array<[string, (b: Uint8Array, first: number) => LineTable]> = [
  ['2.7/≤3.5 lnotab (unsigned line deltas)', decodeLnotabUnsigned],
  ['3.6–3.9 lnotab (signed line deltas)', (b, f) => decodeLnotab(b, f)],
  ['3.10 linetable', decodeLinetable310],
  ['3.11+ location table', decodeLocationTable],
];

describe('line-table decoders over random bytes', () => {
  it.each(decoders)('%s: any bytes decode to a well-formed table, never throw', (_name, decode) => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.integer({ min: -1, max: 1 << 20 }),
        fc.array(fc.integer({ min: -10, max: 1 << 16 }), { maxLength: 8 }),
        (bytes, first, probes) => checkTable(decode(bytes, first), probes),
      ),
      params(0x11e),
    );
  });

  it.each(decoders)('%s: a table over the 64 KiB cap is cut at the cap (bounded work)', (_name, decode) => {
    // worst case for the location table: every byte starts a 16-code-unit entry
    const big = new Uint8Array(MAX_LINE_TABLE * 4).fill(0xff);
    const t = decode(big, 1);
    checkTable(t, [0, 1 << 30]);
    expect(t.ends.length).toBeLessThanOrEqual(MAX_LINE_TABLE);
  });

  it('mutants of real tables (every interpreter version) still decode to well-formed tables', () => {
    // a real 3.11+ table: entries for lines 1..40 with long-form, short and one-line codes
    const seedTables: Array<[number, number, Uint8Array]> = [
      [2, 7, Uint8Array.from([6, 1, 8, 1, 10, 2, 4, 1, 12, 0xff])],
      [3, 9, Uint8Array.from([2, 1, 8, 1, 6, 0xfe, 10, 3])],
      [3, 10, Uint8Array.from([2, 1, 8, 0x80, 6, 1, 10, 0xff])],
      [3, 12, Uint8Array.from([0x80, 0x00, 0xd8, 0x02, 0xf0, 0x04, 0x06, 0x08, 0x0a, 0xe8, 0x03, 0xa0, 0x01, 0x02, 0xf8])],
    ];
    fc.assert(
      fc.property(
        fc.nat({ max: seedTables.length - 1 }),
        fc.array(fc.tuple(fc.nat({ max: 63 }), fc.nat({ max: 255 })), { maxLength: 6 }),
        fc.nat({ max: 16 }),
        (which, edits, cut) => {
          const [major, minor, base] = seedTables[which]!;
          const b = Uint8Array.from(base);
          for (const [at, v] of edits) b[at % b.length] = v;
          checkTable(lineTableDecoder(layoutFor(`${major}.${minor}`).lineTable)(b.subarray(0, Math.max(0, b.length - cut)), 1), [0, 2, 7, 1000]);
        },
      ),
      params(0x7ab1e),
    );
  });
});

describe('string decoders over random bytes', () => {
  it('PEP 393 data of any kind gives a string or GarbageObject (kind ∉ {1,2,4}, code point > U+10FFFF)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.integer({ min: -1, max: 8 }), fc.boolean(), (bytes, kind, ascii) => {
        try {
          const s = decodeStringData(bytes, kind, ascii);
          expect(typeof s).toBe('string');
          if (kind === 1) expect(s.length).toBe(bytes.length);
          if (kind === 4) expect([...s].length).toBe(bytes.length >>> 2);
        } catch (e) {
          expect(e).toBeInstanceOf(GarbageObject);
          expect((e as Error).message.split('\n')).toHaveLength(1);
        }
      }),
      params(0x5712),
    );
  });

  it('UCS-4 data with only valid code points always decodes, surrogates included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 64 }), (cps) => {
        const b = new Uint8Array(cps.length * 4);
        const dv = new DataView(b.buffer);
        cps.forEach((cp, i) => dv.setUint32(i * 4, cp, true));
        expect([...decodeStringData(b, 4, false)].length).toBe(cps.length);
      }),
      params(0x4cc4),
    );
  });

  it('Python 2 str bytes (any, invalid UTF-8 included) always decode', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        expect(typeof decodePy2Str(bytes)).toBe('string');
      }),
      params(0x27),
    );
  });
});

describe('float repr over every double', () => {
  it('any 64-bit pattern formats as a plain decimal, inf, -inf or NaN (no exponent, no throw)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
        const v = new DataView(bytes.buffer).getFloat64(0, true);
        const s = formatFloat(v);
        expect(s).toMatch(/^(NaN|inf|-inf|-?\d+(\.\d+)?)$/);
        if (Number.isFinite(v)) expect(Number(s)).toBe(v);
      }),
      params(0xf10a7),
    );
  });
  it('any 32-bit pattern formats as plain decimal digits that read back as the same f32', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (bytes) => {
        const v = new DataView(bytes.buffer).getFloat32(0, true);
        const s = formatFloat32(v);
        expect(s).toMatch(/^(NaN|inf|-inf|-?\d+(\.\d+)?)$/);
        if (Number.isFinite(v)) expect(Math.fround(Number(s))).toBe(v);
      }),
      params(0xf32),
    );
  });
});
