/**
 * The full-screen terminal handling of `pyglass top` in a real terminal (a private tmux server):
 * raw keys, alternate screen, hidden cursor, resize re-layout and the restore on q, Ctrl-C,
 * SIGTERM and the end of the samples. The samples are synthetic here (a fixed stack mix, at
 * 100 Hz) so this runs without the sampler; top-e2e.test.ts runs the real command on Python.
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tmux, exitedScreen, bundle, bundleRoot, source, tableLabels, totalSamples, waitFor } from './top-harness.js';

const entry = `
import { TopSession } from ${source('commands/top/session.ts')};
import { TopStats } from ${source('commands/top/stats.ts')};
import { TtyScreen } from ${source('commands/top/terminal.ts')};

const frame = (name, line) => ({ name, filename: '/app/hot.py', shortFilename: 'hot.py', line, isEntry: false, isShimEntry: false });
const limit = Number(process.argv[2] ?? Infinity);
const samples = {
  stopped: false,
  stop() { this.stopped = true; },
  async *[Symbol.asyncIterator]() {
    for (let i = 1; !this.stopped && i <= limit; i++) {
      await new Promise((r) => setTimeout(r, 10));
      const leaf = i % 10 === 0 ? frame('light', 5) : frame('heavy', 12 + (i % 2));
      yield { time: Date.now(), traces: [{ pid: 1, threadId: 1, active: true, ownsGil: true, frames: [leaf, frame('work', 20), frame('<module>', 30)] }] };
    }
  },
};
const screen = new TtyScreen();
const session = new TopSession({ source: samples, stats: new TopStats(), info: { command: 'synthetic', version: '3.12.0', subprocesses: false, rate: 100, delay: 0.3 }, screen });
try {
  const end = await session.run((s) => screen.start((input) => s.onKeys(input), () => s.redraw()));
  screen.restore();
  console.log('END ' + end.reason);
} finally {
  screen.restore();
}
`;

describe('top full-screen terminal', () => {
  let viewer: string;
  const tmuxes: Tmux[] = [];

  beforeAll(async () => {
    viewer = await bundle('top-viewer', entry);
  });

  afterAll(() => {
    for (const t of tmuxes) t.kill();
    rmSync(bundleRoot(), { recursive: true, force: true });
  });

  function run(args = ''): { t: Tmux; show: () => string } {
    const t = new Tmux();
    tmuxes.push(t);
    t.start(`printf 'BEFORE TOP\\n'; node ${viewer} ${args}; echo "EXIT=$?"; stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\{0,1\\}icanon'; sleep 600`);
    return { t, show: () => t.screen().join('\n') };
  }

  async function restored(t: Tmux, show: () => string, end: string): Promise<void> {
    const after = await waitFor('the viewer to exit', () => exitedScreen(t), show);
    expect(after.join('\n')).toContain(`END ${end}`);
    expect(after.join('\n')).toContain('EXIT=0');
    expect(after.join('\n')).toContain('BEFORE TOP'); // the alternate screen left the shell's screen intact
    expect(after).toContain('icanon'); // raw mode off again (not "-icanon")
    expect(t.modes()).toEqual({ alternate: false, cursor: true });
  }

  it('draws, refreshes, sorts on 1-4, toggles lines, shows help, re-lays out on resize, restores on q', async () => {
    const { t, show } = run();
    await waitFor('heavy on top', () => (tableLabels(t.screen())[0] === 'heavy (hot.py)' ? true : undefined), show);
    expect(t.modes()).toEqual({ alternate: true, cursor: false });
    const screen = t.screen();
    expect(screen[0]).toBe("Collecting samples from 'synthetic' (python v3.12.0)");
    expect(screen.at(-1)).toMatch(/^Keys: 1-4 sort/);
    const n0 = totalSamples(screen)!;
    await waitFor('a refresh', () => ((totalSamples(t.screen()) ?? 0) > n0 ? true : undefined), show);

    t.keys('4');
    await waitFor('TotalTime order', () => (tableLabels(t.screen()).join('|') === '<module> (hot.py)|work (hot.py)|heavy (hot.py)|light (hot.py)' ? true : undefined), show);
    t.keys('1');
    await waitFor('%Own order', () => (tableLabels(t.screen())[0] === 'heavy (hot.py)' ? true : undefined), show);
    t.keys('l');
    await waitFor('line labels', () => (tableLabels(t.screen()).some((l) => l === 'heavy (hot.py:12)') ? true : undefined), show);
    t.keys('?');
    await waitFor('help', () => (show().includes('keyboard shortcuts') ? true : undefined), show);
    t.keys('Escape');
    await waitFor('the table back', () => (tableLabels(t.screen()).length > 0 ? true : undefined), show);
    // R: the count restarts (it took ≥ 2 s to reach n1, so it is seen lower again)
    const n1 = await waitFor('200 samples', () => {
      const n = totalSamples(t.screen()) ?? 0;
      return n >= 200 ? n : undefined;
    }, show);
    t.keys('R');
    await waitFor('a reset', () => ((totalSamples(t.screen()) ?? Infinity) < n1 ? true : undefined), show);

    t.resize(50, 9);
    await waitFor('a re-layout at 50x9', () => {
      const s = t.screen();
      // 4 header lines + table header + rows + key hint on the last line
      return s.length === 9 && s[8]!.startsWith('Keys:') && s.every((l) => l.length <= 50) && tableLabels(s).length === 3 ? true : undefined;
    }, show);
    t.resize(160, 40);
    await waitFor('a re-layout at 160x40', () => (t.screen().length === 40 && t.screen()[39]!.startsWith('Keys:') ? true : undefined), show);

    t.keys('q');
    await restored(t, show, 'quit');
  });

  it('restores on Ctrl-C', async () => {
    const { t, show } = run();
    await waitFor('the table', () => (tableLabels(t.screen()).length > 0 ? true : undefined), show);
    t.keys('C-c');
    await restored(t, show, 'quit');
  });

  it('restores on SIGTERM', async () => {
    const { t, show } = run();
    await waitFor('the table', () => (tableLabels(t.screen()).length > 0 ? true : undefined), show);
    const shell = Number(t.tmux(['display-message', '-p', '-t', 'top', '#{pane_pid}']).trim());
    const node = Number(readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/)[0]);
    expect(readFileSync(`/proc/${node}/cmdline`, 'utf8')).toContain('top-viewer');
    process.kill(node, 'SIGTERM');
    await restored(t, show, 'signal');
  });

  it('restores when the samples end', async () => {
    const { t, show } = run('150');
    await restored(t, show, 'ended');
  });
});
