import { describe, expect, it } from 'vitest';
import { applyKey, parseKeys } from '../src/commands/top/keys.js';
import { displayTime, formatRow, headerLines, initialView, renderScreen, tableHeader, type HeaderInfo } from '../src/commands/top/render.js';
import { SortColumn, TopStats } from '../src/commands/top/stats.js';
import { TopSession, type SampleSource } from '../src/commands/top/session.js';
import type { TopScreen } from '../src/commands/top/terminal.js';
import type { Sample } from '@pyglass/sampler';
import { sample, trace } from './top-synthetic.js';

const info: HeaderInfo = { command: 'python3 busy.py', version: '3.12.1', subprocesses: false, rate: 100, delay: 1 };
const plain = { width: 200, height: 40, ansi: false, keyHint: false };

function busyStats(): TopStats {
  const stats = new TopStats();
  for (let i = 0; i < 300; i++) stats.add(sample([trace(['heavy busy.py:14', 'work busy.py:22', '<module> busy.py:27'])]));
  for (let i = 0; i < 100; i++) stats.add(sample([trace(['light busy.py:7', 'work busy.py:23', '<module> busy.py:27'])]));
  stats.endInterval();
  return stats;
}

describe('top layout', () => {
  it('formats times like py-spy display_time', () => {
    expect(displayTime(0.01)).toBe('0.010');
    expect(displayTime(1)).toBe('1.00');
    expect(displayTime(99.999)).toBe('100.00');
    expect(displayTime(100)).toBe('100.0');
    expect(displayTime(1000)).toBe('1000.0');
    expect(displayTime(1234.5)).toBe('1235');
  });

  it('formats rows with py-spy widths, and the header lines up with them', () => {
    const row = formatRow(75, 100, 3, 4, 'heavy (busy.py)');
    expect(row).toBe(' 75.00% 100.00%    3.00s     4.00s   heavy (busy.py)');
    const header = tableHeader(initialView(), false);
    expect(header).toBe('   %Own  %Total  OwnTime TotalTime   Function (filename)');
    expect(header.indexOf('Function')).toBe(row.indexOf('heavy'));
    expect(header.indexOf('%Total') + '%Total'.length).toBe(row.indexOf('100.00%') + '100.00%'.length);
  });

  it('renders the header, the table by function sorted by OwnTime', () => {
    const lines = renderScreen(busyStats(), info, initialView(), plain);
    expect(lines.slice(0, 3)).toEqual([
      "Collecting samples from 'python3 busy.py' (python v3.12.1)",
      'Total Samples 400',
      'GIL: 100.00%, Active: 100.00%, Threads: 1',
    ]);
    expect(lines[3]).toBe('');
    expect(lines.slice(5)).toEqual([
      ' 75.00%  75.00%    3.00s     3.00s   heavy (busy.py)',
      ' 25.00%  25.00%    1.00s     1.00s   light (busy.py)',
      '  0.00% 100.00%   0.000s     4.00s   <module> (busy.py)',
      '  0.00% 100.00%   0.000s     4.00s   work (busy.py)',
    ]);
  });

  it('shows line labels in line mode and sorts by the chosen column', () => {
    const view = { ...initialView(), mode: 'line' as const, sort: SortColumn.TotalTime };
    const lines = renderScreen(busyStats(), info, view, plain);
    expect(lines[4]).toContain('Function (filename:line)');
    expect(lines.slice(5).map((l) => l.slice(37))).toEqual([
      '<module> (busy.py:27)',
      'heavy (busy.py:14)',
      'work (busy.py:22)',
      'light (busy.py:7)',
      'work (busy.py:23)',
    ]);
  });

  it('shows the error rate when at least 1 % of more than 100 samples failed', () => {
    const stats = busyStats();
    expect(headerLines(stats, info)[1]).toBe('Total Samples 400');
    for (let i = 0; i < 10; i++) stats.add(sample([], { samplingErrors: [{ pid: 1, error: new Error('process 1 is gone') }] }));
    expect(headerLines(stats, info)[1]).toBe('Total Samples 410, Error Rate 2.44% (process 1 is gone)');
  });

  it('warns when more than 10 % of samples are late and the delay is over 1 s', () => {
    const stats = new TopStats();
    for (let i = 0; i < 10; i++) stats.add(sample([trace(['a x.py:1'])], i < 2 ? { late: 250 } : {}));
    stats.endInterval();
    expect(headerLines(stats, info).some((l) => l.startsWith('Warning'))).toBe(false);
    expect(headerLines(stats, { ...info, delay: 2 })).toContain('Warning: sampling is 0.250s behind, results may be inaccurate: try a lower --rate.');
  });

  it('fits the terminal: width cut, rows limited by the height, key hint on the last line', () => {
    const stats = busyStats();
    const lines = renderScreen(stats, info, initialView(), { width: 30, height: 8, ansi: false, keyHint: true });
    expect(lines).toHaveLength(8);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    // 4 header lines + table header = 5; 2 rows; hint
    expect(lines[5]).toBe(' 75.00%  75.00%    3.00s     3');
    expect(lines[7]).toBe('Keys: 1-4 sort by column, L li');
    const wide = renderScreen(stats, info, initialView(), { width: 300, height: 100, ansi: true, keyHint: true });
    expect(wide).toHaveLength(100);
    expect(wide[4]).toContain('\x1b[7m');
    expect(wide[4]).toContain('\x1b[1m OwnTime\x1b[22m');
  });

  it('shows the help screen', () => {
    const lines = renderScreen(busyStats(), info, { ...initialView(), help: true }, plain);
    expect(lines[0]).toContain('keyboard shortcuts');
    expect(lines.join('\n')).toMatch(/L, l +toggle aggregation/);
  });
});

describe('top keys', () => {
  it('parses keys, skipping escape sequences', () => {
    expect(parseKeys('1\x1b[A4lR?xq\x03').map((a) => a.kind)).toEqual(['sort', 'sort', 'toggle-lines', 'reset', 'help', 'leave-help', 'quit', 'quit']);
    expect(parseKeys('\x1b')).toEqual([{ kind: 'leave-help' }]);
    expect(parseKeys('2')).toEqual([{ kind: 'sort', column: SortColumn.TotalPercent }]);
    expect(parseKeys('zZ \r')).toEqual([]);
  });

  it('applies keys to the view', () => {
    const view = initialView();
    expect(view).toEqual({ sort: SortColumn.OwnTime, mode: 'function', help: false });
    applyKey(view, { kind: 'sort', column: SortColumn.TotalTime });
    applyKey(view, { kind: 'toggle-lines' });
    expect(view).toEqual({ sort: SortColumn.TotalTime, mode: 'line', help: false });
    applyKey(view, { kind: 'help' });
    expect(view.help).toBe(true);
    applyKey(view, { kind: 'help' });
    expect(view.help).toBe(false);
    applyKey(view, { kind: 'help' });
    expect(applyKey(view, { kind: 'leave-help' })).toEqual({ redraw: true });
    expect(applyKey(view, { kind: 'leave-help' })).toEqual({ redraw: false });
    expect(applyKey(view, { kind: 'reset' })).toEqual({ redraw: true, reset: true });
    expect(applyKey(view, { kind: 'quit' })).toEqual({ redraw: false, quit: true });
  });
});

/** A screen that keeps what was drawn. */
class MemoryScreen implements TopScreen {
  readonly interactive = false;
  frames: string[][] = [];
  size() {
    return { width: 200, height: 40 };
  }
  draw(lines: string[]) {
    this.frames.push(lines);
  }
  restore() {}
}

/** A source yielding `samples` then either ending or waiting forever; records stop(). */
function source(samples: Sample[], end: boolean): SampleSource & { stopped: boolean } {
  const src = {
    stopped: false,
    stop() {
      src.stopped = true;
    },
    async *[Symbol.asyncIterator]() {
      for (const s of samples) {
        await Promise.resolve();
        yield s;
      }
      if (!end) await new Promise(() => {});
    },
  };
  return src;
}

describe('top session', () => {
  const many = (n: number) => Array.from({ length: n }, () => sample([trace(['heavy busy.py:14', 'work busy.py:22'])]));

  it('draws at start, at 10 and 100 samples and every delay, and ends with the samples', async () => {
    const screen = new MemoryScreen();
    const src = source(many(250), true);
    const session = new TopSession({ source: src, stats: new TopStats(), info, screen, signals: [] });
    const end = await session.run();
    expect(end).toEqual({ reason: 'ended' });
    expect(src.stopped).toBe(true);
    // 10, 100 (elapsed ≥ 1 s at 100 too: one refresh), 200; no empty first screen in plain mode
    expect(screen.frames.map((f) => f[1])).toEqual(['Total Samples 10', 'Total Samples 100', 'Total Samples 200']);
    expect(screen.frames[2]![5]).toBe('100.00% 100.00%    2.00s     2.00s   heavy (busy.py)');
  });

  it('quits on q, redraws on sort keys and resets on R', async () => {
    const screen = new MemoryScreen();
    const stats = new TopStats();
    const session = new TopSession({ source: source(many(20), false), stats, info, screen, signals: [] });
    const running = session.run();
    await new Promise((r) => setTimeout(r, 10));
    session.onKeys('4');
    expect(screen.frames).toHaveLength(2); // the refresh at 10 samples, then the key
    expect(screen.frames.at(-1)![5]).toContain('heavy (busy.py)');
    expect(session.view.sort).toBe(SortColumn.TotalTime);
    session.onKeys('r');
    expect(stats.overallSamples).toBe(0);
    expect(screen.frames.at(-1)![1]).toBe('Total Samples 0');
    session.onKeys('q');
    expect(await running).toEqual({ reason: 'quit' });
  });

  it('ends when the launched target exits', async () => {
    let exit!: () => void;
    const targetExited = new Promise<void>((r) => (exit = r));
    const src = source([], false);
    const session = new TopSession({ source: src, stats: new TopStats(), info, screen: new MemoryScreen(), targetExited, signals: [] });
    const running = session.run();
    exit();
    expect(await running).toEqual({ reason: 'ended' });
    expect(src.stopped).toBe(true);
  });

  it('propagates sampler errors after stopping', async () => {
    const src = {
      stopped: false,
      stop() {
        src.stopped = true;
      },
      async *[Symbol.asyncIterator](): AsyncGenerator<Sample> {
        throw new Error('permission denied reading process 1');
      },
    };
    const session = new TopSession({ source: src, stats: new TopStats(), info, screen: new MemoryScreen(), signals: [] });
    await expect(session.run()).rejects.toThrow('permission denied');
    expect(src.stopped).toBe(true);
  });
});
