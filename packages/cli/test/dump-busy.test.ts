/**
 * `pyglass dump` of a target whose stack never stands still: every dump attaches (a validating walk
 * torn by the running target is retried paused, it never falls back to scanning for look-alikes),
 * and the sleeping thread stays idle (when attaching had to pause the target, the idle states are
 * the ones read before that pause).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPythons, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { cliSuite } from './helpers.js';
import { kill, pyglassRun } from './e2e-helpers.js';

const script = join(import.meta.dirname, 'scripts', 'churn.py');
const wanted = ['2.7', '3.9', '3.12', '3.14-sid'];
const pythons = findPythons();
const picked = wanted.map((l) => pythons.find((p) => p.label === l)).filter((p): p is PythonInterpreter => p !== undefined);
console.log(`[dump busy] interpreters: ${picked.map((p) => p.label).join(', ')}; not provisioned: ${wanted.filter((l) => !picked.some((p) => p.label === l)).join(', ') || 'none'}`);

interface JsonTrace { thread_name: string | null; active: boolean; frames: Array<{ name: string }> }

// kills each test's churning target when that test ends, passed or failed
const suite = cliSuite('pyglass-dump-busy-');

describe.each(picked.map((p) => [p.label, p] as const))('dump of a churning stack on %s', (label, py) => {
  it('20 dumps in a row: each attaches, the churning thread in down(), the sleeper idle', async () => {
    const child = spawnPython(py, script);
    suite.children.push(child);
    await waitForOutput(child, 'READY', 60_000);
    const problems: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await pyglassRun(['dump', '-p', String(child.pid), '-j']);
      if (r.status !== 0) {
        problems.push(`dump ${i}: exit ${r.status}: ${r.stderr.trim()}`);
        continue;
      }
      const traces = JSON.parse(r.stdout) as JsonTrace[];
      const churn = traces.find((t) => t.thread_name === 'churn');
      const sleepy = traces.find((t) => t.thread_name === 'sleepy');
      if (!churn || !churn.frames.some((f) => f.name === 'churn')) problems.push(`dump ${i}: no churn thread in ${r.stdout.slice(0, 200)}`);
      if (!sleepy || sleepy.active || sleepy.frames[0]?.name !== 'sleepy') problems.push(`dump ${i}: sleepy thread ${JSON.stringify(sleepy)}`);
    }
    expect(problems).toEqual([]);
    kill(child);
    console.log(`[dump busy] ${label}: 20 dumps, all attached, sleeper idle in each`);
  }, 900_000); // 20 Node start-ups in a row: seconds each on a loaded machine (120 s ran out under the stress run)
});
