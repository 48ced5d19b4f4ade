/**
 * Robustness: thousands of randomly corrupted and truncated copies of a real ELF (/bin/true), a
 * synthetic ELF core, and the Mach-O/PE fixtures must parse or fail with ObjectFileError (core
 * reads: BadAddress) — never another exception, never a hang. Seeded, so failures reproduce.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadAddress } from '@pyglass/memory-reader';
import { ElfCore, ElfFile, MachOFile, ObjectFileError, PeFile, parseObjectBuffer } from '../src/index.js';
import { seededRandom } from '../../../tools/testing/random.js';

/** A small ELF core: header, PT_NOTE (PRPSINFO, PRSTATUS, FILE), two PT_LOADs. */
function syntheticCore(): Buffer {
  const note = (type: number, desc: Buffer) => {
    const h = Buffer.alloc(12 + 8);
    h.writeUInt32LE(5, 0); h.writeUInt32LE(desc.length, 4); h.writeUInt32LE(type, 8); h.write('CORE', 12);
    return Buffer.concat([h, desc, Buffer.alloc((4 - (desc.length % 4)) % 4)]);
  };
  const ps = Buffer.alloc(136); ps.writeInt32LE(4242, 24); ps.write('python3', 40); ps.write('python3 x.py', 56);
  const st = Buffer.alloc(336); st.writeInt32LE(4242, 32); st.writeBigUInt64LE(0x401000n, 112 + 16 * 8);
  const fl = Buffer.alloc(16 + 24 + 16); fl.writeBigUInt64LE(1n, 0); fl.writeBigUInt64LE(4096n, 8);
  fl.writeBigUInt64LE(0x400000n, 16); fl.writeBigUInt64LE(0x401000n, 24); fl.write('/bin/true', 40);
  const notes = Buffer.concat([note(3, ps), note(1, st), note(0x46494c45, fl)]);
  const phoff = 64, nph = 3, dataOff = phoff + nph * 56;
  const buf = Buffer.alloc(dataOff + notes.length + 64);
  buf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  buf.writeUInt16LE(4, 16); buf.writeUInt16LE(62, 18); buf.writeBigUInt64LE(BigInt(phoff), 32);
  buf.writeUInt16LE(64, 52); buf.writeUInt16LE(56, 54); buf.writeUInt16LE(nph, 56);
  const ph = (i: number, type: number, off: number, vaddr: number, filesz: number, memsz: number) => {
    const o = phoff + i * 56;
    buf.writeUInt32LE(type, o); buf.writeBigUInt64LE(BigInt(off), o + 8); buf.writeBigUInt64LE(BigInt(vaddr), o + 16);
    buf.writeBigUInt64LE(BigInt(filesz), o + 32); buf.writeBigUInt64LE(BigInt(memsz), o + 40);
  };
  ph(0, 4, dataOff, 0, notes.length, 0);
  ph(1, 1, dataOff + notes.length, 0x600000, 32, 0x1000);
  ph(2, 1, dataOff + notes.length + 32, 0x700000, 32, 32);
  notes.copy(buf, dataOff);
  return buf;
}

const fixtures = join(import.meta.dirname, 'fixtures');
const bases: { name: string; data: Buffer }[] = [];
if (existsSync('/bin/true')) bases.push({ name: 'true', data: readFileSync('/bin/true') });
else console.log('[mutation] SKIPPED /bin/true: not present');
bases.push({ name: 'core', data: syntheticCore() });
for (const f of ['macho-x86_64.o', 'libfixture-x86_64.dylib', 'libfixture-fat.dylib', 'fixture64.dll', 'fixture32.dll']) {
  bases.push({ name: f, data: readFileSync(join(fixtures, f)) });
}

/** Uses the parsed file the way pyglass does; every lookup must finish. */
function exercise(f: ReturnType<typeof parseObjectBuffer>): void {
  for (const s of f.sections) {
    void f.section(s.name);
    if (s.fileSize < 1 << 20) f.sectionData(s);
  }
  for (const n of ['main', '_PyRuntime', 'Py_GetVersion', 'PyRuntime', '.text', '__bss', 'pyglass_call', 'exit']) {
    void f.symbol(n);
    void f.section(n);
  }
  void f.buildId;
  if (f instanceof ElfFile) {
    void f.debugLink;
    void f.symbolForAddress(0x1000n);
    void f.notes();
    void f.loadBias(0x400000, 0);
  }
  if (f instanceof MachOFile) f.allSymbols();
  if (f instanceof PeFile) f.allExports();
  if (f instanceof ElfCore) {
    const mem = f.memory();
    for (const a of [0x600000, 0x600ff8, 0x700000, 0x400000, 0]) {
      try {
        mem.read(a, 16);
      } catch (e) {
        if (!(e instanceof BadAddress)) throw e;
      }
    }
    void f.threads.length;
  }
}

function mutate(rand: () => number, src: Buffer): Buffer {
  const r = rand();
  if (r < 0.2) return Buffer.from(src.subarray(0, Math.floor(rand() * src.length)));
  const buf = Buffer.from(src);
  const edits = 1 + Math.floor(rand() * 12);
  for (let i = 0; i < edits; i++) {
    // bias towards headers and tables at the start, but hit everything
    const pos = rand() < 0.6 ? Math.floor(rand() * Math.min(buf.length, 1024)) : Math.floor(rand() * buf.length);
    const k = rand();
    if (k < 0.4) buf[pos] = Math.floor(rand() * 256);
    else if (k < 0.7 && pos + 4 <= buf.length) buf.writeUInt32LE([0xffffffff, 0x80000000, 0x7fffffff, 0, 1, buf.length, buf.length - 1][Math.floor(rand() * 7)]!, pos);
    else if (pos + 8 <= buf.length) buf.writeBigUInt64LE([0xffffffffffffffffn, 0x8000000000000000n, BigInt(buf.length), 0n][Math.floor(rand() * 4)]!, pos);
    else buf[pos] ^= 0xff;
  }
  return buf;
}

describe('corrupted object files', () => {
  it('10,000 mutants throw only ObjectFileError', () => {
    const rand = seededRandom(Number(process.env.PYGLASS_MUTATION_SEED ?? 0x5eed1e55));
    const outcomes: Record<string, { ok: number; rejected: number }> = {};
    for (let i = 0; i < Number(process.env.PYGLASS_MUTANTS ?? 10_000); i++) {
      const base = bases[i % bases.length]!;
      const data = mutate(rand, base.data);
      const o = (outcomes[base.name] ??= { ok: 0, rejected: 0 });
      try {
        exercise(parseObjectBuffer(data, `${base.name}#${i}`));
        o.ok++;
      } catch (e) {
        if (!(e instanceof ObjectFileError)) {
          throw new Error(`mutant ${i} of ${base.name} threw ${(e as Error).name}: ${(e as Error).message}\n${(e as Error).stack}`);
        }
        expect(e.message.startsWith(`${base.name}#${i}: `)).toBe(true);
        o.rejected++;
      }
    }
    console.log(`[mutation] ${Object.entries(outcomes).map(([k, v]) => `${k}: ${v.ok} parsed, ${v.rejected} rejected`).join('; ')}`);
    // both outcomes happen for every base: the mutations are neither all harmless nor all fatal
    for (const v of Object.values(outcomes)) {
      expect(v.rejected).toBeGreaterThan(0);
      expect(v.ok).toBeGreaterThan(0);
    }
  });

  it('the synthetic core parses as built', () => {
    const c = ElfCore.fromBuffer(syntheticCore(), 'synthetic');
    expect(c.pid).toBe(4242);
    expect(c.processInfo!.fname).toBe('python3');
    expect(c.threads[0]!.registers!.pc).toBe(0x401000);
    expect(c.files).toEqual([{ start: 0x400000, end: 0x401000, offset: 0, path: '/bin/true' }]);
    expect(c.memory().read(0x600ff0, 16).equals(Buffer.alloc(16))).toBe(true);
  });
});
