/**
 * Pure parts: line tables (py-spy's vectors + vectors dumped from every interpreter of the matrix by
 * test/scripts/dump_linetables.py), version scanning, string decoding, filenames, repr helpers, timer.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { layoutFor } from '@pyglass/cpython-layouts';
import { describe, expect, test } from 'vitest';
import {
  decodeLinetable310, decodeLnotab, decodeLocationTable, decodePy2Str, decodeStringData, digitsToHex, exponentialInterval,
  formatFloat, formatFloat32, hamtHash, lineAt, lineTableDecoder, looksIdle, scanVersion, shortFilename, versionFromFilename, versionFromHex,
} from '../src/index.js';

const bytes = (a: number[]) => Uint8Array.from(a);

describe('line tables', () => {
  test("py-spy's co_lnotab vector (≤3.9): lasti 30 → line 7", () => {
    expect(lineAt(decodeLnotab(bytes([0, 1, 10, 1, 8, 1, 4, 1]), 3), 30)).toBe(7);
  });

  test("py-spy's 3.11 location-table vector: byte 214 - co_code_adaptive 184 → line 5", () => {
    const t = bytes([128, 0, 221, 4, 8, 132, 74, 136, 118, 209, 4, 22, 212, 4, 22, 208, 4, 22, 208, 4, 22, 208, 4, 22]);
    expect(lineAt(decodeLocationTable(t, 4), 214 - 184)).toBe(5);
  });

  test('3.10 co_linetable: -128 ("no line") entries advance the address but keep the line', () => {
    // [0,6) +1 → 11; [6,8) no line; [8,12) +2 → 13
    const t = decodeLinetable310(bytes([6, 1, 2, 0x80, 4, 2]), 10);
    expect([0, 4, 6, 7, 8, 11].map((o) => lineAt(t, o))).toEqual([11, 11, 11, 11, 13, 13]);
  });

  const vectors = JSON.parse(readFileSync(new URL('./vectors/linetables.json', import.meta.url), 'utf8')) as Record<string, {
    version: string; functions: Array<{ name: string; firstlineno: number; table: string; pairs: Array<[number, number]> }>;
  }>;
  const cases = Object.entries(vectors).flatMap(([minor, v]) => v.functions.map((f) => [`${v.version} ${f.name}`, minor, f] as const));
  test('vectors cover every minor version of the matrix', () => {
    expect(Object.keys(vectors)).toEqual(['2.7', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15']);
  });
  test.each(cases)('%s: every offset maps to the line the interpreter reports', (_n, minor, f) => {
    // the format is the layout's tag for that version (the tag choice is tested by these vectors too)
    const table = lineTableDecoder(layoutFor(minor).lineTable)(Buffer.from(f.table, 'hex'), f.firstlineno);
    expect(f.pairs.length).toBeGreaterThan(0);
    const wrong = f.pairs.filter(([off, line]) => lineAt(table, off) !== line);
    expect(wrong).toEqual([]);
  });

  test('garbage tables never throw or hang, and tables ≥ 64 KiB are cut', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), fc.integer({ min: -5, max: 100000 }), (t, first) => {
      for (const dec of [decodeLnotab, decodeLinetable310, decodeLocationTable]) {
        const table = dec(t, first);
        expect(Number.isInteger(lineAt(table, 7))).toBe(true);
      }
    }), { numRuns: 300 });
    const huge = new Uint8Array(200_000).fill(0x80);
    expect(decodeLocationTable(huge, 1).ends.length).toBeLessThanOrEqual(65536);
  });
});

describe('version detection', () => {
  test.each([
    ['2.7.10 (default, Oct  6 2017, 22:29:07)', '2.7.10'],
    ['3.6.3 |Anaconda custom (64-bit)| (default, Oct  6 2017, 12:04:38)', '3.6.3'],
    ['Python 3.7.0rc1 (v3.7.0rc1:dfad352267, Jul 20 2018, 13:27:54)', '3.7.0rc1'],
    ['Python 3.10.0rc1 (tags/v3.10.0rc1, Aug 28 2021, 18:25:40)', '3.10.0rc1'],
    ['2.7.15+ (default, Oct  2 2018, 22:12:08)', '2.7.15+'],
    ['2.7.10+dcba (default)', '2.7.10+dcba'],
    ['2.7.10+5-4.abcd (default)', '2.7.10+5-4.abcd'],
    ['2.8.5+cinder (default)', '2.8.5+cinder'],
    ['\0\0garbage 3.14.10 (main, Oct 10 2025, 10:00:00) [GCC 15]', '3.14.10'],
  ])('%s → %s', (text, want) => {
    expect(scanVersion(Buffer.from(text, 'latin1'))?.string).toBe(want);
  });
  test.each(['1.7.0rc1 (x)', '3.7 10 ', '3.7.10fooboo ', ''])('%j → none', (text) => {
    expect(scanVersion(text)).toBeUndefined();
  });
  test('a candidate the caller does not accept is passed over for a later one', () => {
    // a just-launched 3.6 whose version buffer was still empty: its sections held "2.2.2 …" first
    const text = 'abc 2.2.2 (compiler) xyz 3.6.15 (default, Nov 25 2026)';
    expect(scanVersion(text)?.string).toBe('2.2.2');
    expect(scanVersion(text, (v) => v.major === 3 && v.minor === 6)?.string).toBe('3.6.15');
    expect(scanVersion('2.2.2 (compiler)', (v) => v.major === 3)).toBeUndefined();
  });
  test('build metadata', () => {
    expect(scanVersion('2.7.15+ (default)')?.buildMetadata).toBe('');
    expect(scanVersion('2.8.5+cinder (default)')).toMatchObject({ major: 2, minor: 8, patch: 5, buildMetadata: 'cinder' });
  });
  test('PY_VERSION_HEX', () => {
    expect(versionFromHex(0x030c01f0)).toMatchObject({ major: 3, minor: 12, patch: 1, release: '', string: '3.12.1' });
    expect(versionFromHex(0x030700c1)?.string).toBe('3.7.0rc1');
    expect(versionFromHex(0x030f00a3)?.string).toBe('3.15.0a3');
    expect(versionFromHex(0)).toBeUndefined();
    expect(versionFromHex(0x41414141)).toBeUndefined();
  });
  test('file names', () => {
    expect(versionFromFilename('/usr/bin/python3.12')?.string).toBe('3.12.0');
    expect(versionFromFilename('/x/libpython3.13t.so.1.0')?.string).toBe('3.13.0');
    expect(versionFromFilename('/usr/bin/node')).toBeUndefined();
  });
});

describe('strings', () => {
  test('every PEP 393 kind', () => {
    expect(decodeStringData(Buffer.from('hello', 'latin1'), 1, true)).toBe('hello');
    expect(decodeStringData(Buffer.from('été', 'latin1'), 1, false)).toBe('été');
    expect(decodeStringData(Buffer.from('кириллица€', 'utf16le'), 2, false)).toBe('кириллица€');
    const ucs4 = new Uint8Array(8);
    new DataView(ucs4.buffer).setUint32(0, 0x1f4a9, true);
    new DataView(ucs4.buffer).setUint32(4, 0x61, true);
    expect(decodeStringData(ucs4, 4, false)).toBe('💩a');
    expect(() => decodeStringData(ucs4, 3, false)).toThrow();
    const bad = new Uint8Array(4);
    new DataView(bad.buffer).setUint32(0, 0x110000, true);
    expect(() => decodeStringData(bad, 4, false)).toThrow();
  });
  test('Python 2 str bytes are UTF-8', () => {
    expect(decodePy2Str(Buffer.from('unicode💩.py'))).toBe('unicode💩.py');
  });
  test('floats print like py-spy (Rust Display)', () => {
    expect(formatFloat(3.1415)).toBe('3.1415');
    expect(formatFloat(1)).toBe('1');
    expect(formatFloat(-0.5)).toBe('-0.5');
    expect(formatFloat(1e21)).toBe('1000000000000000000000');
    expect(formatFloat(Infinity)).toBe('inf');
    expect(formatFloat(-0)).toBe('-0');
    expect(formatFloat(1e-7)).toBe('0.0000001');
    expect(formatFloat(1.5e-25)).toBe('0.00000000000000000000000015');
    expect(formatFloat(-1.25e22)).toBe('-12500000000000000000000');
  });
  test('float32 values print their shortest f32 digits (Rust Display for f32)', () => {
    expect(formatFloat32(Math.fround(0.3))).toBe('0.3');
    expect(formatFloat32(Math.fround(0.5))).toBe('0.5');
    expect(formatFloat32(Math.fround(16777217))).toBe('16777216');
    expect(formatFloat32(Math.fround(3.4028234663852886e38))).toBe('340282350000000000000000000000000000000');
    expect(formatFloat32(Math.fround(1e-45))).toBe(`0.${'0'.repeat(44)}1`);
    expect(formatFloat32(Math.fround(-2.5))).toBe('-2.5');
    expect(formatFloat32(Number.NaN)).toBe('NaN');
  });
});

describe('short filenames', () => {
  const pkgs = new Set(['/usr/lib/python3.9/json/__init__.py', '/srv/app/pkg/__init__.py', '/srv/app/pkg/sub/__init__.py', '/proc/9/root/opt/lib/mod/__init__.py']);
  const exists = (p: string) => pkgs.has(p);
  test.each([
    ['/usr/lib/python3.9/json/decoder.py', '', 'json/decoder.py'],
    ['/srv/app/pkg/sub/x.py', '', 'pkg/sub/x.py'],
    ['/tmp/longsleep.py', '', 'longsleep.py'],
    ['/opt/lib/mod/m.py', '/proc/9/root', 'mod/m.py'],
    ['<frozen importlib._bootstrap>', '', '<frozen importlib._bootstrap>'],
    ['/x.py', '', 'x.py'],
  ])('%s (root %j) → %s', (file, root, want) => {
    expect(shortFilename(file, root, '', exists)).toBe(want);
  });
});

test('idle heuristic (py-spy §5 step 6)', () => {
  const f = (name: string, filename: string) => ({ name, filename, line: 1, isEntry: true, isShimEntry: false });
  expect(looksIdle(f('wait', '/usr/lib/python3.12/threading.py'))).toBe(true);
  expect(looksIdle(f('select', '/usr/lib/python3.12/selectors.py'))).toBe(true);
  expect(looksIdle(f('poll', '/x/site-packages/zmq/sugar/poll.py'))).toBe(true);
  expect(looksIdle(f('wait', '/srv/app.py'))).toBe(false);
  expect(looksIdle(undefined)).toBe(false);
});

test('sampling intervals are exponential with mean 1/rate', () => {
  let seed = 1;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const n = 20000;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += exponentialInterval(100, rnd);
  expect(sum / n).toBeGreaterThan(9.5);
  expect(sum / n).toBeLessThan(10.5);
});

describe('OpenTelemetry span ids', () => {
  /** An int's digits as CPython stores them: `bits` bits each, least significant first. */
  const digitsOf = (v: bigint, bits: number): number[] => {
    const out: number[] = [];
    for (; v > 0n; v >>= BigInt(bits)) out.push(Number(v & ((1n << BigInt(bits)) - 1n)));
    return out;
  };

  test('digitsToHex gives exactly `width` lowercase hex digits, for 30- and 15-bit digits (any 128-bit and 64-bit value)', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.constantFrom(15, 30), (v, bits) => {
      expect(digitsToHex(digitsOf(v, bits), bits, 32)).toBe(v.toString(16).padStart(32, '0'));
      const s = v & ((1n << 64n) - 1n);
      expect(digitsToHex(digitsOf(s, bits), bits, 16)).toBe(s.toString(16).padStart(16, '0'));
    }));
    expect(digitsToHex([], 30, 16)).toBe('0'.repeat(16));
  });

  test('digitsToHex refuses a value wider than `width` digits', () => {
    expect(digitsToHex(digitsOf(1n << 64n, 30), 30, 16)).toBeUndefined();
    expect(digitsToHex(digitsOf((1n << 128n) + 5n, 30), 30, 32)).toBeUndefined();
  });

  test("hamtHash is CPython's hamt_hash: the halves of the 64-bit hash XORed into an int32, -1 made -2", () => {
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (h) => {
      const lo = Number(BigInt.asUintN(32, h));
      const hi = Number(BigInt.asUintN(32, h >> 32n));
      const x = Number(BigInt.asIntN(32, BigInt.asIntN(32, h) ^ BigInt.asIntN(32, h >> 32n)));
      expect(hamtHash(lo, hi)).toBe(x === -1 ? -2 : x);
    }));
    expect(hamtHash(0xffffffff, 0)).toBe(-2);
  });
});
