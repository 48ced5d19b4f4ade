/**
 * The asyncio tables against live interpreters: fixtures/asyncio_probe.py builds a task suspended in
 * mid() → leaf() → sleep(), awaited by a second task, plus a weakref, a set, a closure, bound methods
 * and a functools.partial, and prints their id()s; the test reads each field the table locates out
 * of the running process and compares it with what the target printed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readMemory } from '@pyglass/memory-reader';
import { findPythons, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import {
  ASYNCIO_DEBUG_OFFSETS_SIZE, InvalidAsyncioDebugOffsets, asyncioLayoutFor, asyncioLayouts, decodeAsyncioDebugOffsets, layoutFor,
} from '../src/index.js';

/**
 * The bytes of the target's `.AsyncioDebug` section, read from its memory: the section's address
 * (readelf) plus the load address of the file that has it (the _asyncio extension on 3.14, the
 * interpreter on 3.15).
 */
function asyncioDebugBytes(pid: number): Uint8Array | undefined {
  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n').map((l) => /^([0-9a-f]+)-\S+ \S+ ([0-9a-f]+) \S+ \d+\s+(\/.*)$/.exec(l)).filter((m) => m !== null);
  const files = [...new Set(maps.map((m) => m[3]!))].filter((p) => /^_asyncio\.|python/.test(basename(p)));
  for (const file of files) {
    const line = execFileSync('readelf', ['-SW', file], { encoding: 'utf8' }).split('\n').find((l) => l.includes('.AsyncioDebug'));
    if (!line) continue;
    const address = parseInt(line.trim().split(/\s+/)[line.trim().startsWith('[ ') ? 4 : 3]!, 16);
    // a non-PIE executable (Debian's python3.15) is loaded at its link addresses
    const fixed = /Type:\s+EXEC/.test(execFileSync('readelf', ['-h', file], { encoding: 'utf8' }));
    const base = fixed ? 0 : parseInt(maps.find((m) => m[3] === file && parseInt(m[2]!, 16) === 0)![1]!, 16);
    return new Uint8Array(readMemory(pid, base + address, ASYNCIO_DEBUG_OFFSETS_SIZE));
  }
  return undefined;
}

const script = join(import.meta.dirname, 'fixtures', 'asyncio_probe.py');
const all = findPythons();
const targets = all.filter((p) => p.major === 3 && p.minor >= 7);
reportMatrix(targets, 'cpython-layouts/asyncio');
console.log(`[cpython-layouts/asyncio] not applicable (asyncio tasks as tables here start at 3.7): ${all.filter((p) => !targets.includes(p)).map((p) => p.label).join(', ')}`);

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

interface Probe {
  future_basicsize: number; task_basicsize: number; task: number; task_type_base: number; loop: number; callback0: number;
  coro: number; fut_waiter: number; waiter_callback0: number; name: number; context: number[]; code: number; frame: number; leaf_coro: number;
  parent: number; ref: number; set: number; cell: number; closure: number; method: number; holder: number; meth_func: number;
  builtin: number; builtin_self: number; partial: number; partial_args: number; deque: number; registries: string[];
}

async function probe(py: PythonInterpreter): Promise<{ pid: number; ids: Probe }> {
  const child = spawnPython(py, script);
  children.push(child);
  const out = await waitForOutput(child, ' PROBE-END', 120_000);
  const text = /PROBE (\{.*\}) PROBE-END/.exec(out)![1]!;
  return { pid: child.pid!, ids: JSON.parse(text) as Probe };
}

describe.each(targets.map((p) => [p.label, p] as const))('asyncio table on %s', (_label, py) => {
  it('locates every field in a live process', async () => {
    const { pid, ids } = await probe(py);
    const table = asyncioLayoutFor(py, { freeThreaded: py.freeThreaded, futureBasicsize: ids.future_basicsize })!;
    const L = layoutFor({ major: py.major, minor: py.minor, patch: py.patch }, { freeThreaded: py.freeThreaded, debug: py.debug });
    expect(table, 'a table exists').toBeDefined();
    let A = table;
    if (py.minor >= 14) {
      // 3.14+: the target's own description agrees with the table, and is what the checks below use
      const bytes = asyncioDebugBytes(pid);
      expect(bytes, 'the target has an .AsyncioDebug section').toBeDefined();
      A = decodeAsyncioDebugOffsets(bytes!, table);
      expect(A.task).toEqual(table.task);
      expect({ ...A.future }).toEqual({ ...table.future });
      const lists = { ...A.taskLists! };
      // a debug build's PyInterpreterState is larger before the list head
      if (py.debug) expect(lists.interp_tasks_head).toBeGreaterThan(table.taskLists!.interp_tasks_head);
      else expect(lists).toEqual({ ...table.taskLists! });
    }
    const buf = (a: number, n: number) => Buffer.from(readMemory(pid, a, n));
    const u64 = (a: number) => Number(buf(a, 8).readBigUInt64LE());
    const tagBits = py.minor >= 14 ? (L.constants.Py_TAG_BITS ?? 0) : 0;
    const untag = (p: number) => p - (p % (tagBits + 1));

    expect(A.future.size).toBe(ids.future_basicsize);
    expect(A.task.size).toBe(ids.task_basicsize);
    expect(A.registries).toEqual(ids.registries);
    const t = ids.task;
    expect(u64(t + A.future.loop)).toBe(ids.loop);
    expect(u64(t + A.future.callback0)).toBe(ids.callback0);
    expect(buf(t + A.future.state, 4).readInt32LE()).toBe(0);
    expect(untag(u64(t + A.task.coro))).toBe(ids.coro);
    expect(u64(t + A.task.fut_waiter)).toBe(ids.fut_waiter);
    if (A.task.name !== undefined) expect(untag(u64(t + A.task.name))).toBe(ids.name);
    // the one Context the task references besides its done callback's
    expect(ids.context).toEqual([u64(t + A.task.context)]);
    // the sleep future's first callback is the task's wakeup, and it names the task
    const wakeup = u64(ids.fut_waiter + A.future.callback0);
    expect(wakeup).toBe(ids.waiter_callback0);
    const O = A.objects;
    expect(u64(wakeup + (A.wakeup === 'wrapper' ? O.wakeup_wrapper_task! : O.cfunction_self))).toBe(t);
    if (A.future.awaited_by !== undefined) {
      expect(u64(t + A.future.awaited_by)).toBe(ids.parent);
      expect(buf(t + A.future.is_task!, 1)[0]).toBe(1);
      expect(buf(t + A.future.awaited_by_is_set!, 1)[0]).toBe(0);
      expect(u64(ids.parent + A.task.fut_waiter)).toBe(t);
    }

    // mid() is suspended awaiting leaf(): the awaited coroutine is on its frame's value stack
    const C = A.coroutine;
    const coro = ids.coro;
    let awaited: number;
    if (C.gi_frame !== undefined) {
      const f = u64(coro + C.gi_frame);
      expect(f).toBe(ids.frame);
      expect(u64(f + L.frame_object!.f_code)).toBe(ids.code);
      const base = u64(f + C.f_valuestack!);
      if (C.f_stacktop !== undefined) {
        const top = u64(f + C.f_stacktop);
        expect(top).toBeGreaterThan(base);
        awaited = u64(top - 8 * C.awaitedFromTop);
      } else {
        expect(C.suspendedStates).toContain(buf(f + C.f_state!, 1).readInt8());
        awaited = u64(base + 8 * (buf(f + C.f_stackdepth!, 4).readInt32LE() - C.awaitedFromTop));
      }
    } else {
      const I = L.interpreter_frame!;
      const iframe = coro + C.gi_iframe!;
      expect(untag(u64(iframe + I.executable))).toBe(ids.code);
      expect(C.suspendedStates).toContain(buf(coro + C.gi_frame_state!, 1).readInt8());
      if (C.stacktop !== undefined) {
        awaited = u64(iframe + I.localsplus + 8 * (buf(iframe + C.stacktop, 4).readInt32LE() - C.awaitedFromTop));
      } else {
        awaited = untag(u64(u64(iframe + I.stackpointer!) - 8 * C.awaitedFromTop));
      }
    }
    expect(awaited).toBe(ids.leaf_coro);

    // the objects the task graph passes through
    expect(u64(ids.ref + O.weakref_object)).toBe(t);
    const mask = u64(ids.set + O.set_mask);
    expect(u64(ids.set + O.set_used)).toBe(1);
    const entries = u64(ids.set + O.set_table);
    const keys = Array.from({ length: mask + 1 }, (_, i) => u64(entries + i * O.set_entry_size));
    expect(keys).toContain(t);
    expect(u64(u64(ids.closure + O.function_closure) + L.tuple_object.ob_item!)).toBe(ids.cell);
    expect(u64(ids.cell + O.cell_ref)).toBe(t);
    expect(u64(ids.method + O.method_func)).toBe(ids.meth_func);
    expect(u64(ids.method + O.method_self)).toBe(ids.holder);
    expect(u64(ids.builtin + O.cfunction_self)).toBe(ids.builtin_self);
    expect(u64(ids.partial + O.partial_fn)).toBe(ids.callback0);
    expect(u64(ids.partial + O.partial_args)).toBe(ids.partial_args);
    expect(u64(ids.partial_args + L.tuple_object.ob_item!)).toBe(t);
    expect(u64(u64(t + L.pyobject.ob_type) + O.type_base)).toBe(ids.task_type_base);
    // the deque's 70th item: 69 slots after leftindex, across the first block's end
    expect(u64(ids.deque + O.deque_size)).toBe(70);
    const at = u64(ids.deque + O.deque_leftindex) + 69;
    let block = u64(ids.deque + O.deque_leftblock);
    for (let i = 0; i < Math.floor(at / O.deque_blocklen); i++) block = u64(block + O.deque_block_rightlink);
    expect(u64(block + O.deque_block_data + 8 * (at % O.deque_blocklen))).toBe(t);
    // longer than the 120 s the probe's output is waited for (a free-threaded build under load took over 60 s)
  }, 180_000);
});

describe('decodeAsyncioDebugOffsets', () => {
  it('refuses bytes that are not the struct', () => {
    const base = asyncioLayoutFor({ major: 3, minor: 14 })!;
    expect(() => decodeAsyncioDebugOffsets(new Uint8Array(8), base)).toThrow(InvalidAsyncioDebugOffsets);
    expect(() => decodeAsyncioDebugOffsets(new Uint8Array(ASYNCIO_DEBUG_OFFSETS_SIZE), base)).toThrow(InvalidAsyncioDebugOffsets);
    const words = [168, 200, 96, 108, 109, 128, 152, 225864, 10880, 936, 864, 872, 880];
    const bytes = new Uint8Array(ASYNCIO_DEBUG_OFFSETS_SIZE);
    words.forEach((w, i) => new DataView(bytes.buffer).setBigUint64(i * 8, BigInt(w), true));
    // task_name (200) is past the end of a 168-byte task
    expect(() => decodeAsyncioDebugOffsets(bytes, base)).toThrow(/task_name = 200/);
  });
});

describe('asyncio tables', () => {
  it('one table per supported minor (3.10 also has the pre-backport head), frozen', () => {
    const keys = asyncioLayouts().map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const minor of [7, 8, 9, 10, 11, 12, 13, 14, 15]) expect(asyncioLayoutFor({ major: 3, minor }), `3.${minor}`).toBeDefined();
    expect(asyncioLayoutFor({ major: 3, minor: 10 }, { futureBasicsize: 144 })!.key).toBe('v3_10_early');
    expect(asyncioLayoutFor({ major: 3, minor: 10 }, { futureBasicsize: 152 })!.key).toBe('v3_10');
    expect(asyncioLayoutFor({ major: 3, minor: 6 })).toBeUndefined();
    expect(asyncioLayoutFor({ major: 3, minor: 13 }, { freeThreaded: true })!.freeThreaded).toBe(true);
    expect(Object.isFrozen(asyncioLayouts()[0]!.future)).toBe(true);
  });
});
