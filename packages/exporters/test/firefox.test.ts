/**
 * The Firefox Profiler output: tracks per thread grouped by process, samples at their own times,
 * frame categories, state and asyncio-task interval markers, and the format's invariants (the
 * checker in tools/testing, which must also catch broken files).
 */
import { describe, expect, it } from 'vitest';
import { LineNo, ThreadStates, type Sample } from '@pyglass/model';
import { FirefoxRenderer, FirefoxCategory } from '../src/index.js';
import { checkFirefoxProfile } from '../../../tools/testing/firefox-profile-check.js';
import { child, dec, fixtureSamples, trace, worker, MAIN, MAIN2, WORKER } from './helpers.js';

const START = 1_700_000_000_000;
const { OnCpu, HoldsGil, WaitingForGil, GcCollecting, HandlingException } = ThreadStates;

type Profile = {
  meta: { startTime: number; interval: number; categories: { name: string }[] };
  shared: { stringArray: string[] };
  threads: Array<{
    name: string; pid: string; tid: number | string; isMainThread: boolean; processName: string;
    samples: { stack: (number | null)[]; time: number[]; length: number };
    stackTable: { frame: number[]; prefix: (number | null)[] };
    frameTable: { func: number[]; category: number[]; line: (number | null)[] };
    funcTable: { name: number[]; fileName: (number | null)[] };
    markers: { name: number[]; startTime: number[]; endTime: number[]; data: Array<Record<string, unknown>>; length: number };
  }>;
};

function render(samples: Sample[], o: { idle?: boolean; gil?: boolean; nolineno?: boolean } = {}): Profile {
  const r = new FirefoxRenderer({ sampleRate: 100, lineNo: o.nolineno ? LineNo.NoLine : LineNo.LastInstruction, includeThreadIds: false, includeIdle: o.idle ?? false, gilOnly: o.gil ?? false, startTime: START, title: 'pyglass record -f firefox' });
  for (const s of samples) r.add(s);
  const text = dec(r.finish());
  const profile = JSON.parse(text) as Profile;
  expect(checkFirefoxProfile(profile)).toEqual([]);
  return profile;
}

/** The root→leaf function names of a sample's stack. */
function stackNames(p: Profile, t: Profile['threads'][number], i: number): string[] {
  const out: string[] = [];
  for (let s = t.samples.stack[i]!; s !== null; s = t.stackTable.prefix[s]!) out.push(p.shared.stringArray[t.funcTable.name[t.frameTable.func[t.stackTable.frame[s]!]!]!]!);
  return out.reverse();
}

function markers(p: Profile, t: Profile['threads'][number]): Array<[string, number, number]> {
  return t.markers.name.map((n, i) => [p.shared.stringArray[n]!, t.markers.startTime[i]!, t.markers.endTime[i]!]);
}

describe('firefox profile', () => {
  it('has one track per thread named by its Python name and id, every sample at its own time', () => {
    const p = render(fixtureSamples());
    expect(p.threads.map((t) => t.name)).toEqual(['MainThread (101)', 'Worker-1 (102)']);
    expect(p.threads.map((t) => t.isMainThread)).toEqual([true, false]);
    const main = p.threads[0]!;
    expect(main.samples.time).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(stackNames(p, main, 0)).toEqual(['<module>', 'main', 'work']);
    expect(stackNames(p, main, 2)).toEqual(['<module>', 'main', 'idle']);
    expect(main.frameTable.line.filter((l) => l !== null).sort()).toEqual([10, 20, 3, 5, 6].sort());
    expect(p.meta.startTime).toBe(START);
  });

  it('marks the main thread of each process and groups processes by pid (-s)', () => {
    const samples: Sample[] = [];
    for (let i = 0; i < 5; i++) {
      samples.push({ time: START + i * 10, traces: [
        trace(MAIN, { pid: 100, osThreadId: 100, processInfo: child.parent }),
        trace(MAIN2, { pid: 200, osThreadId: 200, processInfo: child }),
        worker(WORKER, { pid: 200, processInfo: child }),
      ] });
    }
    const p = render(samples);
    expect(p.threads.map((t) => [t.pid, t.name, t.isMainThread, t.processName])).toEqual([
      ['100', 'MainThread (100)', true, 'python parent.py'],
      ['200', 'MainThread (200)', true, 'python child.py'],
      ['200', 'Worker-1 (102)', false, 'python child.py'],
    ]);
  });

  it('draws interval markers for runs of each state, named as CPython\'s sampler names them', () => {
    const states = [OnCpu | HoldsGil, OnCpu | HoldsGil, WaitingForGil, WaitingForGil, OnCpu | HoldsGil | GcCollecting, HandlingException | OnCpu | HoldsGil];
    const samples = states.map((s, i) => ({ time: START + i * 10, traces: [trace(MAIN, { states: s, active: (s & OnCpu) !== 0, ownsGil: (s & HoldsGil) !== 0 })] }));
    const p = render(samples, { idle: true });
    const got = markers(p, p.threads[0]!).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    expect(got).toEqual([
      ['Has GIL', 0, 20], ['On CPU', 0, 20],
      ['Waiting for GIL', 20, 40],
      ['GC Collecting', 40, 50], ['Has GIL', 40, 60], ['On CPU', 40, 60],
      ['Exception', 50, 60],
    ]);
    // the idle samples' innermost frame is in the Idle category, the others Python
    const t = p.threads[0]!;
    const leafCategory = (i: number) => t.frameTable.category[t.stackTable.frame[t.samples.stack[i]!]!];
    expect([0, 1, 2, 3].map(leafCategory)).toEqual([FirefoxCategory.Python, FirefoxCategory.Python, FirefoxCategory.Idle, FirefoxCategory.Idle]);
  });

  it('ends a run where the thread was filtered out, and names the asyncio task each sample ran', () => {
    const samples: Sample[] = [0, 1, 2, 3, 4].map((i) => ({
      time: START + i * 10,
      traces: [trace(MAIN, { active: i !== 2, states: i !== 2 ? OnCpu : 0, asyncioTask: i < 4 ? { id: 0x10, name: 'Task-1' } : { id: 0x20, name: 'Task-2' } })],
    }));
    const p = render(samples);
    const got = markers(p, p.threads[0]!).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    expect(got).toEqual([['On CPU', 0, 20], ['Task-1', 0, 20], ['On CPU', 30, 50], ['Task-1', 30, 40], ['Task-2', 40, 50]]);
  });

  it('categorises native frames and <GC> frames', () => {
    const native = { name: 'PyObject_Call', filename: 'libpython3.12.so', module: '/usr/lib/libpython3.12.so', line: 0, isEntry: false, isShimEntry: false };
    const gc = { name: '<GC>', filename: '', line: 0, isEntry: false, isShimEntry: false };
    const t = trace(MAIN);
    const p = render([{ time: START, traces: [{ ...t, frames: [gc, native, ...t.frames] }] }]);
    const th = p.threads[0]!;
    const cats = th.funcTable.name.map((n, f) => [p.shared.stringArray[n], th.frameTable.category[th.frameTable.func.indexOf(f)]]);
    expect(cats).toEqual([['<module>', FirefoxCategory.Python], ['main', FirefoxCategory.Python], ['work', FirefoxCategory.Python], ['PyObject_Call', FirefoxCategory.Native], ['<GC>', FirefoxCategory.GC]]);
  });

  it('applies the record filters: --gil keeps the GIL holder only, --nolineno drops lines', () => {
    const samples = fixtureSamples().map((s) => ({ ...s, traces: s.traces.map((t, i) => ({ ...t, ownsGil: i === 0 })) }));
    const p = render(samples, { gil: true, nolineno: true });
    expect(p.threads.map((t) => t.name)).toEqual(['MainThread (101)']);
    expect(p.threads[0]!.frameTable.line.every((l) => l === null)).toBe(true);
  });
});

describe('firefox profile checker', () => {
  it('finds broken indexes, times going back and inverted markers', () => {
    const r = new FirefoxRenderer({ sampleRate: 100, includeThreadIds: false, startTime: START });
    for (const s of fixtureSamples()) r.add({ ...s, traces: s.traces.map((t) => ({ ...t, states: OnCpu })) });
    const good = JSON.parse(dec(r.finish())) as Profile;
    expect(checkFirefoxProfile(good)).toEqual([]);
    const broken = (edit: (p: Profile) => void) => {
      const p = structuredClone(good);
      edit(p);
      return checkFirefoxProfile(p);
    };
    expect(broken((p) => { p.threads[0]!.samples.stack[3] = 999; })).toEqual([expect.stringContaining('samples.stack[3]: 999 out of range')]);
    expect(broken((p) => { p.threads[0]!.samples.time[5] = 1; })).toEqual([expect.stringContaining('goes back')]);
    expect(broken((p) => { p.threads[0]!.markers.startTime[0] = 1e9; })).toEqual([expect.stringContaining('after it ends')]);
    expect(broken((p) => { p.threads[0]!.frameTable.func[0] = -1; })).toEqual([expect.stringContaining('frameTable.func[0]')]);
    expect(broken((p) => { p.threads[0]!.stackTable.prefix[0] = 0; })).toEqual([expect.stringContaining('not an earlier stack')]);
    expect(broken((p) => { (p.meta as Record<string, unknown>).preprocessedProfileVersion = 70; })).toEqual([expect.stringContaining('expected 57')]);
    expect(broken((p) => { p.threads[1]!.funcTable.name.pop(); })).toEqual([expect.stringContaining('entries, the table has')]);
  });
});
