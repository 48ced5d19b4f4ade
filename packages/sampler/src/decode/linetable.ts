/**
 * Line-number tables of CPython code objects, decoded once into compact range arrays
 * (`ends[i]` = end byte offset of range i, `lines[i]` = its line) so that each lookup is a binary search.
 *
 * - ≤3.9: `co_lnotab` (pairs of unsigned byte delta, line delta: signed from 3.6, unsigned in 2.7).
 * - 3.10: `co_linetable` (pairs of unsigned byte delta, signed line delta; -128 = no line).
 * - 3.11+: the location table (PEP 657 entries, varint encoded).
 *
 * Lookups use CPython's own rule (`PyCode_Addr2Line`): the line of the range that contains the byte offset.
 */
import type { LineTableFormat } from '@pyglass/cpython-layouts';

export interface LineTable {
  /** End byte offset (exclusive) of each range, nondecreasing. */
  readonly ends: Int32Array;
  /** Line of each range. */
  readonly lines: Int32Array;
  /** Line for offsets beyond the last range (≤3.9: the last line reached; else the last range's line). */
  readonly tailLine: number;
  readonly firstLine: number;
}

/** Line tables of 64 KiB or more are refused (like py-spy). */
export const MAX_LINE_TABLE = 65536;

class Builder {
  ends: number[] = [];
  lines: number[] = [];
  push(end: number, line: number): void {
    const n = this.ends.length;
    // Merge consecutive ranges of the same line.
    if (n > 0 && this.lines[n - 1] === line) {
      this.ends[n - 1] = end;
      return;
    }
    this.ends.push(end);
    this.lines.push(line);
  }
  build(firstLine: number, tailLine: number): LineTable {
    return { ends: Int32Array.from(this.ends), lines: Int32Array.from(this.lines), tailLine, firstLine };
  }
}

/**
 * ≤3.9 co_lnotab. CPython: `addr += t[i]; if (addr > lasti) break; line += t[i+1]`, so offset `o` has the
 * line reached after every pair whose cumulative address is ≤ o.
 */
export function decodeLnotab(table: Uint8Array, firstLine: number, signedLines = true): LineTable {
  return decodeDeltaPairs(table, firstLine, false, signedLines);
}

/**
 * 3.10 co_linetable: pairs (sdelta u8, ldelta i8); the range [addr, addr+sdelta) has line += ldelta
 * applied first; ldelta -128 means "no line" (the range reports the line before it, and the running
 * line is not changed).
 */
export function decodeLinetable310(table: Uint8Array, firstLine: number): LineTable {
  return decodeDeltaPairs(table, firstLine, true, true);
}

/**
 * The two (address delta u8, line delta) pair formats: `lineFirst` (3.10) applies a pair's line
 * delta to its own range, else (lnotab) to the ranges after it; `signed` line deltas are i8.
 */
function decodeDeltaPairs(table: Uint8Array, firstLine: number, lineFirst: boolean, signed: boolean): LineTable {
  const b = new Builder();
  let line = firstLine;
  let addr = 0;
  const n = Math.min(table.length, MAX_LINE_TABLE) & ~1;
  for (let i = 0; i < n; i += 2) {
    const sdelta = table[i]!;
    let ldelta = table[i + 1]!;
    if (signed && ldelta >= 0x80) ldelta -= 0x100;
    if (lineFirst) {
      if (ldelta !== -128) line += ldelta;
      if (sdelta > 0) b.push(addr + sdelta, line);
    } else {
      if (sdelta > 0) b.push(addr + sdelta, line); // [addr, addr+sdelta) keeps the current line
      line += ldelta;
    }
    addr += sdelta;
  }
  return b.build(firstLine, line);
}

/** 3.11+ location table (Objects/locations.md). Offsets are bytes from co_code_adaptive. */
export function decodeLocationTable(table: Uint8Array, firstLine: number): LineTable {
  const b = new Builder();
  let line = firstLine;
  let addr = 0;
  let i = 0;
  const n = Math.min(table.length, MAX_LINE_TABLE);
  const varint = (): number => {
    let shift = 0;
    let v = 0;
    for (;;) {
      if (i >= n) return v;
      const x = table[i++]!;
      v += (x & 63) * 2 ** shift;
      shift += 6;
      if ((x & 64) === 0 || shift > 42) return v;
    }
  };
  const svarint = (): number => {
    const v = varint();
    return v % 2 === 1 ? -Math.floor(v / 2) : Math.floor(v / 2);
  };
  while (i < n) {
    const first = table[i++]!;
    if ((first & 0x80) === 0) break; // not at an entry start: corrupt, stop
    const length = ((first & 7) + 1) * 2;
    const code = (first >> 3) & 15;
    let entryLine = line;
    let hasLine = true;
    if (code === 15) {
      hasLine = false;
    } else if (code === 14) {
      line += svarint();
      varint();
      varint();
      varint();
      entryLine = line;
    } else if (code === 13) {
      line += svarint();
      entryLine = line;
    } else if (code >= 10) {
      line += code - 10;
      i += 2;
      entryLine = line;
    } else {
      i += 1;
    }
    // A "no location" entry keeps the previous line (CPython reports -1 there; we report the last known line).
    b.push(addr + length, hasLine ? entryLine : line);
    addr += length;
  }
  return b.build(firstLine, line);
}

/** The line of byte offset `offset` (the range containing it; the tail line beyond the table). */
export function lineAt(table: LineTable, offset: number): number {
  const ends = table.ends;
  let lo = 0;
  let hi = ends.length;
  if (offset < 0) return table.firstLine;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo < ends.length ? table.lines[lo]! : table.tailLine;
}

/** Python 2 / ≤3.5 co_lnotab: line increments are unsigned bytes. */
export function decodeLnotabUnsigned(table: Uint8Array, firstLine: number): LineTable {
  return decodeLnotab(table, firstLine, false);
}

/** The decoder of a line-table format (a layout's `lineTable`). */
export function lineTableDecoder(format: LineTableFormat): (table: Uint8Array, firstLine: number) => LineTable {
  switch (format) {
    case 'lnotab-unsigned': return decodeLnotabUnsigned;
    case 'lnotab-signed': return decodeLnotab;
    case 'linetable-310': return decodeLinetable310;
    case 'location-table': return decodeLocationTable;
  }
}
