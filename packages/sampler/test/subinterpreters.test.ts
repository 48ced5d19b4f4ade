/**
 * Sub-interpreters (3.12+): a program runs code in three sub-interpreters, each from its own thread
 * of the main interpreter (scripts/subinterp_target.py). Every interpreter's threads are read, with
 * their interpreter id, exact stacks, locals, the names each interpreter's `threading` gives them,
 * and the GIL of each interpreter; the main-interpreter thread states that wait in `exec()` are idle
 * so that an OS thread is counted once.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { PythonSpy, type StackTrace } from '../src/index.js';

const script = fileURLToPath(new URL('./scripts/subinterp_target.py', import.meta.url));
const lines = readFileSync(script, 'utf8').split('\n');
const line = (tag: string) => lines.findIndex((l) => l.includes(`# LINE:${tag}`)) + 1;

const all = findPythons();
const pythons = all.filter((p) => p.major === 3 && p.minor >= 12);
console.log(`[sub-interpreters] interpreters: ${pythons.map((p) => p.label).join(', ')}`);
console.log(`[sub-interpreters] SKIPPED: ${all.filter((p) => !pythons.includes(p)).map((p) => p.label).join(', ')} (no sub-interpreter module before 3.12)`);

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

interface Announced {
  /** interpreter id and runner's native tid, by sub-interpreter number 1..3 */
  interps: Map<number, { id: number; tid: number }>;
  /** native tid → the name the sub-interpreter's threading module gives it */
  names: Map<number, string>;
  mainTid: number;
}

function parse(out: string): Announced {
  const interps = new Map<number, { id: number; tid: number }>();
  for (const m of out.matchAll(/^INTERP (\d+) (\d+) (\d+)$/gm)) interps.set(Number(m[1]), { id: Number(m[2]), tid: Number(m[3]) });
  const names = new Map<number, string>();
  for (const m of out.matchAll(/^NAME (\d+) (.+)$/gm)) names.set(Number(m[1]), m[2]!);
  return { interps, names, mainTid: Number(/^MAIN (\d+)$/m.exec(out)![1]) };
}

const leaf = (t: StackTrace | undefined) => t?.frames[0];
const names = (t: StackTrace | undefined) => t?.frames.map((f) => f.name) ?? [];

describe.each(pythons.map((p) => [p.label, p] as const))('%s', (_label, py) => {
  test('every interpreter\'s threads: ids, stacks, locals, names, GIL, nested thread states idle', async () => {
    const child = spawnPython(py, script);
    children.push(child);
    const a = parse(await waitForOutput(child, 'READY', 60_000));
    const spy = await PythonSpy.retry(child.pid!, { dumpLocals: 1 });
    try {
      let traces = spy.getStackTraces();
      const inInterp = (id: number, tid: number) => traces.find((t) => t.interpreterId === id && t.osThreadId === tid);
      const ids = new Set(traces.map((t) => t.interpreterId));
      const byNumber = (x: number, y: number) => x - y;
      expect([...ids].map(Number).sort(byNumber)).toEqual([0, ...[1, 2, 3].map((n) => a.interps.get(n)!.id)].sort(byNumber));

      // the main interpreter: its main thread and the three runners, waiting in exec()
      const main = inInterp(0, a.mainTid);
      expect(main?.threadName).toBe('MainThread');
      expect(leaf(main)).toMatchObject({ name: 'main_wait', line: line('main_wait') });
      for (const n of [1, 2, 3]) {
        const runner = inInterp(0, a.interps.get(n)!.tid);
        expect(runner?.threadName, `runner ${n}`).toBe(`Runner-${n}`);
        expect(runner!.frames.find((f) => f.name === 'runner')?.line).toBe(line('runner'));
        expect(runner!.active, `runner ${n} waits for its sub-interpreter`).toBe(false);
        expect(runner!.ownsGil).toBe(false);
      }

      // sub-interpreter 1: a sleeper with locals
      const s1 = a.interps.get(1)!;
      const sleeper = inInterp(s1.id, s1.tid);
      expect(names(sleeper)).toEqual(['sub_sleeper', 'in_subinterpreter', '<module>']);
      expect(leaf(sleeper)!.line).toBe(line('sub_sleeper'));
      expect(leaf(sleeper)!.filename.endsWith('subinterp_target.py')).toBe(true);
      expect(sleeper!.threadName).toBe(a.names.get(s1.tid));
      const locals = Object.fromEntries((leaf(sleeper)!.locals ?? []).map((l) => [l.name, l.repr]));
      expect(locals).toMatchObject({ n: '1', label: '"sleeper-1"', count: '10' });

      // sub-interpreter 3: the joiner and the thread it started inside the sub-interpreter
      const s3 = a.interps.get(3)!;
      const joiner = inInterp(s3.id, s3.tid);
      expect(joiner!.frames.find((f) => f.name === 'sub_joiner')?.line).toBe(line('sub_joiner'));
      expect(joiner!.threadName).toBe(a.names.get(s3.tid));
      const subThread = traces.find((t) => t.interpreterId === s3.id && t.threadName === 'SubThread-3');
      expect(subThread, 'SubThread-3 in sub-interpreter 3').toBeDefined();
      expect(leaf(subThread)).toMatchObject({ name: 'sub_thread_body', line: line('sub_thread_body') });
      expect(a.names.get(subThread!.osThreadId!)).toBe('SubThread-3');

      // sub-interpreter 2 spins: running, and holding its own GIL (attached, free-threaded)
      const s2 = a.interps.get(2)!;
      let busy = inInterp(s2.id, s2.tid);
      for (let i = 0; i < 50 && !(busy?.active && busy.ownsGil); i++) {
        traces = spy.getStackTraces();
        busy = inInterp(s2.id, s2.tid);
      }
      expect(leaf(busy)?.name).toBe('sub_busy');
      expect(names(busy).slice(1)).toEqual(['in_subinterpreter', '<module>']);
      expect({ active: busy!.active, ownsGil: busy!.ownsGil }).toEqual({ active: true, ownsGil: true });
      expect(busy!.threadName).toBe(a.names.get(s2.tid));
      // the runner thread state of that OS thread never counts as running
      expect(inInterp(0, s2.tid)!.active).toBe(false);
    } finally {
      spy.close();
      child.kill('SIGKILL');
    }
  }, 120_000);
});
