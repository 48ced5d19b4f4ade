/**
 * PythonSpy against every interpreter of the matrix: exact function names, line numbers, thread
 * names, OS thread ids, idle flags, deep recursion, class methods, unicode names, locals, a busy
 * loop (active + GIL), nonblocking mode, and a differential check against py-spy 0.4.2.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lineOf as lineTagOf } from '../../../tools/testing/line-tags.js';
import { findPythons, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { LineNo, LockingStrategy, PythonSpy, type StackTrace } from '../src/index.js';

const scripts = fileURLToPath(new URL('./scripts/', import.meta.url));
const pythons = findPythons();
reportMatrix(pythons, 'sampler live');

/** Line of the "# LINE:<tag>" marker in a script. */
function lineOf(script: string, tag: string): number {
  return lineTagOf(join(scripts, script), tag);
}

interface Proc {
  child: ChildProcess;
  out: string;
  spy?: PythonSpy;
}
const known = new Map<string, Proc>();
const unicode = new Map<string, Proc>();
const children: ChildProcess[] = [];

function unicodeScript(py: PythonInterpreter): string {
  return py.major === 2 ? join(scripts, 'py2', 'unicode💩.py') : join(scripts, 'unicode💩.py');
}

async function start(py: PythonInterpreter, script: string): Promise<Proc> {
  const child = spawnPython(py, script);
  children.push(child);
  const out = await waitForOutput(child, 'READY', 120_000);
  return { child, out };
}

beforeAll(async () => {
  await Promise.all(pythons.flatMap((py) => [
    start(py, join(scripts, 'known.py')).then((p) => known.set(py.label, p)),
    start(py, unicodeScript(py)).then((p) => unicode.set(py.label, p)),
  ]));
}, 120_000);

afterAll(() => {
  for (const p of [...known.values(), ...unicode.values()]) p.spy?.close();
  for (const c of children) c.kill('SIGKILL');
});

async function spyOf(p: Proc): Promise<PythonSpy> {
  return (p.spy ??= await PythonSpy.retry(p.child.pid!, {}));
}

function mainThread(traces: StackTrace[]): StackTrace {
  const t = traces.find((x) => x.frames.some((f) => f.name === 'level3'));
  if (!t) throw new Error(`no thread with level3 in ${JSON.stringify(traces.map((x) => x.frames.map((f) => f.name)))}`);
  return t;
}

/** "THREAD <ident> <tid> <name>" lines printed by known.py. */
function announced(out: string): Array<{ ident: number; tid: number; name: string }> {
  const res: Array<{ ident: number; tid: number; name: string }> = [];
  for (const m of out.matchAll(/^(THREAD|MAIN) (\d+) (\d+) ?(.*)$/gm)) {
    res.push({ ident: Number(m[2]), tid: Number(m[3]), name: m[1] === 'MAIN' ? 'MainThread' : m[4]! });
  }
  return res;
}

describe.each(pythons.map((p) => [p.label, p] as const))('%s', (label, py) => {
  test('main thread: exact names and lines, idle while sleeping', async () => {
    const spy = await spyOf(known.get(label)!);
    expect(spy.version.string.startsWith(`${py.major}.${py.minor}.${py.patch}`)).toBe(true);
    // Each blocking sample interrupts the sleeping threads (ptrace), which then run briefly to restart
    // their sleep: on a loaded machine a sample right after another can see some of them running.
    let traces = spy.getStackTraces();
    for (let i = 0; i < 40 && traces.some((t) => t.active); i++) {
      await new Promise((r) => setTimeout(r, 50));
      traces = spy.getStackTraces();
    }
    const main = mainThread(traces);
    expect(main.frames.map((f) => [f.name, f.line])).toEqual([
      ['level3', lineOf('known.py', 'level3')],
      ['level2', lineOf('known.py', 'level2')],
      ['level1', lineOf('known.py', 'level1')],
      ['<module>', lineOf('known.py', 'module')],
    ]);
    const file = main.frames[0]!.filename;
    expect(file.endsWith('known.py')).toBe(true);
    expect(main.frames[0]!.shortFilename).toBe('known.py');
    expect(main.frames[3]!.isShimEntry).toBe(true);
    // 10 custom threads + method + recursion + locals + main
    expect(traces).toHaveLength(14);
    for (const t of traces) expect({ thread: t.threadName, active: t.active }).toEqual({ thread: t.threadName, active: false });
  });

  test('thread names and OS thread ids', async () => {
    const p = known.get(label)!;
    const spy = await spyOf(p);
    const traces = spy.getStackTraces();
    const expected = announced(p.out);
    expect(expected).toHaveLength(14);
    for (const e of expected) {
      const t = traces.find((x) => x.threadId === e.ident);
      expect(t, `thread ${e.name}`).toBeDefined();
      expect(t!.threadName).toBe(e.name);
      if (e.tid) expect(t!.osThreadId, `OS tid of ${e.name}`).toBe(e.tid);
    }
    const idle = lineOf('known.py', 'idle');
    for (let i = 0; i < 10; i++) {
      const t = traces.find((x) => x.threadName === `CustomThreadName-${i}`)!;
      expect(t.frames[0]).toMatchObject({ name: 'idle_worker', line: idle });
      expect(t.frames[1]!.name).toBe('run');
      expect(t.frames[t.frames.length - 1]!.name).toMatch(/^_?_bootstrap$/);
    }
  });

  test('class method and 300-deep recursion', async () => {
    const traces = (await spyOf(known.get(label)!)).getStackTraces();
    const m = traces.find((x) => x.threadName === 'MethodThread')!;
    expect(m.frames[0]).toMatchObject({ name: 'method', line: lineOf('known.py', 'method') });
    const r = traces.find((x) => x.threadName === 'RecursionThread')!;
    const rec = r.frames.filter((f) => f.name === 'recurse');
    expect(rec).toHaveLength(300);
    expect(rec[0]!.line).toBe(lineOf('known.py', 'leaf'));
    for (const f of rec.slice(1)) expect(f.line).toBe(lineOf('known.py', 'recurse'));
    expect(r.frames.slice(0, 300).every((f) => f.name === 'recurse')).toBe(true);
  });

  test('locals of every supported type', async () => {
    const p = known.get(label)!;
    const spy = PythonSpy.create(p.child.pid!, { dumpLocals: 1 });
    try {
      const t = spy.getStackTraces().find((x) => x.threadName === 'LocalsThread')!;
      const f = t.frames[0]!;
      expect(f.name).toBe('local_variable_lookup');
      const byName = Object.fromEntries((f.locals ?? []).map((l) => [l.name, l]));
      expect(byName.arg1).toMatchObject({ arg: true, repr: '"foo"' });
      expect(byName.arg2).toMatchObject({ arg: true, repr: 'None' });
      expect(byName.arg3, JSON.stringify(byName.arg3)).toMatchObject({ arg: true, repr: 'True' });
      expect(byName.local1).toMatchObject({ arg: false, repr: '[-1234, 5678]' });
      expect(byName.local2!.repr).toBe('("a", "b", "c")');
      expect(byName.local3!.repr).toBe('123456789123456789');
      expect(byName.local4!.repr).toBe('3.1415');
      expect(byName.local5!.repr).toBe('{"a": False, "b": (1, 2, 3)}');
      expect(byName.local6!.repr).toBe('1267650600228229401496703205376');
      expect(byName.local7!.repr).toBe('"été"');
      expect(byName.local8!.repr).toBe('"€"');
      expect(byName.local9!.repr).toBe('"💩"');
      expect(byName.local10!.repr).toBe('-5');
      expect(byName.local11!.repr).toMatch(/^<object at 0x[0-9a-f]+>$/);
      expect(byName.local11!.addr).toBe(Number.parseInt(byName.local11!.repr!.slice(13, -1), 16));
    } finally {
      spy.close();
    }
  });

  test('unicode file and function names', async () => {
    const spy = await spyOf(unicode.get(label)!);
    const [t] = spy.getStackTraces();
    const fn = py.major === 2 ? 'function2' : 'кириллица';
    const tag = py.major === 2 ? 'function2' : 'cyrillic';
    const file = py.major === 2 ? 'py2/unicode💩.py' : 'unicode💩.py';
    expect(t!.frames.map((f) => [f.name, f.line])).toEqual([
      [fn, lineOf(file, tag)],
      ['function1', lineOf(file, 'function1')],
      ['<module>', t!.frames[2]!.line],
    ]);
    expect(t!.frames[0]!.filename.endsWith('unicode💩.py')).toBe(true);
    expect(t!.frames[0]!.shortFilename).toBe('unicode💩.py');
  });

  test('nonblocking mode and LineNo.First read the same stacks', async () => {
    const p = known.get(label)!;
    const nb = PythonSpy.create(p.child.pid!, { blocking: LockingStrategy.NonBlocking });
    const first = PythonSpy.create(p.child.pid!, { lineNo: LineNo.First });
    try {
      const a = mainThread(nb.getStackTraces());
      expect(a.frames.map((f) => f.line)).toEqual(mainThread((await spyOf(p)).getStackTraces()).frames.map((f) => f.line));
      const b = mainThread(first.getStackTraces());
      expect(b.frames[0]!.line).toBe(lineOf('known.py', 'level3') - 3); // the def line
    } finally {
      nb.close();
      first.close();
    }
  });

  const pyspy = join(homedir(), '.cache/pyglass/py-spy-venv/bin/py-spy');
  const pyspySkip = !existsSync(pyspy) ? 'py-spy is not installed (tools/pythons/provision.sh)'
    : py.minor >= 15 ? 'py-spy 0.4.2 refuses 3.15' : py.freeThreaded ? 'py-spy 0.4.2 fails on free-threaded builds' : '';
  test.skipIf(pyspySkip !== '')(`same frames as py-spy dump ${pyspySkip ? `(skipped: ${pyspySkip})` : ''}`, async () => {
    const p = known.get(label)!;
    const ours = (await spyOf(p)).getStackTraces();
    const theirs = await new Promise<Array<{ thread_id: number; frames: Array<{ name: string; filename: string; line: number }> }>>((resolve, reject) => {
      execFile(pyspy, ['dump', '--json', '--pid', String(p.child.pid)], { timeout: 30_000, maxBuffer: 64 << 20 }, (err, stdout) => {
        if (err) reject(err);
        else resolve(JSON.parse(stdout));
      });
    });
    expect(theirs.length).toBe(ours.length);
    for (const t of theirs) {
      const o = ours.find((x) => x.threadId === t.thread_id);
      expect(o, `thread ${t.thread_id}`).toBeDefined();
      expect(o!.frames.map((f) => [f.name, f.filename, f.line])).toEqual(t.frames.map((f) => [f.name, f.filename, f.line]));
    }
  });
});

test('busy loop: active, holds the GIL (attached, on free-threaded builds)', async () => {
  const busyLine = lineOf('busy.py', 'busy');
  const failures: string[] = [];
  for (const py of pythons) {
    const child = spawnPython(py, join(scripts, 'busy.py'));
    children.push(child);
    try {
      await waitForOutput(child, 'READY', 120_000);
      const spy = await PythonSpy.retry(child.pid!, {});
      try {
        // The OS state is a snapshot: the busy thread may be preempted at the instant we look, and on a
        // loaded machine it may not run at all between back-to-back samples (2.7 alternates between
        // the loop's two lines): let it run a little between tries.
        let t: StackTrace | undefined;
        for (let i = 0; i < 50; i++) {
          t = spy.getStackTraces()[0];
          if (t?.active && t.frames[0]?.line === busyLine) break;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        // free-threaded builds: owning the GIL means being attached (running Python), see src/read/gil.ts
        const want = { name: 'busy', line: busyLine, active: true, ownsGil: true };
        const got = { name: t?.frames[0]?.name, line: t?.frames[0]?.line, active: t?.active, ownsGil: t?.ownsGil };
        if (JSON.stringify(want) !== JSON.stringify(got)) failures.push(`${py.label}: ${JSON.stringify(got)}`);
      } finally {
        spy.close();
      }
    } finally {
      child.kill('SIGKILL');
    }
  }
  expect(failures).toEqual([]);
}, 120_000);
