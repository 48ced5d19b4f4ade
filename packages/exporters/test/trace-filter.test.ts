/**
 * The record filters (trace-filter.ts): --mode and the old flags map onto one filter; each mode keeps
 * the traces its definition says; --gc puts <GC> on top of exactly the stacks sampled while collecting;
 * diff's samplesTree applies the same filter.
 */
import { ThreadStates, type StackTrace } from '@pyglass/model';
import { describe, expect, it } from 'vitest';
import { filteredTrace, GC_FRAME, samplesTree, traceFilter, traceIncluded, withGcFrame, type TraceFilter } from '../src/index.js';

const { OnCpu, HoldsGil, WaitingForGil, GcCollecting } = ThreadStates;
const frame = { name: 'work', filename: '/app/a.py', line: 3, isEntry: true, isShimEntry: true };
const trace = (active: boolean, states: number | undefined): StackTrace => ({
  pid: 1, threadId: 7, osThreadId: 7, active, ownsGil: states !== undefined && (states & HoldsGil) !== 0, frames: [frame], states,
});

// what a thread can be: running Python, waiting for the GIL, asleep, on a CPU in C without the GIL, collecting
const running = trace(true, OnCpu | HoldsGil);
const waiting = trace(false, WaitingForGil);
const asleep = trace(false, 0);
const inC = trace(true, OnCpu);
const collecting = trace(true, OnCpu | HoldsGil | GcCollecting);
const kept = (f: TraceFilter) => [running, waiting, asleep, inC, collecting].map((t) => traceIncluded(t, f));

describe('traceFilter', () => {
  it('maps the flags and modes onto one filter', () => {
    expect(traceFilter({})).toEqual({ includeIdle: false, gilOnly: false, cpuOnly: false, gcFrames: false });
    expect(traceFilter({ idle: true })).toEqual(traceFilter({ mode: 'wall' }));
    expect(traceFilter({ gil: true })).toEqual(traceFilter({ mode: 'gil' }));
    expect(traceFilter({ mode: 'cpu', gc: true })).toEqual({ includeIdle: true, gilOnly: false, cpuOnly: true, gcFrames: true });
    expect(traceFilter({ mode: 'wall', gil: true })).toEqual({ includeIdle: true, gilOnly: true, cpuOnly: false, gcFrames: false });
  });

  it('each mode keeps what it says', () => {
    // default: py-spy's active traces
    expect(kept(traceFilter({}))).toEqual([true, false, false, true, true]);
    expect(kept(traceFilter({ mode: 'wall' }))).toEqual([true, true, true, true, true]);
    expect(kept(traceFilter({ mode: 'cpu' }))).toEqual([true, false, false, true, true]);
    expect(kept(traceFilter({ mode: 'gil' }))).toEqual([true, false, false, false, true]);
    // on a CPU but flagged idle by py-spy's name heuristic: cpu mode follows the kernel
    expect(traceIncluded(trace(false, OnCpu), traceFilter({ mode: 'cpu' }))).toBe(true);
    // without states (a sampler that did not read them), cpu mode keeps the active traces
    expect(traceIncluded(trace(true, undefined), traceFilter({ mode: 'cpu' }))).toBe(true);
    expect(traceIncluded(trace(false, undefined), traceFilter({ mode: 'cpu' }))).toBe(false);
  });

  it('--gc puts <GC> on top of stacks sampled while collecting, and only there', () => {
    const f = traceFilter({ gc: true });
    expect(filteredTrace(collecting, f)!.frames).toEqual([GC_FRAME, frame]);
    expect(filteredTrace(running, f)).toBe(running);
    expect(filteredTrace(asleep, f)).toBeUndefined();
    expect(filteredTrace(collecting, traceFilter({}))).toBe(collecting);
    expect(withGcFrame(trace(true, undefined))).toEqual(trace(true, undefined));
    expect(GC_FRAME.name).toBe('<GC>');
  });
});

describe('samplesTree (diff of captures)', () => {
  const samples = [{ time: 0, traces: [running, waiting, asleep, inC, collecting] }];
  it('applies --mode as record does', () => {
    expect(samplesTree(samples, 'a', traceFilter({})).total).toBe(3);
    expect(samplesTree(samples, 'a', traceFilter({ mode: 'wall' })).total).toBe(5);
    expect(samplesTree(samples, 'a', traceFilter({ mode: 'gil' })).total).toBe(2);
  });

  it('--gc: <GC> on top of the collecting stack only', () => {
    const t = samplesTree(samples, 'a', traceFilter({ gc: true }));
    const work = t.findChild(0, t.frameId('work', '/app/a.py'))!;
    const gc = t.findChild(work, t.frameId('<GC>', ''));
    expect(gc).toBeDefined();
    expect(t.totals()[work]).toBe(3);
    expect(t.totals()[gc!]).toBe(1);
    expect(t.self[work]).toBe(2);
    const plain = samplesTree(samples, 'a', traceFilter({}));
    expect(plain.size).toBe(2);
  });
});
