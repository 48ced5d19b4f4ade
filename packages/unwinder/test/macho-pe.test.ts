/** Mach-O and PE parsers against the committed fixtures and what LLVM's tools said about them (fixtures/expected.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MachOFile, PeFile, ObjectFileError, openObjectFile, parseObjectBuffer } from '../src/index.js';

const dir = join(import.meta.dirname, 'fixtures');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

interface ExpSection { name: string; segment?: string; address: number; size: number }
interface ExpMachO { sections: ExpSection[]; symbols: Record<string, number>; uuid: string | null }

function checkMachO(f: MachOFile, exp: ExpMachO): void {
  expect(f.sections.map((s) => ({ name: s.name, segment: s.segment, address: Number(s.address), size: Number(s.size) })))
    .toEqual(exp.sections.map((s) => ({ name: s.name, segment: s.segment, address: s.address, size: s.size })));
  for (const [raw, value] of Object.entries(exp.symbols)) {
    const stripped = raw.startsWith('_') ? raw.slice(1) : raw;
    const sym = f.symbol(stripped);
    expect(sym, stripped).toBeDefined();
    expect(sym!.rawName).toBe(raw);
    expect(Number(sym!.value)).toBe(value);
  }
  expect(f.buildId).toBe(exp.uuid ?? undefined);
  // py-spy's lookups: the PyRuntime section in __DATA and the BSS.
  const pyr = f.section('__DATA,PyRuntime')!;
  expect(pyr).toBeDefined();
  expect(Number(pyr.address)).toBe(exp.symbols['__PyRuntime']);
  expect(f.section('PyRuntime')).toBe(pyr);
  expect(f.section('__bss')!.fileSize).toBe(0);
  expect(f.section('__DATA,__bss')).toBe(f.section('__bss'));
  expect(f.section('__TEXT,PyRuntime')).toBeUndefined();
  // the section holds the initialiser: cookie 0x70796768 first
  expect(f.sectionData(pyr).readUInt32LE(0)).toBe(0x70796768);
}

describe('Mach-O', () => {
  for (const name of ['macho-x86_64.o', 'macho-arm64.o', 'libfixture-x86_64.dylib']) {
    it(`${name} matches llvm-readobj / llvm-nm`, () => {
      const f = openObjectFile(join(dir, name));
      expect(f).toBeInstanceOf(MachOFile);
      checkMachO(f as MachOFile, expected[name]);
      expect((f as MachOFile).fileType).toBe(name.endsWith('.o') ? 1 : 6);
      expect((f as MachOFile).arch).toBe(name.includes('arm64') ? 'arm64' : 'x86_64');
    });
  }

  it('symbol() accepts the raw "_" name too and skips undefined/debug symbols', () => {
    const f = MachOFile.open(join(dir, 'libfixture-x86_64.dylib'));
    expect(f.symbol('_Py_GetVersion')).toBe(f.symbol('Py_GetVersion'));
    expect(f.symbol('helper')).toBeUndefined(); // inlined static
    expect(f.symbol('nope')).toBeUndefined();
    f.close();
  });

  it('fat file: selects each architecture', () => {
    for (const arch of ['x86_64', 'arm64'] as const) {
      const f = MachOFile.open(join(dir, 'libfixture-fat.dylib'), arch);
      expect(f.fatArchs.map((a) => a.arch)).toEqual(['x86_64', 'arm64']);
      expect(f.arch).toBe(arch);
      checkMachO(f, expected['libfixture-fat.dylib'][arch]);
      f.close();
    }
  });

  it('fat file assembled in the test from two thin objects (FAT_MAGIC, big-endian header)', () => {
    const a = readFileSync(join(dir, 'macho-x86_64.o'));
    const b = readFileSync(join(dir, 'macho-arm64.o'));
    const offA = 4096;
    const offB = offA + Math.ceil(a.length / 4096) * 4096;
    const fat = Buffer.alloc(offB + b.length);
    fat.writeUInt32BE(0xcafebabe, 0);
    fat.writeUInt32BE(2, 4);
    [[0x01000007, 3, offA, a.length], [0x0100000c, 0, offB, b.length]].forEach(([cpu, sub, off, size], i) => {
      const o = 8 + i * 20;
      fat.writeUInt32BE(cpu!, o); fat.writeUInt32BE(sub!, o + 4); fat.writeUInt32BE(off!, o + 8); fat.writeUInt32BE(size!, o + 12); fat.writeUInt32BE(12, o + 16);
    });
    a.copy(fat, offA);
    b.copy(fat, offB);
    checkMachO(parseObjectBuffer(fat, 'fat.o', { arch: 'arm64' }) as MachOFile, expected['macho-arm64.o']);
    checkMachO(parseObjectBuffer(fat, 'fat.o', { arch: 'x86_64' }) as MachOFile, expected['macho-x86_64.o']);
    expect(() => MachOFile.fromBuffer(fat.subarray(0, 48), 'cut.o')).toThrow(ObjectFileError);
  });
});

describe('PE', () => {
  for (const name of ['fixture64.dll', 'fixture32.dll', 'fixture64-longnames.dll']) {
    it(`${name} matches llvm-readobj`, () => {
      const exp = expected[name];
      const f = openObjectFile(join(dir, name));
      expect(f).toBeInstanceOf(PeFile);
      const pe = f as PeFile;
      expect(pe.is64).toBe(exp.pe32plus);
      expect(Number(pe.imageBase)).toBe(exp.imageBase);
      expect(pe.sections.map((s) => ({ name: s.name, address: Number(s.address), size: Number(s.size) })))
        .toEqual(exp.sections.map((s: ExpSection) => ({ name: s.name, address: s.address, size: s.size })));
      const exports = Object.fromEntries(pe.allExports().map((e) => [e.name, Number(e.value)]));
      expect(exports).toEqual(exp.exports);
      // The runtime section: 8-char truncated name in stripped images, long name otherwise; both lookups work.
      const pyr = pe.section('PyRuntime')!;
      expect(pyr.name).toBe(name.includes('longnames') ? 'PyRuntime' : 'PyRuntim');
      expect(pe.section('PyRuntim')?.index ?? pyr.index).toBe(pyr.index);
      const runtimeExport = pe.symbol('_PyRuntime')!;
      expect(runtimeExport.value).toBe(pyr.address);
      expect(pe.sectionData(pyr).readUInt32LE(0)).toBe(0x70796768);
      expect(pe.section('.bss')!.fileSize).toBe(0);
      expect(pe.symbol('Py_GetVersion')!.value).toBe(BigInt(exp.exports.Py_GetVersion));
      expect(pe.symbol('missing')).toBeUndefined();
      expect(pe.dllName).toMatch(/fixture(64|32)(-longnames)?\.dll/);
    });
  }

  it('rejects a file that is not PE', () => {
    expect(() => PeFile.fromBuffer(Buffer.alloc(128), 'zeros.dll')).toThrow(/zeros\.dll: is not a PE file/);
    expect(() => parseObjectBuffer(Buffer.from('hello world, not an object'), 'x.bin')).toThrow(ObjectFileError);
  });
});
