import { describe, expect, it } from 'vitest';
import { SortColumn, TopStats, type FunctionStat } from '../src/commands/top/stats.js';
import { sample, trace } from './top-synthetic.js';

function byLabel(list: readonly FunctionStat[]): Record<string, [number, number]> {
  return Object.fromEntries(list.map((s) => [s.label, [s.overallOwn, s.overallTotal]]));
}

describe('TopStats aggregation', () => {
  it('counts own for the leaf and total for every frame on the stack', () => {
    const stats = new TopStats();
    stats.add(sample([trace(['heavy busy.py:14', 'work busy.py:22', '<module> busy.py:27'])]));
    stats.add(sample([trace(['light busy.py:7', 'work busy.py:23', '<module> busy.py:27'])]));
    stats.add(sample([trace(['heavy busy.py:15', 'work busy.py:22', '<module> busy.py:27'])]));
    expect(byLabel(stats.all('function'))).toEqual({
      'heavy (busy.py)': [2, 2],
      'work (busy.py)': [0, 3],
      '<module> (busy.py)': [0, 3],
      'light (busy.py)': [1, 1],
    });
    expect(stats.overallSamples).toBe(3);
  });

  it('keys lines by name, file and line; line 0 has no line suffix', () => {
    const stats = new TopStats();
    stats.add(sample([trace(['heavy busy.py:14', 'work busy.py:22'])]));
    stats.add(sample([trace(['heavy busy.py:15', 'work busy.py:22'])]));
    stats.add(sample([trace(['native libfoo.so:0', 'work busy.py:23'])]));
    expect(byLabel(stats.all('line'))).toEqual({
      'heavy (busy.py:14)': [1, 1],
      'heavy (busy.py:15)': [1, 1],
      'work (busy.py:22)': [0, 2],
      'work (busy.py:23)': [0, 1],
      'native (libfoo.so)': [1, 1],
    });
    expect(byLabel(stats.all('function'))['heavy (busy.py)']).toEqual([2, 2]);
  });

  it('counts a recursive function once per trace, own only when it is the leaf', () => {
    const stats = new TopStats();
    // fib → fib → fib → main: one trace, fib is both the leaf and repeated
    stats.add(sample([trace(['fib r.py:3', 'fib r.py:4', 'fib r.py:4', 'main r.py:9'])]));
    // leaf helper, fib recursing above it
    stats.add(sample([trace(['helper r.py:1', 'fib r.py:4', 'fib r.py:4', 'main r.py:9'])]));
    const fn = byLabel(stats.all('function'));
    expect(fn['fib (r.py)']).toEqual([1, 2]);
    expect(fn['main (r.py)']).toEqual([0, 2]);
    const ln = byLabel(stats.all('line'));
    // by line, fib:3 and fib:4 are different labels: each counted once per trace
    expect(ln['fib (r.py:3)']).toEqual([1, 1]);
    expect(ln['fib (r.py:4)']).toEqual([0, 2]);
  });

  it('counts the same label in two traces of one sample twice (two threads)', () => {
    const stats = new TopStats();
    stats.add(sample([trace(['spin t.py:2', 'run t.py:5'], { threadId: 1 }), trace(['spin t.py:2', 'run t.py:5'], { threadId: 2 })]));
    expect(byLabel(stats.all('function'))['spin (t.py)']).toEqual([2, 2]);
    expect(stats.threads).toBe(2);
  });

  it('skips idle threads unless includeIdle, and non-GIL threads with gilOnly', () => {
    const traces = [trace(['sleep a.py:1'], { active: false, ownsGil: false }), trace(['compute a.py:2'], { ownsGil: false }), trace(['hold a.py:3'])];
    const plain = new TopStats();
    plain.add(sample(traces));
    expect(Object.keys(byLabel(plain.all('function'))).sort()).toEqual(['compute (a.py)', 'hold (a.py)']);
    const idle = new TopStats({ includeIdle: true });
    idle.add(sample(traces));
    expect(Object.keys(byLabel(idle.all('function'))).sort()).toEqual(['compute (a.py)', 'hold (a.py)', 'sleep (a.py)']);
    const gil = new TopStats({ gilOnly: true });
    gil.add(sample(traces));
    expect(Object.keys(byLabel(gil.all('function')))).toEqual(['hold (a.py)']);
    expect(gil.threads).toBe(3);
  });

  it('labels with the short filename unless fullFilenames', () => {
    const short = new TopStats();
    short.add(sample([trace(['f pkg/m.py:1'])]));
    expect(short.all('function')[0]!.label).toBe('f (pkg/m.py)');
    const full = new TopStats({ fullFilenames: true });
    full.add(sample([trace(['f pkg/m.py:1'])]));
    expect(full.all('function')[0]!.label).toBe('f (/src/pkg/m.py)');
  });

  it('moves current counts to shown ones at each interval and keeps overall counts', () => {
    const stats = new TopStats();
    stats.add(sample([trace(['a x.py:1', 'main x.py:9'])]));
    stats.add(sample([trace(['b x.py:2', 'main x.py:9'])], { late: 5 }));
    stats.endInterval();
    stats.add(sample([trace(['b x.py:2', 'main x.py:9'])]));
    stats.endInterval();
    const b = stats.all('function').find((s) => s.label === 'b (x.py)')!;
    const a = stats.all('function').find((s) => s.label === 'a (x.py)')!;
    expect([b.shownOwn, b.shownTotal, b.overallOwn, b.overallTotal]).toEqual([1, 1, 2, 2]);
    expect([a.shownOwn, a.overallOwn]).toEqual([0, 1]);
    expect(stats.shownSamples).toBe(1);
    expect(stats.shownLate).toBe(0);
    expect(stats.overallSamples).toBe(3);
    expect([stats.shownGil, stats.shownActive]).toEqual([1, 1]);
  });

  it('tracks sampling errors and resets everything', () => {
    const stats = new TopStats();
    stats.add(sample([], { samplingErrors: [{ pid: 1, error: new Error('read failed\nmore') }] }));
    stats.add(sample([trace(['a x.py:1'])]));
    expect(stats.errorRate()).toBe(0.5);
    expect(stats.lastError).toBe('read failed');
    stats.reset();
    expect(stats.overallSamples).toBe(0);
    expect(stats.errorRate()).toBe(0);
    expect(stats.all('function')).toEqual([]);
    stats.add(sample([trace(['a x.py:1'])]));
    expect(byLabel(stats.all('function'))).toEqual({ 'a (x.py)': [1, 1] });
  });

  it('sorts by each column, largest first, and limits rows', () => {
    const stats = new TopStats();
    // interval 1: a is the hot leaf; interval 2: only b runs
    for (let i = 0; i < 5; i++) stats.add(sample([trace(['a x.py:1', 'main x.py:9'])]));
    stats.endInterval();
    for (let i = 0; i < 2; i++) stats.add(sample([trace(['b x.py:2', 'main x.py:9'])]));
    stats.endInterval();
    const labels = (c: SortColumn) => stats.rows('function', c).map((s) => s.label);
    expect(labels(SortColumn.OwnTime)).toEqual(['a (x.py)', 'b (x.py)', 'main (x.py)']);
    expect(labels(SortColumn.TotalTime)).toEqual(['main (x.py)', 'a (x.py)', 'b (x.py)']);
    expect(labels(SortColumn.OwnPercent)).toEqual(['b (x.py)', 'a (x.py)', 'main (x.py)']);
    expect(labels(SortColumn.TotalPercent)).toEqual(['main (x.py)', 'b (x.py)', 'a (x.py)']);
    expect(stats.rows('function', SortColumn.OwnTime, 1).map((s) => s.label)).toEqual(['a (x.py)']);
  });
});
