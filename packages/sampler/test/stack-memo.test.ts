/**
 * The reader hands back a thread's last frames array when a sample reads the same frames again
 * (StackMemo). A stack that changed must never come back as the old one, even when the change is
 * only in an outer frame: moving_caller.py waits in the same leaf four times, called from four lines
 * of one caller, and every sample after the n-th "AT n" must show the caller at or past call n.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { findPythons, reportMatrix, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { LockingStrategy, PythonSpy, type StackTrace } from '../src/index.js';

const scripts = fileURLToPath(new URL('./scripts/', import.meta.url));
const script = join(scripts, 'moving_caller.py');
/** Line of each `leaf(...)  # CALL n` in the script. */
const callLines = readFileSync(script, 'utf8').split('\n').flatMap((l, i) => (/# CALL \d/.test(l) ? [i + 1] : []));
const pythons = findPythons().filter((p) => !p.debug);
reportMatrix(pythons, 'stack memo');

const children: ChildProcess[] = [];
const spies: PythonSpy[] = [];
afterEach(() => {
  for (const s of spies.splice(0)) s.close();
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** The mover thread's caller line and whether it is waiting in leaf (undefined: not in caller). */
function moverAt(traces: StackTrace[]): { line: number; inLeaf: boolean } | undefined {
  for (const t of traces) {
    const i = t.frames.findIndex((f) => f.name === 'caller');
    if (i < 0) continue;
    return { line: t.frames[i]!.line, inLeaf: t.frames.slice(0, i).some((f) => f.name === 'leaf') };
  }
  return undefined;
}

describe.each(pythons.map((p) => [p.label, p] as const))('%s', (_label, py) => {
  test.each([
    ['blocking', LockingStrategy.Lock],
    ['nonblocking', LockingStrategy.NonBlocking],
  ] as const)('a change in an outer frame only is never reported as the old stack (%s)', async (_mode, blocking) => {
    expect(callLines).toHaveLength(4);
    const child = spawnPython(py, script, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    await waitForOutput(child, 'READY', 120_000);
    const spy = await PythonSpy.retry(child.pid!, { blocking });
    spies.push(spy);
    for (let step = 0; step < 4; step++) {
      const deadline = Date.now() + 30_000;
      while (!out.includes(`AT ${step}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(out).toContain(`AT ${step}`);
      // until the mover waits in leaf at this step's call: never at an earlier call's line
      let waiting = false;
      while (!waiting && Date.now() < deadline) {
        let traces: StackTrace[];
        try {
          traces = spy.getStackTraces();
        } catch (e) {
          if (blocking === LockingStrategy.NonBlocking) continue; // a torn read: sample again
          throw e;
        }
        const at = moverAt(traces);
        if (at) {
          for (let earlier = 0; earlier < step; earlier++) expect(at.line, `step ${step}: caller still shown at call ${earlier}`).not.toBe(callLines[earlier]);
          waiting = at.inLeaf && at.line === callLines[step];
        }
        if (!waiting) await new Promise((r) => setTimeout(r, 2));
      }
      expect(waiting, `the mover seen waiting at call ${step}`).toBe(true);
      // the same stack sampled again comes back as it was (the reused frames)
      expect(moverAt(spy.getStackTraces())).toEqual({ line: callLines[step], inLeaf: true });
      child.stdin!.write('\n');
    }
  }, 90_000);
});
