/**
 * A Sampler that cannot keep up (every sample late) must still let the event loop turn, or the
 * caller's timers and signal handlers (Ctrl-C in `pyglass record`) never run and it cannot stop.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { Sampler } from '../src/index.js';
import { findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { join } from 'node:path';

const py = findPythons().find((p) => !p.root && p.major === 3);
let child: ChildProcess;
beforeAll(async () => {
  if (!py) return;
  child = spawnPython(py, join(import.meta.dirname, 'scripts', 'busy.py'));
  await waitForOutput(child, 'READY').catch(() => undefined);
});
afterAll(() => child?.kill('SIGKILL'));

it.skipIf(!py)(`a timer set by the caller fires while the sampler lags behind, and stops it; its late delays are whole microseconds${py ? '' : ' (skipped: no host CPython 3)'}`, async () => {
  const sampler = new Sampler(child.pid!, { samplingRate: 100_000 }); // always late
  let fired = false;
  let samples = 0;
  let late = 0;
  const notWholeMicroseconds: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  for await (const sample of sampler) {
    // Sample.late is to the microsecond (what a capture stores): a converted profile counts the same late samples
    if (sample.late !== undefined) {
      late++;
      if (Math.round(sample.late * 1000) / 1000 !== sample.late) notWholeMicroseconds.push(sample.late);
    }
    // started on the first sample, so the timer only fires if the loop gives the event loop a turn
    timer ??= setTimeout(() => { fired = true; sampler.stop(); }, 50);
    if (++samples > 20_000) break; // the bug: the timer never fires; fail instead of hanging
  }
  clearTimeout(timer);
  expect(fired).toBe(true);
  // how many were late depends on the machine: no count is asserted, only said when the check had nothing to check
  if (late === 0) console.log('[starvation] no sample came late here: the whole-microsecond check of Sample.late had nothing to check');
  expect(notWholeMicroseconds).toEqual([]);
});
