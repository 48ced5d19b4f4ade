/**
 * Mutation test of the locals repr decoders (ObjectReader.repr: dict/list/tuple/str/int/float/bytes)
 * against corrupted target memory. A real Python sleeping in a function with locals of every type is
 * dumped with gcore; the core (a real ProcessMemory: unwinder's CoreMemory over the core's bytes) is
 * then corrupted around the locals' objects — bit flips, random bytes, header words (type pointer,
 * ob_size, string length/state, dict keys) set to odd values, pointers swapped to other locals or to
 * the object itself (cycles) — and dumped again with locals on. Every case must finish, give bounded
 * string reprs, and throw nothing but the sampler's typed errors.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ElfCore } from '@pyglass/unwinder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPythons, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { CoreSpy } from '../src/core.js';
import type { ObjectReader } from '../src/objects/objects.js';
import type { LocalVariable } from '../src/types.js';
import { seededRandom } from '../../../tools/testing/random.js';

const SCRIPT = `
import sys, time
class Custom(object):
    pass
def fuzz_target():
    local_list = [-1234, 5678]
    local_tuple = ("a", "b", ("c", 3))
    local_nested = {"a": [1, 2, {"x": (None, True)}], "b": (1.5, -2), "c": {"d": ["e" * 40] * 5}}
    local_long = "x" * 300
    local_unicode = u"\\u00e9t\\u00e9 \\u20ac \\U0001f4a9" * 3
    local_bytes = b"ab\\x00'\\\\cd" * 4
    local_big = 2 ** 100
    local_neg = -5
    local_float = 3.1415
    local_none = None
    local_bool = False
    local_obj = Custom()
    local_cycle = [1, "two"]
    local_cycle.append(local_cycle)
    sys.stdout.write("READY\\n")
    sys.stdout.flush()
    time.sleep(100000)
fuzz_target()
`;

/** Error names the sampler may throw for garbage memory (sampler errors.ts, core.ts, objects.ts, pagecache.ts; memory-reader errors.ts; unwinder). */
const TYPED_ERRORS = new Set([
  'GarbageObject', 'ReadFault', 'CoreFileError', 'SamplingFailed', 'InterpreterNotFound', 'NotPythonProcess',
  'UnsupportedPythonVersion', 'MemoryReaderError', 'BadAddress', 'CoreBadAddress', 'ProcessExited', 'ObjectFileError',
]);

const pythons = findPythons();
const gcoreAvailable = existsSync('/usr/bin/gcore');
const plan: Array<[string, number]> = [['3.12', 900], ['3.9', 300], ['2.7', 300]];
const picked = plan.map(([l, n]) => [pythons.find((p) => p.label === l), n] as const)
  .filter((x): x is readonly [PythonInterpreter, number] => x[0] !== undefined);
console.log(`[fuzz-locals] interpreters: ${picked.map(([p, n]) => `${p.label} (${n} cases)`).join(', ') || 'none'}; not provisioned: ${plan.filter(([l]) => !picked.some(([p]) => p.label === l)).map(([l]) => l).join(', ') || 'none'}${gcoreAvailable ? '' : '; SKIPPED: gcore (gdb) is not installed (tools/pythons/provision.sh installs it)'}`);

interface Target { label: string; cases: number; core: string; buf: Buffer; spy: CoreSpy; baseline: LocalVariable[] }

const work = mkdtempSync(join(tmpdir(), 'pyglass-fuzz-locals-'));
const children: ChildProcess[] = [];
const targets = new Map<string, Target>();

function findLocals(spy: CoreSpy): LocalVariable[] | undefined {
  for (const t of spy.getStackTraces()) {
    const f = t.frames.find((x) => x.name === 'fuzz_target');
    if (f) return f.locals ?? [];
  }
  return undefined;
}

beforeAll(async () => {
  if (!gcoreAvailable) return;
  const script = join(work, 'fuzz_locals.py');
  writeFileSync(script, SCRIPT);
  for (const [py, cases] of picked) {
    const child = spawnPython(py, script);
    children.push(child);
    await waitForOutput(child, 'READY', 120_000);
    const pid = child.pid!;
    execFileSync('gcore', ['-o', join(work, `core-${py.label}`), String(pid)], { stdio: 'ignore', timeout: 60_000 });
    child.kill('SIGKILL');
    const core = join(work, `core-${py.label}.${pid}`);
    const buf = readFileSync(core);
    const spy = CoreSpy.fromCore(ElfCore.fromBuffer(buf, core), { dumpLocals: 1, root: py.root });
    targets.set(py.label, { label: py.label, cases, core, buf, spy, baseline: findLocals(spy) ?? [] });
  }
}, 120_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const t of targets.values()) t.spy.close();
  rmSync(work, { recursive: true, force: true });
});

describe.runIf(gcoreAvailable && picked.length > 0).each(picked.map(([p]) => [p.label] as const))('locals reprs over a corrupted core of %s', (label) => {
  it('the intact core gives the expected reprs', () => {
    const t = targets.get(label)!;
    const byName = new Map(t.baseline.map((l) => [l.name, l.repr]));
    expect(byName.get('local_list')).toBe('[-1234, 5678]');
    expect(byName.get('local_tuple')).toBe('("a", "b", ("c", 3))');
    expect(byName.get('local_big')).toBe('1267650600228229401496703205376');
    expect(byName.get('local_neg')).toBe('-5');
    expect(byName.get('local_float')).toBe('3.1415');
    expect(byName.get('local_none')).toBe('None');
    expect(byName.get('local_bool')).toBe('False');
    expect(byName.get('local_obj')).toMatch(/^<Custom at 0x[0-9a-f]+>$/);
    expect(byName.get('local_long')).toMatch(/^"x{100,}\.\.\."$/);
    if (t.label !== '2.7') expect(byName.get('local_nested')).toMatch(/^\{"a": \[1, 2, \{"x": \(None, True\)\}\], "b": \(1\.5, -2\)/);
    expect(t.baseline.every((l) => l.addr > 0)).toBe(true);
  });

  it('corrupted memory around the locals: every case ends, reprs stay bounded, only typed errors', () => {
    const t = targets.get(label)!;
    const rand = seededRandom(0x5eed ^ label.length * 7919 ^ label.charCodeAt(0));
    const int = (n: number) => Math.floor(rand() * n);
    const segs = t.spy.core.memorySegments;
    const fileOffset = (addr: number): number => {
      const s = segs.find((x) => addr >= x.vaddr && addr + 8 <= x.vaddr + x.filesz);
      return s ? s.offset + (addr - s.vaddr) : -1;
    };
    const addrs = t.baseline.map((l) => l.addr);
    const objs = (t.spy as unknown as { objects: ObjectReader }).objects;
    const odd = [0n, 1n, 0xffffffffffffffffn, 0x7fffffffffffffffn, 0x8000000000000000n, 0x80000000n, 0xffffffffn, 0x10000n, 255n, 3n, 0x4000000000000000n];
    const stats = { reprs: 0, questionMarks: 0, typedErrors: 0, directErrors: new Map<string, number>() };
    let slowest = 0;
    const failures: string[] = [];

    for (let c = 0; c < t.cases; c++) {
      const dumpLocals = 1 + (c % 2);
      const saved: Array<[number, Buffer]> = [];
      const write = (off: number, bytes: Buffer) => {
        saved.push([off, Buffer.from(t.buf.subarray(off, off + bytes.length))]);
        bytes.copy(t.buf, off);
      };
      const nMut = 1 + int(4);
      const what: string[] = [];
      for (let k = 0; k < nMut; k++) {
        const base = addrs[int(addrs.length)]!;
        const kind = int(5);
        let addr: number;
        if (kind === 3) addr = base + 8 * int(6); // a header word: refcnt, type, ob_size / length, state, ma_keys…
        else addr = base + int(8192) - 4096;
        if (kind >= 2) addr -= addr % 8;
        const off = fileOffset(addr);
        if (off < 0) continue;
        const b = Buffer.alloc(8);
        if (kind === 0) { // flip one bit
          const byte = t.buf[off]! ^ (1 << int(8));
          write(off, Buffer.from([byte]));
          what.push(`flip@0x${addr.toString(16)}`);
        } else if (kind === 1) { // random bytes
          const n = 1 + int(8);
          write(off, Buffer.from(Array.from({ length: n }, () => int(256))));
          what.push(`rand${n}@0x${addr.toString(16)}`);
        } else if (kind === 2 || kind === 4) { // pointer to another local, or to the object holding the slot (cycle)
          const p = kind === 4 ? base : addrs[int(addrs.length)]!;
          b.writeBigUInt64LE(BigInt(p));
          write(off, b);
          what.push(`ptr@0x${addr.toString(16)}=0x${p.toString(16)}`);
        } else { // header word set to an odd value
          b.writeBigUInt64LE(odd[int(odd.length)]!);
          write(off, b);
          what.push(`word@0x${addr.toString(16)}=0x${b.readBigUInt64LE().toString(16)}`);
        }
      }
      const limit = 128 * dumpLocals;
      const started = performance.now();
      try {
        (t.spy as unknown as { options: { dumpLocals: number } }).options.dumpLocals = dumpLocals;
        const locals = findLocals(t.spy) ?? [];
        for (const l of locals) {
          if (typeof l.repr !== 'string' || l.repr.length > limit) failures.push(`case ${c} [${what.join(' ')}]: ${l.name} repr ${typeof l.repr} of ${String(l.repr?.length)} chars (limit ${limit})`);
          else if (l.repr === '?') stats.questionMarks++;
          else stats.reprs++;
        }
      } catch (e) {
        const name = (e as Error).name;
        if (TYPED_ERRORS.has(name)) stats.typedErrors++;
        else failures.push(`case ${c} [${what.join(' ')}]: dump threw ${name}: ${(e as Error).message}`);
      }
      // the decoder itself, without the reader's catch-all: only typed errors may escape it
      for (const a of addrs) {
        objs.m.reset();
        try {
          const r = objs.repr(a, 128 * dumpLocals);
          if (r.length > limit) failures.push(`case ${c} [${what.join(' ')}]: repr(0x${a.toString(16)}) of ${r.length} chars (limit ${limit})`);
        } catch (e) {
          const name = (e as Error).name;
          stats.directErrors.set(name, (stats.directErrors.get(name) ?? 0) + 1);
          if (!TYPED_ERRORS.has(name)) failures.push(`case ${c} [${what.join(' ')}]: repr(0x${a.toString(16)}) threw ${name}: ${(e as Error).message}`);
        }
      }
      const took = performance.now() - started;
      slowest = Math.max(slowest, took);
      if (took > 2000) failures.push(`case ${c} [${what.join(' ')}]: took ${Math.round(took)} ms`);
      for (let i = saved.length - 1; i >= 0; i--) saved[i]![1].copy(t.buf, saved[i]![0]);
    }
    console.log(`[fuzz-locals] ${label}: ${t.cases} cases, ${stats.reprs} reprs, ${stats.questionMarks} "?" reprs, ${stats.typedErrors} dumps with typed errors; direct repr errors: ${[...stats.directErrors].map(([n, k]) => `${n} ${k}`).join(', ') || 'none'}; slowest case ${Math.round(slowest)} ms; ${failures.length} failures`);
    expect(failures.slice(0, 20)).toEqual([]);
    // the corruption is undone after each case: the intact core reads as before
    (t.spy as unknown as { options: { dumpLocals: number } }).options.dumpLocals = 1;
    expect(findLocals(t.spy)?.map((l) => l.repr)).toEqual(t.baseline.map((l) => l.repr));
  }, 60_000);
});
