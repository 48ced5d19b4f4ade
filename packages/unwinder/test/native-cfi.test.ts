/**
 * .eh_frame parsing and the DW_CFA interpreter, checked against `readelf --debug-dump=frames-interp`
 * on real libraries (libc, pyenv's libpython3.12), plus pointer encodings and the PLT expression.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElfFile } from '../src/elf.js';
import {
  ByteReader,
  CallFrameInfo,
  describeRule,
  evaluateExpression,
  loadCallFrameInfo,
  NativeModule,
  RULE_OFFSET,
  X86_64,
} from '../src/native/index.js';

interface ReadelfRow {
  loc: number;
  cfa: string;
  cols: Map<string, string>;
}
interface ReadelfFde {
  offset: number;
  pcBegin: number;
  pcEnd: number;
  rows: ReadelfRow[];
}

function readelfFrames(path: string): ReadelfFde[] {
  // readelf exits 1 on some libraries (e.g. a warning about the separate debug file) but still prints the tables.
  const res = spawnSync('readelf', ['--debug-dump=frames-interp', path], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const text = res.stdout ?? '';
  if (!text.includes(' FDE ')) throw new Error(`readelf printed no FDEs for ${path}: ${res.stderr}`);
  const out: ReadelfFde[] = [];
  let cur: ReadelfFde | undefined;
  let header: string[] | undefined;
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{8,16}) [0-9a-f]+ [0-9a-f]+ FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.([0-9a-f]+)/.exec(line);
    if (m) {
      cur = { offset: parseInt(m[1]!, 16), pcBegin: parseInt(m[2]!, 16), pcEnd: parseInt(m[3]!, 16), rows: [] };
      out.push(cur);
      header = undefined;
      continue;
    }
    if (/^\S.* CIE /.test(line)) {
      cur = undefined;
      continue;
    }
    if (!cur) continue;
    if (/^\s+LOC\s+CFA/.test(line)) {
      header = line.trim().split(/\s+/).slice(2);
      continue;
    }
    const r = /^([0-9a-f]{16}) (\S+)\s*(.*)$/.exec(line);
    if (r && header) {
      const vals = r[3]!.trim().split(/\s+/).filter(Boolean);
      const cols = new Map<string, string>();
      header.forEach((h, i) => cols.set(h, vals[i] ?? ''));
      cur.rows.push({ loc: parseInt(r[1]!, 16), cfa: r[2]!, cols });
    }
  }
  return out;
}

const regNumber = (name: string): number => (name === 'ra' ? 16 : X86_64.names.indexOf(name));

function compareWithReadelf(path: string, samples: number): { fdes: number; rows: number; pcs: number } {
  const frames = readelfFrames(path).filter((f) => f.rows.length > 0);
  expect(frames.length).toBeGreaterThan(50);
  const elf = ElfFile.open(path);
  const mod = new NativeModule(elf);
  const cfi = mod.cfi!;
  expect(cfi, `${path}: no call frame information`).toBeTruthy();
  expect(cfi.hdr?.count ?? 0).toBeGreaterThan(0);
  const step = Math.max(1, Math.floor(frames.length / samples));
  // Always include the FDEs with the most rows (most instructions) besides an even spread.
  const picked = new Set<ReadelfFde>();
  for (let i = 0; i < frames.length; i += step) picked.add(frames[i]!);
  for (const f of frames.slice().sort((a, b) => b.rows.length - a.rows.length).slice(0, 10)) picked.add(f);
  let rows = 0;
  let pcs = 0;
  for (const f of picked) {
    const fde = cfi.findFde(f.pcBegin);
    expect(fde, `FDE for 0x${f.pcBegin.toString(16)}`).toBeDefined();
    expect(fde!.offset).toBe(f.offset);
    expect(fde!.pcEnd).toBe(f.pcEnd);
    f.rows.forEach((row, i) => {
      const next = i + 1 < f.rows.length ? f.rows[i + 1]!.loc : f.pcEnd;
      for (const pc of new Set([row.loc, Math.floor((row.loc + next - 1) / 2), next - 1])) {
        const ours = mod.row(pc);
        const where = `${path} pc 0x${pc.toString(16)} (FDE at 0x${f.offset.toString(16)})`;
        expect(ours, where).not.toBeNull();
        if (row.cfa === 'exp') expect(ours!.cfaExpression, where).not.toBeNull();
        else {
          const m = /^([a-z0-9]+)([+-]\d+)$/.exec(row.cfa)!;
          expect(`${X86_64.names[ours!.cfaRegister]}${ours!.cfaOffset >= 0 ? '+' : ''}${ours!.cfaOffset}`, where).toBe(`${m[1]}${m[2]}`);
        }
        for (const [name, rule] of row.cols) {
          const reg = regNumber(name);
          if (reg < 0) continue; // xmm etc.
          const mine = describeRule(ours!, reg);
          if (rule === 'u') expect(ours!.kind[reg] === RULE_OFFSET ? mine : 'u', `${where} ${name}`).toBe('u');
          else expect(mine, `${where} ${name}`).toBe(rule);
        }
        pcs++;
      }
      rows++;
    });
  }
  return { fdes: picked.size, rows, pcs };
}

const libc = ['/lib/x86_64-linux-gnu/libc.so.6', '/usr/lib/x86_64-linux-gnu/libc.so.6'].find(existsSync);
const libpython312 = join(homedir(), '.pyenv/versions/3.12.1/lib/libpython3.12.so.1.0');
const haveReadelf = (() => {
  try {
    execFileSync('readelf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('CFA rows against readelf --debug-dump=frames-interp', () => {
  it.skipIf(!libc || !haveReadelf || process.arch !== 'x64')(`libc (${libc ?? 'not found'})`, () => {
    const r = compareWithReadelf(libc!, 40);
    console.log(`[native-cfi] libc: ${r.fdes} FDEs, ${r.rows} readelf rows, ${r.pcs} pcs match`);
    expect(r.pcs).toBeGreaterThan(60);
  });

  it.skipIf(!existsSync(libpython312) || !haveReadelf || process.arch !== 'x64')(`libpython3.12 (${libpython312})`, () => {
    const r = compareWithReadelf(libpython312, 40);
    console.log(`[native-cfi] libpython3.12: ${r.fdes} FDEs, ${r.rows} readelf rows, ${r.pcs} pcs match`);
    expect(r.pcs).toBeGreaterThan(60);
  });

  it.skipIf(!libc)('the linear .eh_frame index finds the same FDEs as .eh_frame_hdr', () => {
    const elf = ElfFile.open(libc!);
    const cfi = loadCallFrameInfo(elf)!;
    const linear = new CallFrameInfo(cfi.ehFrame, undefined, undefined);
    const all = [...cfi.ehFrame!.fdes()];
    expect(all.length).toBe(cfi.hdr!.count);
    let checked = 0;
    for (let i = 0; i < all.length; i += 37) {
      const f = all[i]!;
      for (const pc of [f.pcBegin, f.pcEnd - 1]) {
        const a = cfi.findFde(pc);
        const b = linear.findFde(pc);
        expect(b?.offset, `pc 0x${pc.toString(16)}`).toBe(a?.offset);
        checked++;
      }
    }
    // Outside every FDE.
    expect(linear.findFde(0)).toBeUndefined();
    expect(cfi.findFde(0)).toBeUndefined();
    console.log(`[native-cfi] linear index vs .eh_frame_hdr: ${checked} lookups agree over ${all.length} FDEs`);
  });
});

describe('DW_EH_PE pointer encodings', () => {
  const bytes = (...b: number[]) => Buffer.from(b);
  it('decodes fixed and variable-size formats', () => {
    expect(new ByteReader(bytes(0xe5, 0x8e, 0x26)).uleb()).toBe(624485);
    expect(new ByteReader(bytes(0xc0, 0xbb, 0x78)).sleb()).toBe(-123456);
    expect(new ByteReader(bytes(0x7f)).sleb()).toBe(-1);
    const r = (enc: number, ...b: number[]) => new ByteReader(bytes(...b), 't').pointer(enc, { section: 0x1000, text: 0x2000, data: 0x3000 });
    expect(r(0x00, 1, 2, 3, 4, 5, 6, 0, 0)).toBe(0x060504030201); // absptr
    expect(r(0x01, 0x80, 0x01)).toBe(128); // uleb128
    expect(r(0x02, 0xff, 0xff)).toBe(0xffff); // udata2
    expect(r(0x03, 0xff, 0xff, 0xff, 0xff)).toBe(0xffffffff); // udata4
    expect(r(0x04, 0, 0, 0, 0, 1, 0, 0, 0)).toBe(2 ** 32); // udata8
    expect(r(0x09, 0x7e)).toBe(-2); // sleb128
    expect(r(0x0a, 0xfe, 0xff)).toBe(-2); // sdata2
    expect(r(0x0b, 0xfe, 0xff, 0xff, 0xff)).toBe(-2); // sdata4
    expect(r(0x0c, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)).toBe(-2); // sdata8
    expect(r(0x1b, 0xf0, 0xff, 0xff, 0xff)).toBe(0x1000 - 16); // pcrel sdata4
    expect(r(0x3b, 0x10, 0, 0, 0)).toBe(0x3010); // datarel sdata4
    expect(r(0x23, 0x10, 0, 0, 0)).toBe(0x2010); // textrel udata4
    expect(r(0xff)).toBeUndefined(); // omit
    // pcrel at a nonzero position: the base is the field's own address.
    const rd = new ByteReader(bytes(0, 0, 0, 0, 8, 0, 0, 0), 't', 4);
    expect(rd.pointer(0x1b, { section: 0x5000 })).toBe(0x5000 + 4 + 8);
    // indirect: the slot address is handed to the reader.
    const seen: number[] = [];
    const ind = new ByteReader(bytes(0x20, 0, 0, 0), 't').pointer(0x9b, { section: 0x100 }, (a) => (seen.push(a), 0xabc));
    expect(seen).toEqual([0x120]);
    expect(ind).toBe(0xabc);
    // aligned: skips to the next 8-byte boundary.
    const al = new ByteReader(bytes(9, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0), 't', 1);
    expect(al.pointer(0x50, { section: 0 })).toBe(7);
  });
});

describe('DWARF expressions', () => {
  // DW_OP_breg7 8; DW_OP_breg16 0; DW_OP_lit15; DW_OP_and; DW_OP_lit11; DW_OP_ge; DW_OP_lit3; DW_OP_shl; DW_OP_plus
  const plt = Buffer.from([0x77, 0x08, 0x80, 0x00, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22]);
  const ctx = (rsp: number, rip: number) => ({
    reg: (n: number) => (n === 7 ? rsp : n === 16 ? rip : undefined),
    read: () => undefined,
    bias: 0,
  });

  it('evaluates the PLT CFA rule (rsp+8, or rsp+16 after the push in the second half of a slot)', () => {
    const rsp = 0x7ffd_1234_5670;
    for (let off = 0; off < 16; off++) {
      expect(evaluateExpression(plt, ctx(rsp, 0x5555_0000_1020 + off)), `slot offset ${off}`).toBe(rsp + 8 + (off >= 11 ? 8 : 0));
    }
  });

  it.skipIf(!libc)('libc has that expression as the CFA rule of its .plt', () => {
    const elf = ElfFile.open(libc!);
    const plt = elf.section('.plt');
    if (!plt) return void console.log('[native-cfi] libc has no .plt section: PLT expression check skipped');
    const mod = new NativeModule(elf);
    const row = mod.row(Number(plt.address) + 16 + 12);
    expect(row?.cfaExpression ? [...row.cfaExpression] : undefined).toEqual([...Buffer.from([0x77, 0x08, 0x80, 0x00, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22])]);
  });

  it('supports stack, arithmetic, comparison, branch and deref ops', () => {
    const mem = new Map<number, number>([[0x1000, 0x4242]]);
    const c = { reg: (n: number) => (n === 6 ? 0x1000 : undefined), read: (a: number) => mem.get(a), bias: 0x10000 };
    const ev = (...b: number[]) => evaluateExpression(Buffer.from(b), c);
    expect(ev(0x76, 0x00, 0x06)).toBe(0x4242); // breg6 0; deref
    expect(ev(0x35, 0x37, 0x1c)).toBe(-2); // 5 7 minus
    expect(ev(0x35, 0x37, 0x16, 0x1c)).toBe(2); // swap
    expect(ev(0x10, 0xe5, 0x8e, 0x26, 0x12, 0x22)).toBe(624485 * 2); // constu dup plus
    expect(ev(0x31, 0x28, 0x02, 0x00, 0x39, 0x00, 0x3a)).toBe(10); // lit1 bra +2 (skip lit9 nop) lit10
    expect(ev(0x03, 0x10, 0, 0, 0, 0, 0, 0, 0)).toBe(0x10010); // addr + bias
    expect(ev(0x0e, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0x0e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x1a)).toBe(0x000f_0000_0000_0000); // and on 64-bit values
    expect(ev(0xe0)).toBeUndefined(); // unsupported op (GNU push_tls_address)
    expect(ev(0x75, 0x00)).toBeUndefined(); // unknown register
  });
});
