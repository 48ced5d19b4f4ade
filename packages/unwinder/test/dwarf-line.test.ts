/**
 * .debug_line: file and line of addresses, compared with binutils `addr2line` on programs and
 * shared libraries built here (DWARF 5, DWARF 4, DWARF 3, -gz compressed sections, split debug found
 * through .gnu_debuglink and through a build-id path under a root directory) and on libc.so.6 via
 * its build-id debug file; mutated sections must fail with ObjectFileError or parse, never hang.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElfFile } from '../src/elf.js';
import { ObjectFileError } from '../src/errors.js';
import { debugSectionData, findLineDebugFile, LineTable, linesForModule, loadLineTable, ModuleLines } from '../src/native/index.js';
import { seededRandom } from '../../../tools/testing/random.js';

const has = (cmd: string, arg = '--version') => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
const haveTools = process.platform === 'linux' && has('gcc') && has('addr2line') && has('objcopy');
const tmp = mkdtempSync(join(tmpdir(), 'pyglass-dwarf-line-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Two translation units, a header with a static inline function, a loop and a switch, so line
// programs switch files, go backwards in line numbers and have several rows per address.
const HELPER_H = `
static inline int helper_mix(int a, int b) {
  int r = a * 31;
  r ^= b << 3;
  return r + (a > b ? a - b : b - a);
}
`;
const LIB_C = `#include "helper.h"
#include <stdio.h>
int lib_counter;
__attribute__((noinline)) int lib_square(int x) { return x * x + lib_counter; }
__attribute__((noinline)) int lib_sum(int n) {
  int s = 0;
  for (int i = 0; i < n; i++) {
    s += helper_mix(i, n);
    if (s > 1000000) s -= 7;
  }
  return s;
}
int lib_switch(int k) {
  switch (k) {
    case 0: return lib_square(k);
    case 1: return lib_sum(k + 3);
    case 2: lib_counter++; return 4;
    default:
      printf("%d\\n", k);
      return -1;
  }
}
`;
const MAIN_C = `#include "helper.h"
extern int lib_switch(int);
extern int lib_sum(int);
static int twice(int x) { return helper_mix(x, x + 1) * 2; }
int main(int argc, char **argv) {
  (void)argv;
  int t = 0;
  for (int i = 0; i < argc * 3; i++) t += twice(i) + lib_switch(i % 4);
  return t & 1;
}
`;

interface Build {
  name: string;
  /** File addr2line reads (the one with debug info). */
  debugFile: string;
  /** File our lookup starts from (may be stripped). */
  file: string;
  /** Options for findLineDebugFile. */
  root?: string;
  targetPath?: string;
}

const builds: Build[] = [];

function gcc(args: string[]): void {
  execFileSync('gcc', args, { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });
}

beforeAll(() => {
  if (!haveTools) return;
  writeFileSync(join(tmp, 'helper.h'), HELPER_H);
  writeFileSync(join(tmp, 'lib.c'), LIB_C);
  writeFileSync(join(tmp, 'main.c'), MAIN_C);
  const variants: [string, string[]][] = [
    ['dwarf5-O2', ['-g', '-O2']],
    ['dwarf5-O0', ['-g', '-O0']],
    ['dwarf4-O2', ['-gdwarf-4', '-O2']],
    ['dwarf3-O1', ['-gdwarf-3', '-O1']],
    ['dwarf5-gz', ['-g', '-O2', '-gz']],
    ['dwarf4-gz', ['-gdwarf-4', '-O2', '-gz=zlib']],
  ];
  for (const [name, flags] of variants) {
    gcc([...flags, '-shared', '-fPIC', '-o', `lib-${name}.so`, 'lib.c']);
    gcc([...flags, '-o', `prog-${name}`, 'main.c', 'lib.c']);
    builds.push({ name: `lib ${name}`, debugFile: join(tmp, `lib-${name}.so`), file: join(tmp, `lib-${name}.so`) });
    builds.push({ name: `prog ${name}`, debugFile: join(tmp, `prog-${name}`), file: join(tmp, `prog-${name}`) });
  }
  // Split debug, found by .gnu_debuglink next to the stripped file.
  mkdirSync(join(tmp, 'split'));
  copyFileSync(join(tmp, 'lib-dwarf5-O2.so'), join(tmp, 'split/libsplit.so'));
  execFileSync('objcopy', ['--only-keep-debug', 'libsplit.so', 'libsplit.so.debug'], { cwd: join(tmp, 'split') });
  execFileSync('objcopy', ['--strip-debug', '--add-gnu-debuglink=libsplit.so.debug', 'libsplit.so'], { cwd: join(tmp, 'split') });
  builds.push({ name: 'split debuglink', debugFile: join(tmp, 'split/libsplit.so.debug'), file: join(tmp, 'split/libsplit.so') });
  // Split debug, found by build-id under a root directory (as /proc/PID/root for a container).
  const root = join(tmp, 'root');
  mkdirSync(join(root, 'opt/app'), { recursive: true });
  copyFileSync(join(tmp, 'lib-dwarf4-gz.so'), join(root, 'opt/app/libbid.so'));
  const full = join(tmp, 'libbid.full');
  copyFileSync(join(tmp, 'lib-dwarf4-gz.so'), full);
  execFileSync('objcopy', ['--strip-all', join(root, 'opt/app/libbid.so')]);
  const id = ElfFile.open(full).buildId!;
  const dbgDir = join(root, 'usr/lib/debug/.build-id', id.slice(0, 2));
  mkdirSync(dbgDir, { recursive: true });
  execFileSync('objcopy', ['--only-keep-debug', '--compress-debug-sections=zlib', full, join(dbgDir, `${id.slice(2)}.debug`)]);
  builds.push({ name: 'split build-id under root', debugFile: full, file: join(root, 'opt/app/libbid.so'), root, targetPath: '/opt/app/libbid.so' });
}, 120_000);

type Loc = { file: string; line: number };

/**
 * A symbolizer's (file basename, line) for each address (one process for all). Line 0 or "?"
 * (no line information, e.g. "crtstuff.c:0" for code without line rows) becomes { "??", 0 }.
 */
function symbolizer(tool: string, file: string, addrs: number[]): Loc[] {
  const out = execFileSync(tool, ['-e', file], { input: addrs.map((a) => `0x${a.toString(16)}`).join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.trimEnd().split('\n').map((l) => {
    const m = /^(.*):(\d+|\?)(?: \(discriminator \d+\))?$/.exec(l);
    if (!m) throw new Error(`unexpected ${tool} output line: ${l}`);
    const line = m[2] === '?' ? 0 : Number(m[2]);
    return line === 0 ? { file: '??', line: 0 } : { file: basename(m[1]!), line };
  });
}
const haveLlvm = has('llvm-addr2line');

/** Every function start, the byte after it, and a stride through .text. */
function sampleAddresses(elf: ElfFile, maxStride: number): number[] {
  const text = elf.section('.text');
  if (!text) throw new Error(`${elf.path} has no .text`);
  const lo = Number(text.address);
  const hi = lo + Number(text.size);
  const set = new Set<number>();
  const syms = spawnSync('nm', ['--defined-only', elf.path], { encoding: 'utf8' }).stdout ?? '';
  for (const line of syms.split('\n')) {
    const m = /^([0-9a-f]+) [tTwW] /.exec(line);
    if (!m) continue;
    const a = parseInt(m[1]!, 16);
    if (a >= lo && a < hi) {
      set.add(a);
      set.add(a + 1);
    }
  }
  const stride = Math.max(1, Math.floor((hi - lo) / maxStride));
  for (let a = lo; a < hi; a += stride) set.add(a);
  set.add(hi - 1);
  return [...set].sort((x, y) => x - y);
}

interface Agreement {
  total: number;
  /** Same (basename, line) as binutils addr2line. */
  binutils: number;
  /** Differs from binutils addr2line but matches llvm-addr2line (binutils 2.40 names the CU's file for some inlined DWARF 5 rows; gdb agrees with llvm). */
  llvmOnly: number;
  diffs: string[];
}

function compare(lookup: (a: number) => Loc | undefined, dwarfFile: string, addrs: number[]): Agreement {
  const expected = symbolizer('addr2line', dwarfFile, addrs);
  const res: Agreement = { total: addrs.length, binutils: 0, llvmOnly: 0, diffs: [] };
  const got = addrs.map((a) => {
    const ours = lookup(a);
    return ours && ours.line !== 0 ? { file: basename(ours.file), line: ours.line } : { file: '??', line: 0 };
  });
  const differ: number[] = [];
  got.forEach((g, i) => {
    const e = expected[i]!;
    if (g.file === e.file && g.line === e.line) res.binutils++;
    else differ.push(i);
  });
  const llvm = haveLlvm && differ.length ? symbolizer('llvm-addr2line', dwarfFile, differ.map((i) => addrs[i]!)) : [];
  differ.forEach((i, k) => {
    const g = got[i]!;
    const l = llvm[k];
    if (l && l.file === g.file && l.line === g.line) res.llvmOnly++;
    else if (res.diffs.length < 10) res.diffs.push(`0x${addrs[i]!.toString(16)}: ours ${g.file}:${g.line}, addr2line ${expected[i]!.file}:${expected[i]!.line}${l ? `, llvm-addr2line ${l.file}:${l.line}` : ''}`);
  });
  return res;
}

function summary(r: Agreement): string {
  return `${r.binutils}/${r.total} agree with addr2line${r.llvmOnly ? `, ${r.llvmOnly} more with llvm-addr2line` : ''}, ${r.total - r.binutils - r.llvmOnly} with neither`;
}

describe.skipIf(!haveTools)('.debug_line against addr2line', () => {
  it('agrees on every function start and a stride through .text of each build', () => {
    let total = 0;
    let same = 0;
    let llvmOnly = 0;
    for (const b of builds) {
      const elf = ElfFile.open(b.file);
      const lines = new ModuleLines(elf, { ...(b.root ? { root: b.root } : {}), ...(b.targetPath ? { targetPath: b.targetPath } : {}) });
      const dbg = ElfFile.open(b.debugFile);
      const addrs = sampleAddresses(dbg, 400);
      dbg.close();
      const r = compare((a) => lines.lineForAddress(a), b.debugFile, addrs);
      expect(lines.error, b.name).toBeUndefined();
      expect(lines.debugFile, `${b.name}: debug file`).toBe(b.file === b.debugFile ? b.file : lines.debugFile);
      console.log(`[dwarf-line] ${b.name}: ${summary(r)} (line table from ${lines.debugFile && basename(lines.debugFile)}, ${lines.lineTable?.units} units)`);
      if (r.diffs.length) console.log(r.diffs.join('\n'));
      total += r.total;
      same += r.binutils;
      llvmOnly += r.llvmOnly;
      // Without llvm-addr2line as a tiebreaker, binutils 2.40's DWARF 5 file-index bug (a function
      // in a header at -O0 is named after the .c file) cannot be told from ours: accept 85 % there.
      if (haveLlvm) expect(r.binutils + r.llvmOnly, `${b.name}: ${r.diffs.join('; ')}`).toBe(r.total);
      else expect(r.binutils / r.total, `${b.name} (llvm-addr2line missing): ${r.diffs.join('; ')}`).toBeGreaterThanOrEqual(0.85);
      elf.close();
    }
    console.log(`[dwarf-line] built modules: ${same}/${total} agree with addr2line, ${llvmOnly} more with llvm-addr2line`);
    expect(builds.length).toBe(14);
  });

  it('finds split debug through .gnu_debuglink and through a build-id path under the root', () => {
    const split = builds.find((b) => b.name === 'split debuglink')!;
    const elf = ElfFile.open(split.file);
    expect(elf.section('.debug_line')).toBeUndefined();
    const f = findLineDebugFile(elf);
    expect(f?.path).toBe(split.debugFile);
    f?.close();
    const bid = builds.find((b) => b.name === 'split build-id under root')!;
    const stripped = ElfFile.open(bid.file);
    expect(findLineDebugFile(stripped), 'without the root the build-id file is not found').toBeUndefined();
    const g = findLineDebugFile(stripped, { root: bid.root!, targetPath: bid.targetPath! });
    expect(g?.path).toContain(`${bid.root}/usr/lib/debug/.build-id/`);
    // That debug file's sections are SHF_COMPRESSED: they decompress to a parseable table.
    expect((g!.section('.debug_line')!.flags & 0x800n) !== 0n).toBe(true);
    expect(loadLineTable(g!)!.rowCount).toBeGreaterThan(10);
    g?.close();
    // A debuglink whose CRC does not match is refused.
    const bad = join(tmp, 'split/libsplit.so.debug');
    const saved = readFileSync(bad);
    const corrupt = Buffer.from(saved);
    corrupt[corrupt.length - 1]! ^= 0xff;
    writeFileSync(bad, corrupt);
    try {
      // The debug file keeps its build-id, so refusal needs a file with no build-id: check via CRC path.
      const noId = join(tmp, 'split/libnoid.so');
      gcc(['-g', '-O2', '-shared', '-fPIC', '-Wl,--build-id=none', '-o', noId, 'lib.c']);
      execFileSync('objcopy', ['--only-keep-debug', noId, `${noId}.debug`]);
      execFileSync('objcopy', ['--strip-debug', `--add-gnu-debuglink=${noId}.debug`, noId]);
      const n = ElfFile.open(noId);
      const good = findLineDebugFile(n);
      expect(good?.path).toBe(`${noId}.debug`);
      good?.close();
      const d = readFileSync(`${noId}.debug`);
      d[d.length - 1]! ^= 0xff;
      writeFileSync(`${noId}.debug`, d);
      expect(findLineDebugFile(n), 'CRC mismatch must be refused').toBeUndefined();
      n.close();
    } finally {
      writeFileSync(bad, saved);
    }
    stripped.close();
    elf.close();
  });

  it('reads DWARF 5 file entries with directory indexes (full paths) and shares tables per module', () => {
    const elf = ElfFile.open(join(tmp, 'prog-dwarf5-O2'));
    const m = linesForModule(elf);
    expect(linesForModule(elf)).toBe(m);
    const nm = spawnSync('nm', [elf.path], { encoding: 'utf8' }).stdout;
    const main = parseInt(/^([0-9a-f]+) T main$/m.exec(nm)![1]!, 16);
    const hit = m.lineForAddress(main)!;
    expect(hit.file).toBe(join(tmp, 'main.c'));
    expect(hit.line).toBe(5);
    expect(m.lineForAddress(main)).toEqual(hit); // cached
    expect(m.lineForAddress(0)).toBeUndefined();
    elf.close();
  });
});

const libc = '/lib/x86_64-linux-gnu/libc.so.6';
const libcElf = existsSync(libc) ? ElfFile.open(libc) : undefined;
const libcDebug = libcElf?.buildId ? `/usr/lib/debug/.build-id/${libcElf.buildId.slice(0, 2)}/${libcElf.buildId.slice(2)}.debug` : undefined;
const haveLibcDebug = haveTools && !!libcDebug && existsSync(libcDebug);

describe.skipIf(!haveLibcDebug)('libc.so.6 through its build-id debug file', () => {
  it('agrees with addr2line on a sample of libc addresses', () => {
    const lines = new ModuleLines(libcElf!);
    const t0 = performance.now();
    const table = lines.lineTable;
    const ms = performance.now() - t0;
    expect(lines.debugFile).toBe(libcDebug);
    expect(table, lines.error).not.toBeNull();
    const dbg = ElfFile.open(libcDebug!);
    const addrs = sampleAddresses(dbg, 1500).filter((_, i) => i % 3 === 0);
    dbg.close();
    const r = compare((a) => lines.lineForAddress(a), libcDebug!, addrs);
    console.log(`[dwarf-line] libc.so.6: ${summary(r)} (${table!.units} units, ${table!.rowCount} rows, ${table!.skipped.length} units skipped, loaded in ${ms.toFixed(0)} ms)`);
    if (r.diffs.length) console.log(r.diffs.join('\n'));
    expect((r.binutils + r.llvmOnly) / r.total).toBeGreaterThanOrEqual(haveLlvm ? 0.99 : 0.9);
  });
});
if (!haveLibcDebug) console.log(`[dwarf-line] libc comparison skipped: ${haveTools ? `no debug file ${libcDebug ?? '(libc has no build-id)'} (libc6-dbg)` : 'gcc/addr2line/objcopy missing'}`);
if (!haveTools) console.log('[dwarf-line] addr2line comparisons skipped: gcc, addr2line or objcopy missing');
if (haveTools && !haveLlvm) console.log('[dwarf-line] llvm-addr2line missing (apt-get install llvm): binutils-only disagreements are not cross-checked, thresholds relaxed');

/** Writes integers of a chosen byte order. */
class Out {
  parts: number[] = [];
  constructor(readonly big: boolean) {}
  u8(...v: number[]): this {
    this.parts.push(...v.map((x) => x & 0xff));
    return this;
  }
  uN(v: number, n: number): this {
    const bytes: number[] = [];
    for (let i = 0; i < n; i++) bytes.push(Number((BigInt(v) >> BigInt(8 * i)) & 0xffn));
    return this.u8(...(this.big ? bytes.reverse() : bytes));
  }
  uleb(v: number): this {
    do {
      let b = v % 128;
      v = Math.floor(v / 128);
      if (v) b |= 0x80;
      this.u8(b);
    } while (v);
    return this;
  }
  sleb(v: number): this {
    for (;;) {
      const b = ((v % 128) + 128) % 128;
      v = Math.floor(v / 128);
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return this;
    }
  }
  str(s: string): this {
    return this.u8(...Buffer.from(s + '\0'));
  }
  buf(): Buffer {
    return Buffer.from(this.parts);
  }
}

const OPCODE_BASE = 14; // one opcode (13) beyond DWARF 4's twelve, taking two LEB128 operands
const LINE_BASE = -5;
const LINE_RANGE = 14;

/** A hand-assembled line program unit (version 2–4) with known rows. */
function syntheticUnit(version: number, dwarf64: boolean, big: boolean): Buffer {
  const o = () => new Out(big);
  const special = (addr: number, line: number) => (line - LINE_BASE) + LINE_RANGE * addr + OPCODE_BASE;
  const prog = o()
    .u8(0, 9, 2).uN(0x1000, 8) // set_address 0x1000
    .u8(3).sleb(9).u8(1) // line 10, copy → 0x1000 /src/a.c:10
    .u8(special(4, 1)) // 0x1004 :11
    .u8(13).uleb(300).uleb(7) // unknown standard opcode: operands skipped
    .u8(4).uleb(2).u8(3).sleb(100).u8(9).uN(0x10, 2).u8(1) // file 2, line 111, fixed_advance 0x10 → 0x1014 b.h:111
    .u8(8) // const_add_pc: +(255-14)/14 = 17 → 0x1025
    .u8(4).uleb(1).u8(3).sleb(-101).u8(1) // file 1, line 10 → 0x1025 a.c:10
    .u8(0, 5, 0x80, 1, 2, 3, 4) // unknown extended opcode: skipped
    .u8(2).uleb(0x0b).u8(0, 1, 1) // advance_pc → 0x1030, end_sequence
    .u8(0, 9, 2).uN(0x2000, 8).u8(1) // 0x2000 a.c:1
    .u8(3).sleb(4).u8(1) // same address again, line 5: the last row wins
    .u8(2).uleb(0x10).u8(0, 1, 1) // end at 0x2010
    .u8(0, 9, 2).uN(0, 8).u8(3).sleb(40).u8(1).u8(2).uleb(0x20).u8(0, 1, 1) // a discarded sequence at 0 (line 41)
    .buf();
  const hdr = o().u8(1); // minimum_instruction_length
  if (version >= 4) hdr.u8(1); // maximum_operations_per_instruction
  hdr.u8(1, LINE_BASE & 0xff, LINE_RANGE, OPCODE_BASE).u8(0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 2);
  hdr.str('/src').u8(0).str('a.c').uleb(1).uleb(0).uleb(0).str('b.h').uleb(0).uleb(0).uleb(0).u8(0);
  const header = hdr.buf();
  const off = dwarf64 ? 8 : 4;
  const body = Buffer.concat([o().uN(version, 2).uN(header.length, off).buf(), header, prog]);
  const len = dwarf64 ? o().uN(0xffffffff, 4).uN(body.length, 8).buf() : o().uN(body.length, 4).buf();
  return Buffer.concat([len, body]);
}

const SYNTHETIC_EXPECT: [number, string | undefined, number?][] = [
  [0xfff, undefined], [0x1000, '/src/a.c', 10], [0x1003, '/src/a.c', 10], [0x1004, '/src/a.c', 11], [0x1013, '/src/a.c', 11],
  [0x1014, 'b.h', 111], [0x1024, 'b.h', 111], [0x1025, '/src/a.c', 10], [0x102f, '/src/a.c', 10], [0x1030, undefined],
  [0x1fff, undefined], [0x2000, '/src/a.c', 5], [0x200f, '/src/a.c', 5], [0x2010, undefined], [0x10, undefined],
];

describe('hand-assembled line programs', () => {
  it('decodes every opcode kind the same in DWARF 2/3/4, 32/64-bit DWARF and either byte order', () => {
    let n = 0;
    for (const version of [2, 3, 4]) {
      for (const dwarf64 of [false, true]) {
        for (const big of [false, true]) {
          const unit = syntheticUnit(version, dwarf64, big);
          // Two copies of the unit: both parse, the table holds each sequence twice (duplicates are harmless).
          const t = LineTable.parse(Buffer.concat([unit, unit]), { little: !big });
          expect(t.units).toBe(2);
          expect(t.skipped).toEqual([]);
          for (const [a, file, line] of SYNTHETIC_EXPECT) {
            const got = t.lineForAddress(a);
            if (file === undefined) expect(got, `v${version} ${dwarf64 ? 64 : 32}-bit ${big ? 'BE' : 'LE'} 0x${a.toString(16)}`).toBeUndefined();
            else expect(got, `v${version} 0x${a.toString(16)}`).toEqual({ file, line });
            n++;
          }
          // Kept when asked (relocatable objects legitimately start at 0).
          expect(LineTable.parse(unit, { little: !big, dropAddressZero: false }).lineForAddress(0x10)).toEqual({ file: '/src/a.c', line: 41 });
        }
      }
    }
    console.log(`[dwarf-line] hand-assembled units: ${n} lookups in 12 encodings`);
  });

  it('skips a unit it cannot read and keeps the others; rejects impossible unit lengths', () => {
    const good = syntheticUnit(4, false, false);
    const v9 = Buffer.from(good);
    v9.writeUInt16LE(9, 4); // version 9
    const t = LineTable.parse(Buffer.concat([v9, good]));
    expect(t.units).toBe(1);
    expect(t.skipped[0]).toMatch(/unit at offset 0: unsupported DWARF line table version 9/);
    expect(t.lineForAddress(0x1004)).toEqual({ file: '/src/a.c', line: 11 });
    const long = Buffer.from(good);
    long.writeUInt32LE(good.length, 0);
    expect(() => LineTable.parse(long)).toThrow(ObjectFileError);
    expect(() => LineTable.parse(long)).toThrow(/claims \d+ bytes, only \d+ remain/);
    expect(() => LineTable.parse(Buffer.from([1, 0]))).toThrow(ObjectFileError);
  });
});

function mutate(base: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(base);
  const kind = Math.floor(rnd() * 5);
  const at = () => Math.floor(rnd() * b.length);
  if (kind === 0) return b.subarray(0, at()); // truncated
  const n = 1 + Math.floor(rnd() * 6);
  for (let i = 0; i < n; i++) {
    const p = at();
    if (kind === 1) b[p] = Math.floor(rnd() * 256);
    else if (kind === 2) b[p] = [0, 0xff, 0x80, 0x7f, 1][Math.floor(rnd() * 5)]!;
    else if (kind === 3 && p + 4 <= b.length) b.writeUInt32LE(Math.floor(rnd() * 0x100000000), p);
    else b[p]! ^= 1 << Math.floor(rnd() * 8);
  }
  return b;
}

describe('malformed .debug_line', () => {
  it('thousands of mutants parse or throw ObjectFileError, never anything else, never hang', () => {
    const rnd = seededRandom(0x5eed);
    const bases: { name: string; data: Buffer; lineStr?: Buffer; str?: Buffer; little: boolean }[] = [
      { name: 'synthetic v4', data: syntheticUnit(4, false, false), little: true },
      { name: 'synthetic v3 64-bit BE', data: syntheticUnit(3, true, true), little: false },
    ];
    for (const f of haveTools ? ['prog-dwarf5-O2', 'prog-dwarf4-O2', 'lib-dwarf3-O1.so'] : []) {
      const elf = ElfFile.open(join(tmp, f));
      bases.push({ name: f, data: debugSectionData(elf, '.debug_line')!, lineStr: debugSectionData(elf, '.debug_line_str'), str: debugSectionData(elf, '.debug_str'), little: true });
      elf.close();
    }
    let parsed = 0;
    let rejected = 0;
    let lookups = 0;
    const per = 1200;
    for (const base of bases) {
      for (let i = 0; i < per; i++) {
        const m = mutate(base.data, rnd);
        try {
          const t = LineTable.parse(m, { little: base.little, ...(base.lineStr ? { lineStr: base.lineStr } : {}), ...(base.str ? { str: base.str } : {}) });
          for (let k = 0; k < 8; k++) {
            const r = t.lineForAddress(Math.floor(rnd() * 0x3000));
            if (r) expect(typeof r.file === 'string' && Number.isInteger(r.line)).toBe(true);
            lookups++;
          }
          parsed++;
        } catch (e) {
          if (!(e instanceof ObjectFileError)) throw new Error(`${base.name} mutant ${i}: ${(e as Error).name}: ${(e as Error).message}`);
          rejected++;
        }
      }
    }
    console.log(`[dwarf-line] ${bases.length * per} mutated sections (${bases.map((b) => b.name).join(', ')}): ${parsed} parsed (${lookups} lookups), ${rejected} ObjectFileError`);
    expect(parsed + rejected).toBe(bases.length * per);
    expect(rejected).toBeGreaterThan(0);
  });

  it.skipIf(!haveTools)('mutated compressed sections and ELF files throw ObjectFileError or parse', () => {
    const rnd = seededRandom(42);
    const file = readFileSync(join(tmp, 'prog-dwarf5-gz'));
    const elf = ElfFile.fromBuffer(file, 'prog-dwarf5-gz');
    const sec = elf.section('.debug_line')!;
    expect((sec.flags & 0x800n) !== 0n).toBe(true);
    const lo = sec.fileOffset;
    const hi = sec.fileOffset + sec.fileSize;
    let parsed = 0;
    let rejected = 0;
    for (let i = 0; i < 600; i++) {
      const b = Buffer.from(file);
      const n = 1 + Math.floor(rnd() * 4);
      // Mostly the compressed section (header and stream), sometimes anywhere in the file.
      for (let k = 0; k < n; k++) {
        const p = rnd() < 0.8 ? lo + Math.floor(rnd() * (i % 3 === 0 ? 24 : hi - lo)) : Math.floor(rnd() * b.length);
        b[p] = Math.floor(rnd() * 256);
      }
      try {
        const t = loadLineTable(ElfFile.fromBuffer(b, 'mutant'));
        t?.lineForAddress(0x1139);
        parsed++;
      } catch (e) {
        if (!(e instanceof ObjectFileError)) throw new Error(`mutant ${i}: ${(e as Error).name}: ${(e as Error).message}`);
        rejected++;
      }
    }
    console.log(`[dwarf-line] 600 mutated -gz ELF files: ${parsed} parsed, ${rejected} ObjectFileError`);
    expect(rejected).toBeGreaterThan(0);
  });
});
