/**
 * `pyglass dump --async` end to end on every interpreter with asyncio tables (3.7+): the built bin
 * against scripts/async_tree.py (gather, shield, wait_for, as_completed, plain `await task`, TaskGroup on 3.11+,
 * eager tasks on 3.12+, a coroutine chain four deep, named tasks, and a running task under two
 * awaiting parents: waiting off CPU in spin() until a test that needs samples of it burning sends
 * SIGUSR1, then burning CPU), with
 * C tasks and with pure-Python tasks (`_asyncio` blocked); the exact tree, names, states, lines and
 * the running task's thread. On 3.14 and 3.15 (the sid root) the tree is also compared with
 * CPython's own `python -m asyncio pstree PID` and `ps PID`, run inside the same root.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPythons, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { activeTracesIn, recordUntil, tracesWith } from '../../../tools/testing/capture-watch.js';
import { bin, buildCli, isOneLineError } from './helpers.js';
import { kill, lineTags, plainEnv, pyglassRun } from './e2e-helpers.js';

const script = join(import.meta.dirname, 'scripts', 'async_tree.py');
const L = lineTags(script);
const all = findPythons();
const pythons = all.filter((p) => p.major === 3 && p.minor >= 7);
reportMatrix(pythons, 'dump --async');
console.log(`[dump --async] not applicable (no asyncio task support before 3.7): ${all.filter((p) => !pythons.includes(p)).map((p) => p.label).join(', ') || 'none'}`);

interface JsonFrame { name: string; short_filename: string | null; filename: string; line: number }
interface JsonTask { id: number; name: string | null; state: string; thread_id?: number; coroutine_stack: JsonFrame[]; awaited_by: number[]; awaits: number[] }
interface JsonDump { threads: Array<{ thread_id: number; thread_name: string | null; frames: JsonFrame[] }>; asyncio_tasks: JsonTask[] }

/** Every task's key: its outermost coroutine (each task of the script has its own). */
const keyOf = (t: JsonTask) => t.coroutine_stack[t.coroutine_stack.length - 1]?.name ?? '?';
const ours = (frames: JsonFrame[]) => frames.filter((f) => f.short_filename === 'async_tree.py').map((f) => `${f.name}:${f.line}`);

/** The tree the script builds: task → the tasks awaiting it. */
function expectedParents(py: PythonInterpreter): Record<string, string[]> {
  const tree: Record<string, string[]> = {
    main: [], gather_parent: [], g1: ['gather_parent'], g2: ['gather_parent'], shield_parent: [], shielded: ['shield_parent'],
    awaiter: [], awaited: ['awaiter'], wait_for_parent: [], waited: ['wait_for_parent'],
    burn_parent_1: [], burn_parent_2: [], burner: ['burn_parent_1', 'burn_parent_2'],
    as_completed_parent: [], ac1: ['as_completed_parent'], ac2: ['as_completed_parent'],
  };
  if (py.minor >= 11) Object.assign(tree, { tg_parent: [], tg1: ['tg_parent'], tg2: ['tg_parent'] });
  if (py.minor >= 12) Object.assign(tree, { eager_parent: [], eager_child: ['eager_parent'] });
  return tree;
}

async function withTarget<T>(py: PythonInterpreter, args: string[], fn: (pid: number) => Promise<T>): Promise<T> {
  let child: ChildProcess | undefined;
  try {
    child = spawnPython(py, script, args);
    await waitForOutput(child, 'READY', 120_000);
    return await fn(child.pid!);
  } finally {
    kill(child);
  }
}

/**
 * Makes async_tree.py's burner burn CPU from now on (it waits off CPU in spin() until then: a dump
 * needs no CPU burnt). Each test that needs it burning sends it itself; once burning it burns until
 * the target is killed (a second SIGUSR1 stays pending, blocked, and changes nothing).
 */
const startBurning = (pid: number) => process.kill(pid, 'SIGUSR1');

async function dumpJson(pid: number, extra: string[] = []): Promise<JsonDump> {
  const r = await pyglassRun(['dump', '-p', String(pid), '--async', '--json', ...extra]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as JsonDump;
}

function checkTree(py: PythonInterpreter, dump: JsonDump): void {
  const tasks = dump.asyncio_tasks;
  for (const t of tasks) expect(Object.keys(t).sort()).toEqual([...(t.thread_id !== undefined ? ['thread_id'] : []), 'awaited_by', 'awaits', 'coroutine_stack', 'id', 'name', 'state'].sort());
  const byKey = new Map(tasks.map((t) => [keyOf(t), t]));
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const expected = expectedParents(py);
  expect([...byKey.keys()].sort()).toEqual(Object.keys(expected).sort());
  for (const [key, parents] of Object.entries(expected)) {
    const t = byKey.get(key)!;
    expect(t.awaited_by.map((id) => keyOf(byId.get(id)!)).sort(), `${key} awaited by`).toEqual([...parents].sort());
    for (const p of t.awaited_by) expect(byId.get(p)!.awaits, `${key}'s parent awaits it`).toContain(t.id);
    expect(t.name, `${key}'s name`).toBe(py.minor >= 8 ? key : null);
    expect(t.state, `${key}'s state`).toBe(key === 'burner' ? 'running' : 'pending');
  }
  // coroutine stacks, innermost first, with the lines of the await each one is suspended in
  expect(ours(byKey.get('g1')!.coroutine_stack)).toEqual([`deep_c:${L.deep_c}`, `deep_b:${L.deep_b}`, `deep_a:${L.deep_a}`, `g1:${L.g1}`]);
  expect(byKey.get('g1')!.coroutine_stack[0]!.name).toBe('sleep');
  expect(ours(byKey.get('gather_parent')!.coroutine_stack)).toEqual([`gather_parent:${L.gather_parent}`]);
  expect(ours(byKey.get('main')!.coroutine_stack)).toEqual([`main:${L.main}`]);
  // the running task is tied to the thread running it, and its stack is that thread's top
  const burner = byKey.get('burner')!;
  const main = dump.threads.find((th) => th.thread_name === 'MainThread')!;
  expect(burner.thread_id).toBe(main.thread_id);
  // the innermost line: the wait for SIGUSR1 (every tree is checked before a test makes it burn)
  expect(ours(burner.coroutine_stack)).toEqual([`spin:${L.spin_wait}`, `burner:${L.burner}`]);
  expect(tasks.filter((t) => t.thread_id !== undefined)).toHaveLength(1);
}

beforeAll(() => {
  buildCli();
}, 180_000);

describe.each(pythons.map((p) => [p.label, p] as const))('dump and record --async on %s', (_label, py) => {
  // one target with C tasks for the JSON, text and record checks (it burns one thread, from the
  // first test that needs samples of it burning: top and raw, the last two, then afterAll kills it)
  let target: ChildProcess | undefined;
  const pid = () => target!.pid!;
  beforeAll(async () => {
    target = spawnPython(py, script, []);
    await waitForOutput(target, 'READY', 120_000);
  }, 180_000);
  afterAll(() => kill(target));
  // one `dump --async --json --locals` serves the tree and the locals checks (the pure-Python target
  // below and the other describes check dumps without --locals)
  let withLocals: Promise<JsonDump> | undefined;
  const localsDump = () => (withLocals ??= dumpJson(pid(), ['--locals']));

  it('C tasks: the exact tree, names, states, lines and the running task\'s thread', async () => {
    checkTree(py, await localsDump());
  }, 180_000);

  it('--locals: the suspended coroutines\' locals', async () => {
    const dump = await localsDump();
    const parent = dump.asyncio_tasks.find((t) => keyOf(t) === 'as_completed_parent')!;
    const frame = parent.coroutine_stack.find((f) => f.name === 'as_completed_parent') as JsonFrame & { locals: Array<{ name: string; arg: boolean }> | null };
    expect(frame.locals?.map((l) => l.name)).toContain('next_done');
  }, 180_000);

  it('pure-Python tasks (_asyncio blocked) give the same tree', async () => {
    await withTarget(py, ['pure'], async (pid) => checkTree(py, await dumpJson(pid)));
  }, 180_000);

  it('text: the pstree-shaped tree after the threads, the running task marked', async () => {
    const r = await pyglassRun(['dump', '-p', String(pid()), '--async']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => /^Asyncio tasks \(\d+\):$/.test(l));
    expect(at).toBeGreaterThan(0);
    const tree = lines.slice(at + 1).join('\n');
    expect(tree).toMatch(new RegExp(`\\(T\\) ${py.minor >= 8 ? 'burner' : 'Task 0x[0-9a-f]+'} \\[running in thread ${pid()}\\]`));
    expect(tree).toContain(`└──  g1 async_tree.py:${L.g1}`);
    expect(tree).toContain(`└──  deep_c async_tree.py:${L.deep_c}`);
  }, 180_000);

  it('top --async (piped: plain tables): the awaiting task\'s coroutine counts in the running task\'s samples', async () => {
    startBurning(pid());
    const top = spawn(process.execPath, [bin, 'top', '-p', String(pid()), '--async', '--delay', '0.5'], { stdio: ['ignore', 'pipe', 'pipe'], env: plainEnv() });
    let out = '';
    top.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    try {
      // a parent of the burner with a nonzero %Total in some table (it is not on the thread's stack)
      const parentLine = /^\s*[\d.]+%\s+([\d.]+)%.*\bburn_parent_[12] \(async_tree\.py\)/m;
      for (let waited = 0; waited < 30_000 && !(Number(parentLine.exec(out)?.[1] ?? 0) > 0); waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(Number(parentLine.exec(out)?.[1] ?? 0), out.slice(-2000)).toBeGreaterThan(0);
      expect(out).not.toMatch(/\brun_forever \(/);
    } finally {
      kill(top);
    }
  }, 180_000);

  it('raw: the awaiting tasks\' coroutine frames sit above the running task\'s frames (with and without --idle); --idle adds suspended tasks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyglass-async-'));
    try {
      const out = join(dir, 'out.txt');
      const running = join(dir, 'running.txt');
      startBurning(pid());
      // each record runs until it has 20 samples of the burner (a duration can pass on a busy machine before any)
      for (const [file, extra] of [[out, ['--idle']], [running, []]] as const) {
        const r = await recordUntil(['-p', String(pid()), '--async', ...extra, '-r', '50', '-o', file, '--hideprogress'], `${file}.pyglass`, '20 samples in spin()', (s) => activeTracesIn(s, 'spin') >= 20);
        expect(r.status, r.stderr).toBe(0);
      }
      // without --idle only the running task's logical stack (read without walking every task)
      expect(readFileSync(running, 'utf8').trim().split('\n').map((l) => l.slice(0, l.lastIndexOf(' ')).split(';').map((f) => f.replace(/ \(.*\)$/, '')).join(';')))
        .toSatisfy((stacks: string[]) => stacks.length > 0 && stacks.every((st) => /^burn_parent_[12];burner;spin$/.test(st)));
      const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => {
        const at = l.lastIndexOf(' ');
        return { stack: l.slice(0, at).split(';').map((f) => f.replace(/ \(.*\)$/, '')), count: Number(l.slice(at + 1)) };
      });
      let burning = 0;
      let underParent = 0;
      for (const { stack, count } of lines) {
        const b = stack.indexOf('burner');
        if (b < 0 || stack[stack.length - 1] !== 'spin') continue;
        burning += count;
        // outermost first: a parent's coroutine, then the burner, with no event-loop frame between or above
        const p = Math.max(stack.indexOf('burn_parent_1'), stack.indexOf('burn_parent_2'));
        if (p >= 0 && p < b && !stack.includes('run_forever') && !stack.includes('_run_once')) underParent += count;
      }
      console.log(`[async e2e] ${py.label}: ${underParent} of ${burning} samples of the burner under its parent's coroutine`);
      expect(burning).toBeGreaterThan(0);
      // the burner is awaited by its parents from READY on, and a blocking read sees the tasks whole:
      // every one of its samples is under a parent (no share of them: nothing here depends on timing)
      expect(underParent).toBe(burning);
      // a suspended task's logical stack, at its await point
      expect(lines.some(({ stack }) => stack.join(';') === 'gather_parent;g1;deep_a;deep_b;deep_c;sleep')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

// uvloop: provision.sh installs it (the machine's index has 3.11 wheels) into a venv of the host's python3
const uvloopPython = join(homedir(), '.cache', 'pyglass', 'uvloop-venv', 'bin', 'python');
const uvloopHost = pythons.find((p) => !p.root && p.minor === 11 && existsSync(uvloopPython) && realpathSync(uvloopPython) === realpathSync(p.executable));
console.log(`[dump --async] uvloop: ${uvloopHost ? `on ${uvloopHost.label}` : `SKIPPED (no ${uvloopPython} of a 3.11 of the matrix: run tools/pythons/provision.sh host)`}`);

describe.skipIf(!uvloopHost)('dump --async under uvloop', () => {
  it('the same tree with uvloop\'s event loop', async () => {
    const py = { ...uvloopHost!, executable: uvloopPython };
    await withTarget(py, ['uvloop'], async (pid) => checkTree(py, await dumpJson(pid)));
  }, 180_000);
});

describe.each(pythons.map((p) => [p.label, p] as const))('dump --async, more loops and bad states, on %s', (_label, py) => {
  it('event loops in two threads: each task tied to its own loop\'s thread', async () => {
    let child: ChildProcess | undefined;
    try {
      child = spawnPython(py, join(import.meta.dirname, 'scripts', 'async_threads.py'));
      await waitForOutput(child, 'READY', 120_000);
      const dump = await dumpJson(child.pid!);
      const byKey = new Map(dump.asyncio_tasks.map((t) => [keyOf(t), t]));
      expect([...byKey.keys()].sort()).toEqual(['a_parent', 'a_running', 'b_child', 'b_parent']);
      const threadOf = (name: string) => dump.threads.find((t) => t.thread_name === name)!.thread_id;
      expect(byKey.get('a_running')!.thread_id).toBe(threadOf('loop-a'));
      expect(byKey.get('a_running')!.awaited_by).toEqual([byKey.get('a_parent')!.id]);
      expect(byKey.get('b_child')!.awaited_by).toEqual([byKey.get('b_parent')!.id]);
      expect(dump.asyncio_tasks.filter((t) => t.state === 'running')).toHaveLength(1);
      expect(byKey.get('a_running')!.state).toBe('running');
    } finally {
      kill(child);
    }
  }, 180_000);

  it('tasks cancelled and loops closing while --nonblocking reads: no crash, no hang', async () => {
    let child: ChildProcess | undefined;
    try {
      child = spawnPython(py, join(import.meta.dirname, 'scripts', 'async_churn.py'));
      await waitForOutput(child, 'READY', 120_000);
      for (let i = 0; i < 2; i++) {
        const r = await pyglassRun(['dump', '-p', String(child.pid!), '--async', '--json', '--nonblocking']);
        // a thread stack torn by the running target fails a nonblocking dump with one clear line
        if (r.status !== 0) {
          expect(isOneLineError(r.stderr), r.stderr).toBe(true);
          continue;
        }
        const dump = JSON.parse(r.stdout) as JsonDump;
        for (const t of dump.asyncio_tasks) expect(['pending', 'running', 'done', 'cancelled']).toContain(t.state);
      }
      // a file of its own: a test never writes to a real device (see does-no-harm.test.ts)
      const out = join(mkdtempSync(join(tmpdir(), 'pyglass-async-churn-')), 'churn.txt');
      // 20 sampling rounds, however long they take on a busy machine
      const r = await recordUntil(['-p', String(child.pid!), '--async', '--idle', '--nonblocking', '-o', out, '--hideprogress'], `${out}.pyglass`, '20 sampling rounds', (samples) => samples.length >= 20);
      // when most rounds met tasks changing under the read (a slow read on a loaded machine), pyglass
      // says so and exits 1: that is an answer, not a crash
      if (r.status !== 0) expect(r.stderr, `status ${r.status}`).toMatch(/^pyglass> Error: most samples failed \(/m);
      rmSync(dirname(out), { recursive: true, force: true });
    } finally {
      kill(child);
    }
  }, 360_000);
});

// the output formats do not depend on the Python version: one interpreter is enough, and one record
// writes the five (each output's format from its extension)
const formatsPy = pythons.find((p) => p.minor === 12) ?? pythons[0];
const formatFiles = { flamegraph: 'out.svg', speedscope: 'out.json', chrometrace: 'out.trace.json', raw: 'out.txt', pprof: 'out.pb.gz' };
describe.skipIf(!formatsPy)(`record --async --idle in every format (${formatsPy?.label ?? 'no interpreter'})`, () => {
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pyglass-async-'));
    await withTarget(formatsPy!, [], async (pid) => {
      startBurning(pid);
      const outputs = Object.values(formatFiles).flatMap((f) => ['-o', join(dir, f)]);
      // until the running task and a suspended one are in the samples
      const r = await recordUntil(['-p', String(pid), '--async', '--idle', ...outputs, '--hideprogress'], join(dir, 'out.pyglass'), '5 samples in spin() and one in deep_c()',
        (s) => activeTracesIn(s, 'spin') >= 5 && tracesWith(s, 'deep_c') >= 1);
      expect(r.status, r.stderr).toBe(0);
    });
  }, 360_000);
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it.each(Object.keys(formatFiles) as Array<keyof typeof formatFiles>)('%s: written, with the awaiting task\'s coroutine in it', (format) => {
    const bytes = readFileSync(join(dir, formatFiles[format]));
    const text = format === 'pprof' ? gunzipSync(bytes).toString('latin1') : bytes.toString('utf8');
    expect(text).toContain('burn_parent_1');
    expect(text).toContain('deep_c');
  });
});

describe.skipIf(pythons.length === 0)('dump --async without asyncio', () => {
  it('says why there are no tasks; the JSON still has both keys', async () => {
    const py = pythons[pythons.length - 1]!;
    let child: ChildProcess | undefined;
    try {
      child = spawnPython(py, join(import.meta.dirname, 'scripts', 'no_asyncio.py'));
      await waitForOutput(child, 'READY', 120_000);
      const r = await pyglassRun(['dump', '-p', String(child.pid!), '--async']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('Asyncio tasks (0):\n    (none: asyncio is not imported)');
      const dump = await dumpJson(child.pid!);
      expect(dump.asyncio_tasks).toEqual([]);
      expect(dump.threads.length).toBeGreaterThan(0);
    } finally {
      kill(child);
    }
  }, 180_000);
});

// 3.6 has asyncio but no asyncio table (task objects are read from 3.7); the script prints with flush=, so not 2.7
const beforeTables = all.find((p) => p.major === 3 && p.minor === 6);
describe.skipIf(beforeTables === undefined)(`dump --async on a version without asyncio tables${beforeTables ? '' : ' (skipped: no 3.6 in the matrix)'}`, () => {
  it('says which versions have tasks read', async () => {
    let child: ChildProcess | undefined;
    try {
      child = spawnPython(beforeTables!, join(import.meta.dirname, 'scripts', 'no_asyncio.py'));
      await waitForOutput(child, 'READY', 60_000);
      const r = await pyglassRun(['dump', '-p', String(child.pid!), '--async']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Asyncio tasks \(0\):\n {4}\(none: asyncio tasks are read on CPython 3\.7–3\.\d+ \(this is 3\.6\)\)/);
    } finally {
      kill(child);
    }
  }, 90_000);
});

// ── differential against CPython's own tools (3.14+, in the sid root) ─────────────────────────
const cpythonTools = pythons.filter((p) => p.root && p.minor >= 14 && !p.debug);
const noTools = pythons.filter((p) => !cpythonTools.includes(p)).map((p) => p.label);
console.log(`[dump --async] differential with python -m asyncio pstree/ps: ${cpythonTools.map((p) => p.label).join(', ') || 'none'}; not applicable on ${noTools.join(', ')} (the tools exist from 3.14; the debug build is covered by 3.14)`);
const canMount = process.getuid?.() === 0 && spawnSync('mountpoint', ['--version']).status === 0;

/**
 * `python -m asyncio CMD PID` inside the root, with /proc mounted there for it and unmounted after
 * (in our own mount namespace: in a private one the target's paths in /proc/PID/maps would not
 * resolve inside the root). A /proc another run mounted is used as it is and left in place.
 */
function cpythonAsyncio(py: PythonInterpreter, cmd: 'pstree' | 'ps', pid: number): string {
  const proc = join(py.root!, 'proc');
  if (!existsSync(proc)) mkdirSync(proc);
  const mounted = spawnSync('mountpoint', ['-q', proc]).status === 0;
  if (!mounted) expect(spawnSync('mount', ['-t', 'proc', 'proc', proc], { encoding: 'utf8' }).status).toBe(0);
  try {
    const r = spawnSync('chroot', [py.root!, py.executable, '-m', 'asyncio', cmd, String(pid)], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    return r.stdout;
  } finally {
    if (!mounted) spawnSync('umount', [proc]);
  }
}

/** A pstree forest as sorted nested text, so sibling order does not matter. */
function canonicalTree(lines: string[]): string {
  interface N { label: string; kids: N[] }
  const root: N = { label: '', kids: [] };
  const stack: Array<[depth: number, node: N]> = [[-1, root]];
  for (const line of lines) {
    const m = /^((?:│ {3}| {4})*)[└├]── (.*)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    // pyglass names frames by co_name (like py-spy), CPython's tools by qualified name
    const label = m[2]!.replace(/ \[running in thread \d+\]$/, '').replace(/^ [\w<>]+(?:\.[\w<>]+)*\.([\w<>]+) /, ' $1 ');
    const node: N = { label, kids: [] };
    while (stack[stack.length - 1]![0] >= depth) stack.pop();
    stack[stack.length - 1]![1].kids.push(node);
    stack.push([depth, node]);
  }
  const show = (n: N): string => `${n.label}{${n.kids.map(show).sort().join(',')}}`;
  return show(root);
}

describe.skipIf(cpythonTools.length === 0 || !canMount).each(cpythonTools.map((p) => [p.label, p] as const))('dump --async against CPython on %s', (_label, py) => {
  it('the tree equals `python -m asyncio pstree PID`; tasks and awaiters equal `ps PID`', async () => {
    await withTarget(py, [], async (pid) => {
      const theirs = cpythonAsyncio(py, 'pstree', pid).split('\n');
      const table = cpythonAsyncio(py, 'ps', pid).split('\n').slice(2).filter((l) => l.trim());
      const r = await pyglassRun(['dump', '-p', String(pid), '--async', '--full-filenames']);
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.split('\n');
      const mine = lines.slice(lines.findIndex((l) => l.startsWith('Asyncio tasks')) + 1);
      // CPython reads a running task's stack from its coroutine only; we show the thread's frames
      // above it too (the burner's `spin`): drop that one frame before comparing
      const mineNoSpin = mine.filter((l) => !/ spin \/.*async_tree\.py:\d+$/.test(l));
      expect(canonicalTree(mineNoSpin)).toBe(canonicalTree(theirs));

      const dump = await dumpJson(pid);
      const hex = (n: number) => `0x${n.toString(16)}`;
      const theirPairs = table.map((l) => {
        const ids = l.match(/0x[0-9a-f]+/g) ?? [];
        return `${ids[0]}<-${ids[ids.length - 1]}`;
      }).sort();
      const myPairs = dump.asyncio_tasks.flatMap((t) => (t.awaited_by.length ? t.awaited_by.map((p) => `${hex(t.id)}<-${hex(p)}`) : [`${hex(t.id)}<-0x0`])).sort();
      expect(myPairs).toEqual(theirPairs);
    });
  }, 120_000);
});
