/**
 * `--gil` on a free-threaded build (3.13t): there is no GIL, and owning it means being attached
 * (running Python). The target's sleepers never wake (select() without a timeout), so the busy loop
 * owns the GIL — or is attached — all the time: it must be in every sample under `--gil` that was
 * read without error, as on a GIL build (3.12, for comparison), and a sleeping thread never kept.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPythons, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { Sampler } from '@pyglass/sampler';
import { cliSuite } from './helpers.js';
import { kill, pyglassRun } from './e2e-helpers.js';

const script = join(import.meta.dirname, 'scripts', 'idle_busy.py');
const all = findPythons();
const cases: Array<[string, PythonInterpreter | string]> = ['3.13t', '3.12'].map((label) => [label, all.find((p) => p.label === label) ?? `${label} is not provisioned on this machine`]);
for (const [label, py] of cases) if (typeof py === 'string') console.log(`[free-threaded --gil] ${label} SKIPPED: ${py}`);

const suite = cliSuite('pyglass-ft-gil-');
const children = suite.children;

describe.each(cases)('%s', (label, py) => {
  const skip = typeof py === 'string' ? py : '';
  it.skipIf(skip !== '')(`a busy loop owns the GIL in every sample${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const child = spawnPython(py as PythonInterpreter, script);
    children.push(child);
    await waitForOutput(child, 'READY', 60_000);
    try {
      // every tick of a --gil sampler (what record --gil counts) has the busy thread, and only it
      const sampler = new Sampler(child.pid!, { gilOnly: true, samplingRate: 100 });
      let ticks = 0;
      let busy = 0;
      let failedTicks = 0;
      const others = new Set<string>();
      for await (const sample of sampler) {
        ticks++;
        if (sample.samplingErrors?.length) failedTicks++;
        for (const t of sample.traces) {
          if (t.threadName === 'busy' && t.frames.some((f) => f.name === 'busy')) busy++;
          else others.add(`${t.threadName}: ${t.frames[0]?.name}`);
        }
        if (ticks === 200) sampler.stop();
      }
      console.log(`[free-threaded --gil] ${label}: busy loop in ${busy} of ${ticks} samples (${failedTicks} with a sampling error); others: ${[...others].join(', ') || 'none'}`);
      expect(busy).toBeGreaterThanOrEqual(ticks - failedTicks);
      expect(busy).toBeLessThanOrEqual(ticks);
      expect([...others]).toEqual([]);

      const raw = join(suite.dir, `gil-${label}.txt`);
      const r = await pyglassRun(['record', '--gil', '-f', 'raw', '-r', '50', '-d', '1', '-o', raw, '--pid', String(child.pid)], { timeout: 180_000 });
      expect(r.status, r.stderr).toBe(0);
      const lines = readFileSync(raw, 'utf8').trim().split('\n').map((l) => [l, Number(l.slice(l.lastIndexOf(' ') + 1))] as const);
      const total = lines.reduce((n, [, c]) => n + c, 0);
      const inBusy = lines.filter(([l]) => l.includes('busy (idle_busy.py:')).reduce((n, [, c]) => n + c, 0);
      // every kept stack is the busy loop's (a busy machine may leave the 1 s with few samples, or none)
      expect(inBusy).toBe(total);
    } finally {
      kill(child);
    }
  }, 300_000);
});
