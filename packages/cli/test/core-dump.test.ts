/**
 * `pyglass dump --core`: a core made by gdb's gcore of a sleeping script (named threads, nested
 * calls) gives the same stacks as a live dump taken just before (names, files, lines, thread names,
 * thread ids); --root finds the binaries under a prefix; non-cores, truncated cores and missing
 * binaries fail with one line.
 */
import { type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ElfCore } from '@pyglass/unwinder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPythons, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { buildCli, isOneLineError } from './helpers.js';
import { kill, pyglassRun, run } from './e2e-helpers.js';

const script = join(import.meta.dirname, '..', '..', 'sampler', 'test', 'scripts', 'core_target.py');
const pythons = findPythons();
const wanted = ['2.7', '3.8', '3.11', '3.12', '3.14-sid'];
const picked = wanted.map((l) => pythons.find((p) => p.label === l)).filter((p): p is PythonInterpreter => p !== undefined);
const gcoreAvailable = existsSync('/usr/bin/gcore');
console.log(`[core dump] interpreters: ${picked.map((p) => p.label).join(', ')}; not provisioned: ${wanted.filter((l) => !picked.some((p) => p.label === l)).join(', ') || 'none'}${gcoreAvailable ? '' : '; SKIPPED: gcore (gdb) is not installed (tools/pythons/provision.sh installs it)'}`);

interface JsonFrame { name: string; filename: string; line: number }
interface JsonTrace { thread_id: number; thread_name: string | null; os_thread_id: number | null; owns_gil: boolean; frames: JsonFrame[]; incomplete?: string }

const work = mkdtempSync(join(tmpdir(), 'pyglass-core-'));
const children: ChildProcess[] = [];
beforeAll(() => buildCli(), 300_000);
afterAll(() => {
  for (const c of children) kill(c);
  rmSync(work, { recursive: true, force: true });
});

/** gcore PID → the core path and gdb's warnings. */
async function gcore(pid: number, dir: string): Promise<{ core: string; warnings: string }> {
  const r = await run('gcore', ['-o', join(dir, 'core'), String(pid)], { timeout: 120_000 });
  const core = join(dir, `core.${pid}`);
  if (!existsSync(core)) throw new Error(`gcore failed (${r.status}): ${r.stderr}`);
  return { core, warnings: `${r.stdout}\n${r.stderr}` };
}

const frames = (t: JsonTrace) => t.frames.map((f) => `${f.name} ${f.filename}:${f.line}`);

describe.runIf(gcoreAvailable).each(picked.map((p) => [p.label, p] as const))('dump --core on %s', (label, py) => {
  it('matches a live dump of the same process, per thread', async () => {
    const child = spawnPython(py, script);
    children.push(child);
    await waitForOutput(child, 'READY', 60_000);
    const pid = child.pid!;
    const live = await pyglassRun(['dump', '-p', String(pid), '-j']);
    expect(live.status, live.stderr).toBe(0);
    const dir = join(work, label);
    mkdirSync(dir, { recursive: true });
    const { core, warnings } = await gcore(pid, dir);
    kill(child);

    const dumped = await pyglassRun(['dump', '--core', core, '-j']);
    expect(dumped.status, dumped.stderr).toBe(0);
    const liveTraces = JSON.parse(live.stdout) as JsonTrace[];
    const coreTraces = JSON.parse(dumped.stdout) as JsonTrace[];
    expect(coreTraces.map((t) => t.thread_name).sort()).toEqual(['MainThread', 'worker-one', 'worker-two']);
    expect(coreTraces).toHaveLength(liveTraces.length);
    // gdb cannot read memory through glibc ≥ 2.41's in-mapping stack guard regions (sid root): it
    // then writes zeros for that thread stack ("Memory read failed for corefile section"). On 3.14
    // frames that call into Python from C live there, so such a thread's stack stops at the first
    // of them: the core dump shows the innermost frames and says the stack is incomplete.
    let complete = 0;
    for (const lt of liveTraces) {
      const ct = coreTraces.find((t) => t.thread_id === lt.thread_id)!;
      expect(ct, `thread ${lt.thread_name}`).toBeDefined();
      expect(ct.thread_name).toBe(lt.thread_name);
      expect(ct.os_thread_id).toBe(lt.os_thread_id);
      if (ct.incomplete !== undefined) {
        expect(warnings, `${lt.thread_name} is incomplete, but gdb read all memory`).toMatch(/Memory read failed for corefile section/);
        expect(ct.incomplete).toMatch(/^the core holds only zeros for the frame at 0x[0-9a-f]+/);
        expect(frames(ct).length).toBeLessThan(lt.frames.length);
        expect(frames(ct), `thread ${lt.thread_name}`).toEqual(frames(lt).slice(0, ct.frames.length));
        console.log(`[core dump] ${label}: ${lt.thread_name}: ${ct.frames.length} of ${lt.frames.length} frames (gdb could not read its thread stack)`);
        continue;
      }
      expect(frames(ct), `thread ${lt.thread_name}`).toEqual(frames(lt));
      complete++;
    }
    expect(complete).toBeGreaterThanOrEqual(1);
    if (!/Memory read failed for corefile section/.test(warnings)) expect(complete).toBe(3);
    const names = coreTraces.find((t) => t.thread_name === 'MainThread')!.frames.map((f) => f.name);
    expect(names.slice(0, 3)).toEqual(['main_inner', 'main_outer', '<module>']);

    // text: py-spy's core header, then the threads
    const text = await pyglassRun(['dump', '--core', core]);
    expect(text.status, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe(`Signal 0: ${core}`);
    expect(lines[1]).toMatch(new RegExp(`^Process ${pid}: \\S*python`));
    expect(lines[2]).toBe(`Python v${py.version}`);
    expect(text.stdout).toMatch(new RegExp(`^Thread ${pid}(?: \\(gil\\))?: "MainThread"\\n    main_inner \\(core_target\\.py:\\d+\\)\\n    main_outer`, 'm'));

    const cut = coreTraces.filter((t) => t.incomplete !== undefined).length;
    expect(text.stdout.split('\n').filter((l) => l.startsWith('    (stack incomplete: the core holds only zeros for the frame at 0x'))).toHaveLength(cut);

    if (label === '3.12') await checkRoot(core, dir);
    if (label === '3.12') await checkBroken(core, dir);
    rmSync(dir, { recursive: true, force: true });
  }, 240_000);
});

/** --root DIR: the binaries are found under DIR (here a tree of symlinks); a wrong DIR is one clear line. */
async function checkRoot(core: string, dir: string): Promise<void> {
  const root = join(dir, 'root');
  const c = ElfCore.open(core);
  const paths = [...new Set(c.files.map((f) => f.path))];
  c.source.close();
  for (const p of paths) {
    if (!existsSync(p)) continue;
    mkdirSync(dirname(join(root, p)), { recursive: true });
    symlinkSync(p, join(root, p));
  }
  const ok = await pyglassRun(['dump', '--core', core, '--root', root, '-j']);
  expect(ok.status, ok.stderr).toBe(0);
  expect((JSON.parse(ok.stdout) as JsonTrace[]).some((t) => t.frames.some((f) => f.name === 'main_outer'))).toBe(true);

  const empty = join(dir, 'empty-root');
  mkdirSync(empty);
  const bad = await pyglassRun(['dump', '--core', core, '--root', empty]);
  expect(bad.status).toBe(1);
  expect(isOneLineError(bad.stderr)).toBe(true);
  expect(bad.stderr).toMatch(/cannot open .*empty-root\/.*no such file.*--root/);
  expect(bad.stdout).toBe('');
}

/** Not a core, a truncated core: non-zero, one line. */
async function checkBroken(core: string, dir: string): Promise<void> {
  const notCore = await pyglassRun(['dump', '--core', script]);
  expect(notCore.status).toBe(1);
  expect(notCore.stderr.trim()).toBe(`Error: ${script} is not an ELF core file`);

  const truncated = join(dir, 'truncated');
  const fd = openSync(core, 'r');
  const head = Buffer.alloc(4 << 20);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  writeFileSync(truncated, head.subarray(0, n));
  const cut = await pyglassRun(['dump', '--core', truncated]);
  expect(cut.status).toBe(1);
  expect(isOneLineError(cut.stderr)).toBe(true);
  expect(cut.stderr).toMatch(/truncated/);
}
