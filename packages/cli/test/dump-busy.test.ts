/**
 * `pyglass dump` of a target whose stack never stands still: every dump attaches (a validating walk
 * torn by the running target is retried paused, it never falls back to scanning for look-alikes),
 * and the sleeping thread stays idle (when attaching had to pause the target, the idle states are
 * the ones read before that pause).
 *
 * 20 attaches per interpreter: the first and the last are `pyglass dump -j` runs; the 18 between
 * make the same attach and read in this process (PythonSpy.create with the config `dump` builds from
 * its flags), so the target does not churn through 18 Node start-ups. Each waits until the sleeper is
 * back asleep: an attach interrupts its sleep, and the kernel restarts it once the thread runs again
 * (right after an attach it can still be on its way back: running, as a dump would rightly say).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { threadState } from '@pyglass/memory-reader';
import type { StackTrace } from '@pyglass/model';
import { PythonSpy } from '@pyglass/sampler';
import { findPythons, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { samplerConfigFrom } from '../src/sampler-config.js';
import { cliSuite } from './helpers.js';
import { kill, pyglassRun } from './e2e-helpers.js';

const script = join(import.meta.dirname, 'scripts', 'churn.py');
const wanted = ['2.7', '3.9', '3.12', '3.14-sid'];
const pythons = findPythons();
const picked = wanted.map((l) => pythons.find((p) => p.label === l)).filter((p): p is PythonInterpreter => p !== undefined);
console.log(`[dump busy] interpreters: ${picked.map((p) => p.label).join(', ')}; not provisioned: ${wanted.filter((l) => !picked.some((p) => p.label === l)).join(', ') || 'none'}`);

interface JsonTrace { thread_name: string | null; os_thread_id: number | null; active: boolean; frames: Array<{ name: string }> }

// kills each test's churning target when that test ends, passed or failed
const suite = cliSuite('pyglass-dump-busy-');

describe.each(picked.map((p) => [p.label, p] as const))('dump of a churning stack on %s', (label, py) => {
  it('20 dumps in a row: each attaches, the churning thread in down(), the sleeper idle', async () => {
    const child = spawnPython(py, script);
    suite.children.push(child);
    await waitForOutput(child, 'READY', 60_000);
    const problems: string[] = [];
    const check = (i: number, traces: Array<{ name: string | null; active: boolean; frames: string[] }>) => {
      const churn = traces.find((t) => t.name === 'churn');
      const sleepy = traces.find((t) => t.name === 'sleepy');
      if (!churn || !churn.frames.includes('churn')) problems.push(`dump ${i}: no churn thread in ${JSON.stringify(traces).slice(0, 200)}`);
      if (!sleepy || sleepy.active || sleepy.frames[0] !== 'sleepy') problems.push(`dump ${i}: sleepy thread ${JSON.stringify(sleepy)}`);
    };
    let sleeperTid: number | undefined;
    const cliDump = async (i: number) => {
      const r = await pyglassRun(['dump', '-p', String(child.pid), '-j']);
      if (r.status !== 0) {
        problems.push(`dump ${i}: exit ${r.status}: ${r.stderr.trim()}`);
        return;
      }
      const traces = JSON.parse(r.stdout) as JsonTrace[];
      sleeperTid ??= traces.find((t) => t.thread_name === 'sleepy')?.os_thread_id ?? undefined;
      check(i, traces.map((t) => ({ name: t.thread_name, active: t.active, frames: t.frames.map((f) => f.name) })));
    };
    const config = samplerConfigFrom({ command: 'dump', options: { pid: child.pid, locals: 0, json: true, subprocesses: false, native: false, nonblocking: false, greenlets: false, fullFilenames: false, async: false } });
    /** The sleeper's scheduler state ('S' asleep), '' once it is gone. */
    const sleeperState = () => {
      try {
        return threadState(child.pid!, sleeperTid!);
      } catch {
        return '';
      }
    };
    const inProcessDump = async (i: number) => {
      for (let waited = 0; sleeperTid !== undefined && sleeperState() !== 'S' && waited < 30_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      let traces: StackTrace[];
      try {
        const spy = PythonSpy.create(child.pid!, config);
        try {
          traces = spy.getStackTraces();
        } finally {
          spy.close();
        }
      } catch (e) {
        problems.push(`dump ${i}: ${(e as Error).name}: ${(e as Error).message}`);
        return;
      }
      sleeperTid ??= traces.find((t) => t.threadName === 'sleepy')?.osThreadId;
      check(i, traces.map((t) => ({ name: t.threadName ?? null, active: t.active, frames: t.frames.map((f) => f.name) })));
    };
    await cliDump(0);
    for (let i = 1; i < 19; i++) await inProcessDump(i);
    await cliDump(19);
    expect(problems).toEqual([]);
    kill(child);
    console.log(`[dump busy] ${label}: 20 dumps (2 by the CLI), all attached, sleeper idle in each`);
  }, 600_000); // Node start-ups take seconds each on a loaded machine (120 s for 20 ran out under the stress run)
});
