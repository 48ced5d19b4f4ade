/**
 * `--native` end to end: the real `pyglass` bin against a program that calls libc qsort through
 * ctypes with a Python comparison callback that sleeps. `dump --native --json` on every
 * interpreter of the matrix (the sid-root ones are the container case) must show
 * py_cmp → … qsort … → sort_it → <module>; the text dump prints native frames as `name (module)`;
 * record and top show the native frames; `--native --nonblocking` is refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findPythons, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { recordUntil, tracesWith } from '../../../tools/testing/capture-watch.js';
import { bin, buildCli, isOneLineError, pyglass, pyglassRun } from './helpers.js';

// the sampler's native-stacks script: Python calling libc's qsort calling back into Python
const script = fileURLToPath(new URL('../../sampler/test/scripts/native_qsort.py', import.meta.url));
const pythons = findPythons();
reportMatrix(pythons, 'cli native');
const host = pythons.find((p) => p.label === '3.12') ?? pythons.find((p) => !p.root && p.major === 3);

interface JsonFrame { name: string; filename: string; module: string | null; line: number }
interface JsonTrace { frames: JsonFrame[] }

const children: ChildProcess[] = [];
const targets = new Map<string, ChildProcess>();
let dir: string;

async function start(py: PythonInterpreter): Promise<ChildProcess> {
  const child = spawnPython(py, script);
  children.push(child);
  await waitForOutput(child, 'READY', 120_000);
  return child;
}

beforeAll(async () => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'pyglass-native-'));
  const queue = [...pythons];
  await Promise.all([0, 1, 2, 3].map(async () => {
    for (let py = queue.shift(); py; py = queue.shift()) targets.set(py.label, await start(py));
  }));
}, 300_000);

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Where libc's sort frames point: the module, or msort.c/qsort.c:LINE when libc's debug file is installed. */
const LIBC_OR_SOURCE = String.raw`libc\.so\.6|\S*(?:msort|qsort)\.c:\d+`;

const ran: string[] = [];
afterAll(() => console.log(`[cli native] dump --native --json checked on: ${ran.join(', ')}`));

/** py_cmp, then a native qsort frame, then sort_it and <module> (innermost first); the order as a string for messages. */
function checkOrder(frames: JsonFrame[]): void {
  const shown = frames.map((f) => (f.module ? `${f.name} (${f.module})` : f.name)).join(' < ');
  const iCmp = frames.findIndex((f) => f.name === 'py_cmp' && f.module === null);
  const iSort = frames.findIndex((f) => /qsort|msort_with_tmp/.test(f.name) && f.module !== null);
  const iSortIt = frames.findIndex((f) => f.name === 'sort_it' && f.module === null);
  expect(iCmp, shown).toBeGreaterThanOrEqual(0);
  expect(iSort, shown).toBeGreaterThan(iCmp);
  expect(iSortIt, shown).toBeGreaterThan(iSort);
  expect(frames[iSortIt + 1]?.name, shown).toBe('<module>');
  expect(frames.length, shown).toBe(iSortIt + 2);
  // a native frame shows its module's file name (py-spy), or its source file and line when the
  // module has debug info; `module` keeps the full path
  for (const f of frames) {
    if (f.module === null) continue;
    expect(f.module, shown).toMatch(/^\//);
    if (f.line === 0) expect(f.filename, shown).toBe(basename(f.module));
    else expect(f.filename, shown).toMatch(/\.(c|h|S|s|cc|cpp)$/);
  }
}

describe.each(pythons.map((p) => [p.label] as const))('%s', (label) => {
  test('dump --native --json: py_cmp → … qsort … → sort_it → <module>', () => {
    const pid = targets.get(label)!.pid!;
    const r = pyglass(['dump', '--native', '-p', String(pid), '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const traces = JSON.parse(r.stdout) as JsonTrace[];
    const main = traces.find((t) => t.frames.some((f) => f.name === 'py_cmp'));
    expect(main, r.stdout).toBeDefined();
    checkOrder(main!.frames);
    ran.push(label);
  }, 60_000);
});

describe.skipIf(!host)(`text, record, top (on ${host?.label ?? 'no host interpreter'})`, () => {
  test('dump --native text: native frames as "name (module)" or "name (file.c:line)", Python frames with lines', () => {
    const r = pyglass(['dump', '--native', '-p', String(targets.get(host!.label)!.pid!)], { env: { NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const iCmp = lines.findIndex((l) => /^ {4}py_cmp \(.*native_qsort\.py:\d+\)$/.test(l));
    const iSort = lines.findIndex((l) => new RegExp(`^ {4}(qsort\\w*|__qsort_r|msort_with_tmp\\S*) \\(${LIBC_OR_SOURCE}\\)$`).test(l));
    const iSortIt = lines.findIndex((l) => /^ {4}sort_it \(.*native_qsort\.py:\d+\)$/.test(l));
    expect(iCmp, r.stdout).toBeGreaterThan(0);
    expect(iSort, r.stdout).toBeGreaterThan(iCmp);
    expect(iSortIt, r.stdout).toBeGreaterThan(iSort);
  }, 60_000);

  test('record --native: the flame graph data holds the native frames between the Python ones', async () => {
    const out = join(dir, 'native.txt');
    // until 20 samples in the comparison callback (however long a loaded machine takes)
    const r = await recordUntil(['--native', '--idle', '-r', '50', '-o', out, '-p', String(targets.get(host!.label)!.pid!)], `${out}.pyglass`, '20 samples in py_cmp()', (s) => tracesWith(s, 'py_cmp') >= 20);
    expect(r.status, r.stderr).toBe(0);
    const stacks = readFileSync(out, 'utf8').trim().split('\n');
    expect(stacks.length).toBeGreaterThan(0);
    for (const line of stacks) {
      const frames = line.slice(0, line.lastIndexOf(' ')).split(';'); // root first
      const names = frames.map((f) => f.slice(0, f.indexOf(' (')));
      const iModule = names.indexOf('<module>');
      const iSortIt = names.indexOf('sort_it');
      const iSort = names.findIndex((n) => /qsort|msort_with_tmp/.test(n));
      const iCmp = names.indexOf('py_cmp');
      expect([iModule, iSortIt], line).toEqual([0, 1]);
      expect(iSort, line).toBeGreaterThan(iSortIt);
      expect(iCmp, line).toBeGreaterThan(iSort);
      expect(frames[iSort], line).toMatch(new RegExp(`\\(${LIBC_OR_SOURCE}\\)$`));
    }
  }, 60_000);

  test('top --native: native frames in the table', async () => {
    const child = spawn(process.execPath, [bin, 'top', '--native', '--idle', '--delay', '0.3', '-p', String(targets.get(host!.label)!.pid!)], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no native frame in top's output:\n${out}`)), 30_000);
      const check = () => {
        // top groups by function without line numbers (py-spy's default)
        if (/(qsort\w*|msort_with_tmp\S*) \((\/\S*libc\.so\.6|\S*(msort|qsort)\.c)\)/.test(out) && /py_cmp \(/.test(out)) {
          clearTimeout(timer);
          resolve();
        } else setTimeout(check, 100);
      };
      check();
    });
    child.kill('SIGINT');
  }, 60_000);
});

describe('--native --nonblocking is refused', () => {
  test.each([
    ['dump', ['dump', '--native', '--nonblocking', '-p', String(process.pid)]],
    ['record', ['record', '--native', '--nonblocking', '-o', join(tmpdir(), 'pyglass-never-written.svg'), '-p', String(process.pid)]],
    ['top', ['top', '--native', '--nonblocking', '-p', String(process.pid)]],
  ])('%s', async (_name, args) => {
    const r = await pyglassRun(args, { timeout: 30_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Can't get native stack traces with the --nonblocking option.");
    expect(isOneLineError(r.stderr)).toBe(true);
  });
});
