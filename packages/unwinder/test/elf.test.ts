/**
 * ELF parser against the real binaries on this machine: symbol values, section addresses and
 * build-ids must match what binutils' readelf computes for the same files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElfFile, openElf, openObjectFile, ObjectFileError } from '../src/index.js';
import { sidRoot } from '../../../tools/pythons/pythons.js';

interface ReadelfSym { value: bigint; size: bigint; type: string; bind: string; ndx: string; table: 'dynsym' | 'symtab' }

function readelfSymbols(path: string): Map<string, ReadelfSym[]> {
  const out = execFileSync('readelf', ['-Ws', path], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const map = new Map<string, ReadelfSym[]>();
  let table: 'dynsym' | 'symtab' = 'dynsym';
  for (const line of out.split('\n')) {
    if (line.startsWith("Symbol table '.dynsym'")) table = 'dynsym';
    else if (line.startsWith("Symbol table '.symtab'")) table = 'symtab';
    const m = /^\s*\d+: ([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+(\w+)\s+(\w+)\s+\w+\s+(\w+)\s+(\S+)/.exec(line);
    if (!m) continue;
    if (m[5] === 'UND' || m[3] === 'SECTION' || m[3] === 'FILE') continue;
    const name = m[6]!.replace(/@.*$/, '');
    const list = map.get(name) ?? [];
    list.push({ value: BigInt('0x' + m[1]), size: BigInt(m[2]!), type: m[3]!, bind: m[4]!, ndx: m[5]!, table });
    map.set(name, list);
  }
  return map;
}

function readelfSections(path: string): { name: string; type: string; address: bigint; offset: number; size: bigint }[] {
  const out = execFileSync('readelf', ['-SW', path], { encoding: 'utf8' });
  const res = [];
  for (const line of out.split('\n')) {
    const m = /^\s*\[\s*(\d+)\]\s+(\S*)\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)/.exec(line);
    if (!m || m[1] === '0') continue;
    res.push({ name: m[2]!, type: m[3]!, address: BigInt('0x' + m[4]), offset: parseInt(m[5]!, 16), size: BigInt('0x' + m[6]) });
  }
  return res;
}

function readelfBuildId(path: string): string | undefined {
  const out = execFileSync('readelf', ['-n', path], { encoding: 'utf8' });
  return /Build ID: ([0-9a-f]+)/.exec(out)?.[1];
}

const pyenv = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
const targets: string[] = [];
if (existsSync(pyenv)) {
  for (const v of readdirSync(pyenv).sort()) {
    const lib = join(pyenv, v, 'lib');
    if (!existsSync(lib)) continue;
    for (const f of readdirSync(lib)) if (/^libpython\d\.\d+m?\.so\.1\.0$/.test(f)) targets.push(join(lib, f));
  }
}
for (const p of ['/usr/bin/python3.11', ...['python3.13', 'python3.14', 'python3.14d', 'python3.15'].map((n) => join(sidRoot, 'usr/bin', n)),
  ...['libpython3.14.so.1.0', 'libpython3.14d.so.1.0'].map((n) => join(sidRoot, 'usr/lib/x86_64-linux-gnu', n)),
  '/lib/x86_64-linux-gnu/libc.so.6', '/bin/true']) {
  if (existsSync(p)) targets.push(realpathSync(p));
}
console.log(`[elf] files: ${targets.join(', ')}`);
if (targets.length < 5) console.log('[elf] SKIPPED: pyenv / sid-root interpreters missing (run tools/pythons/provision.sh)');

const INTERESTING = ['_PyRuntime', 'Py_GetVersion', '_PyEval_EvalFrameDefault', 'interp_head', 'PyEval_EvalFrameEx', 'Py_Version', 'PyThreadState_Get', 'malloc', 'main'];

describe('ELF against readelf', () => {
  it('found the binaries the tests are about', () => {
    expect(targets.some((t) => t.includes('libpython3.12'))).toBe(true);
    expect(targets.some((t) => t.endsWith('python3.11'))).toBe(true);
  });

  for (const path of targets) {
    it(path, () => {
      const f = openElf(path);
      expect(f.format).toBe('elf');
      expect(f.is64).toBe(true);
      // sections
      const secs = readelfSections(path);
      expect(f.sections.length - 1).toBe(secs.length);
      for (const s of secs) {
        const mine = f.sections.find((x) => x.name === s.name && x.fileOffset === s.offset)!;
        expect(mine, s.name).toBeDefined();
        expect(mine.address, s.name).toBe(s.address);
        expect(mine.size, s.name).toBe(s.size);
      }
      for (const n of ['.text', '.data', '.bss', '.eh_frame', '.eh_frame_hdr', '.dynsym']) expect(f.section(n), n).toBeDefined();
      // build-id
      expect(f.buildId).toBe(readelfBuildId(path));
      // symbols: the interesting ones, then a deterministic sample of all of them. The first 24
      // lookups of a table are answered by scanning it, the later ones by its name index: both checked.
      const ref = readelfSymbols(path);
      const checked: string[] = [];
      const names = [...ref.keys()];
      const sample = names.filter((_, i) => i % Math.max(1, Math.floor(names.length / 300)) === 0);
      for (const name of [...INTERESTING, ...sample]) {
        const want = ref.get(name);
        const got = f.symbol(name);
        if (!want) { expect(got, name).toBeUndefined(); continue; }
        expect(got, name).toBeDefined();
        // dynsym wins when both tables define it; otherwise any definition readelf lists
        const dyn = want.filter((w) => w.table === 'dynsym');
        const pool = dyn.length ? dyn : want;
        expect(pool.map((w) => w.value), name).toContain(got!.value);
        const match = pool.find((w) => w.value === got!.value)!;
        expect(got!.size, name).toBe(match.size);
        expect(got!.table, name).toBe(match.table);
        if (INTERESTING.includes(name)) checked.push(name);
      }
      const ver = /python(\d)\.(\d+)/.exec(path);
      if (ver) {
        const minor = Number(ver[1]) * 100 + Number(ver[2]);
        expect(checked).toContain('Py_GetVersion');
        if (minor >= 307) expect(checked).toContain('_PyRuntime');
        if (minor >= 312) expect(f.section('.PyRuntime')).toBeDefined();
        const pyr = f.section('.PyRuntime');
        if (pyr) expect(pyr.address).toBe(f.symbol('_PyRuntime')!.value);
      }
      if (path.includes('libpython2.7') || path.includes('libpython3.6m')) {
        expect(checked).toContain('interp_head'); // a static: only in .symtab
        expect(f.symbol('interp_head')!.table).toBe('symtab');
      }
      if (path.includes('libpython2.7')) expect(checked).toContain('PyEval_EvalFrameEx');
      console.log(`[elf] ${path}: ${checked.join(' ')} + ${sample.length} sampled symbols match readelf`);
      // nearest preceding function
      const gv = f.symbol('Py_GetVersion') ?? f.symbol('malloc');
      if (gv) {
        const hit = f.symbolForAddress(gv.value + 3n)!;
        expect(hit.symbol.value).toBe(gv.value);
        expect(hit.offset).toBe(3);
      }
    });
  }

  it("Debian's stripped python3.11 resolves through .dynsym only and names its debug file", () => {
    if (!existsSync('/usr/bin/python3.11')) return console.log('[elf] SKIPPED: /usr/bin/python3.11 missing');
    const f = ElfFile.open('/usr/bin/python3.11');
    expect(f.hasSymtab).toBe(false);
    expect(f.symbol('_PyRuntime')!.table).toBe('dynsym');
    const out = execFileSync('readelf', ['-x', '.gnu_debuglink', '/usr/bin/python3.11'], { encoding: 'utf8' });
    const hex = [...out.matchAll(/^\s+0x[0-9a-f]+ ((?:[0-9a-f]{2,8} ){1,4})/gm)].map((m) => m[1]!.replace(/ /g, '')).join('');
    const bytes = Buffer.from(hex, 'hex');
    const name = bytes.toString('latin1', 0, bytes.indexOf(0));
    expect(f.debugLink).toEqual({ name, crc: bytes.readUInt32LE((name.length + 4) & ~3) });
    expect(name).toMatch(/\.debug$/);
    f.close();
  });

  it('load bias arithmetic for PIE, non-PIE and shared objects', () => {
    const lib = targets.find((t) => t.includes('libpython3.12'));
    if (!lib) return console.log('[elf] SKIPPED: no libpython3.12');
    const f = openElf(lib);
    expect(f.loadBias(0x7f0000000000, 0)).toBe(0x7f0000000000);
    // the r-x mapping of the second PT_LOAD gives the same bias
    const text = f.loadSegments[1]!;
    const aligned = text.offset - (text.offset % 4096);
    expect(f.loadBias(0x7f0000000000 + Number(text.vaddr) - (text.offset - aligned), aligned)).toBe(0x7f0000000000);
    if (existsSync('/usr/bin/python3.11')) {
      const exe = openElf('/usr/bin/python3.11');
      expect(exe.type).toBe(2); // ET_EXEC: not PIE
      expect(exe.loadBias(Number(exe.loadSegments[0]!.vaddr), 0)).toBe(0);
    }
  });

  it('the parsed-file cache returns the same object and files of other formats are refused by openElf', () => {
    const lib = targets[0]!;
    expect(openObjectFile(lib)).toBe(openObjectFile(lib));
    expect(() => openElf(join(import.meta.dirname, 'fixtures', 'fixture64.dll'))).toThrow(ObjectFileError);
    expect(() => openElf('/nonexistent/libfoo.so')).toThrow(/libfoo\.so: cannot be opened \(ENOENT\)/);
  });
});
