/**
 * The sampling thread's scheduling: the EEVDF slice request (sched_setattr) and the timer slack
 * are set, read back, and restored; the nice value is kept.
 */
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { schedulerSlice, setSchedulerSlice, setTimerSlack } from '../src/index.js';

const kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
const [major, minor] = kernel.split('.').map(Number) as [number, number];
const eevdfSlices = major > 6 || (major === 6 && minor >= 12);
console.log(`[scheduling] kernel ${kernel}: ${eevdfSlices ? 'slice requests supported' : 'SKIPPED slice checks: slice requests need Linux ≥ 6.12'}`);

describe('setSchedulerSlice', () => {
  it.runIf(eevdfSlices)('requests a 0.1 ms slice, reads it back, goes back to the default; nice unchanged', () => {
    const nice = getPriority();
    const defaultSlice = schedulerSlice();
    expect(defaultSlice).toBeGreaterThan(100_000);
    expect(setSchedulerSlice(100_000)).toBe(true);
    expect(schedulerSlice()).toBe(100_000);
    expect(getPriority()).toBe(nice);
    expect(setSchedulerSlice(0)).toBe(true);
    expect(schedulerSlice()).toBe(defaultSlice);
  });
});

describe('setTimerSlack', () => {
  it('sets 1 ns, returns the previous slack, and restores it', () => {
    const previous = setTimerSlack(1);
    expect(previous).toBeGreaterThan(0);
    expect(readFileSync('/proc/self/timerslack_ns', 'utf8').trim()).toBe('1');
    expect(setTimerSlack(previous!)).toBe(1);
    expect(readFileSync('/proc/self/timerslack_ns', 'utf8').trim()).toBe(String(previous));
  });
});
