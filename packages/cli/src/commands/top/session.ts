/**
 * The `pyglass top` loop: reads samples, counts them, redraws every `delay` seconds of samples
 * (and early, at 10, 100 and 500 samples, so the first screen comes quickly), reacts to keys and
 * resizes, and ends on quit, a signal, the end of the samples or the target's exit.
 */
import type { Sample } from '@pyglass/model';
import { applyKey, parseKeys } from './keys.js';
import { initialView, renderScreen, type HeaderInfo, type ViewState } from './render.js';
import type { TopStats } from './stats.js';
import type { TopScreen } from './terminal.js';

/** What top reads samples from: the Sampler, or anything shaped like it. */
export interface SampleSource extends AsyncIterable<Sample> {
  stop(): void;
}

export type SessionEnd =
  /** q or Ctrl-C. */
  | { reason: 'quit' }
  /** SIGINT / SIGTERM / SIGHUP. */
  | { reason: 'signal'; signal: NodeJS.Signals }
  /** The samples ended (the process exited) or the launched target exited. */
  | { reason: 'ended' };

export interface SessionOptions {
  source: SampleSource;
  stats: TopStats;
  info: HeaderInfo;
  screen: TopScreen;
  /** Resolves when a launched target exits. */
  targetExited?: Promise<unknown> | undefined;
  /** Signals that end the session (default SIGINT, SIGTERM, SIGHUP). */
  signals?: NodeJS.Signals[];
}

const earlyRefreshes = new Set([10, 100, 500]);

export class TopSession {
  readonly view: ViewState = initialView();
  private elapsed = 0;
  private endSession: ((end: SessionEnd) => void) | undefined;

  constructor(private readonly options: SessionOptions) {}

  /** Redraws from what is already counted (keys, resize). */
  redraw(): void {
    const { screen, stats, info } = this.options;
    const { width, height } = screen.size();
    screen.draw(renderScreen(stats, info, this.view, { width, height, ansi: screen.interactive, keyHint: screen.interactive }));
  }

  /**
   * The current table as plain lines (no escape codes, no key hint), to leave on the terminal when
   * top ends: half the terminal's height, so what was on the terminal before top stays in view.
   */
  finalTable(): string[] {
    const { screen, stats, info } = this.options;
    const { width, height } = screen.size();
    return renderScreen(stats, info, this.view, { width, height: Math.max(8, Math.floor(height / 2)), ansi: false, keyHint: false });
  }

  /** Ends the interval and draws it. */
  refresh(): void {
    this.options.stats.endInterval();
    this.elapsed = 0;
    this.redraw();
  }

  /** Counts one sample; refreshes when due. */
  onSample(sample: Sample): void {
    const { stats, info } = this.options;
    stats.add(sample);
    this.elapsed += 1 / info.rate;
    if (earlyRefreshes.has(stats.overallSamples) || this.elapsed >= info.delay) this.refresh();
  }

  /** Handles raw keyboard input. */
  onKeys(input: string): void {
    let redraw = false;
    for (const action of parseKeys(input)) {
      const result = applyKey(this.view, action);
      if (result.quit) {
        this.endSession?.({ reason: 'quit' });
        return;
      }
      if (result.reset) {
        this.options.stats.reset();
        this.elapsed = 0;
      }
      redraw ||= result.redraw;
    }
    if (redraw) this.redraw();
  }

  /** Runs until quit, a signal, or the end of the target; always stops the source. */
  async run(onStart?: (session: TopSession) => void): Promise<SessionEnd> {
    const { source, targetExited } = this.options;
    const ended = new Promise<SessionEnd>((resolve) => {
      this.endSession = resolve;
    });
    const signals = this.options.signals ?? ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const onSignal = (signal: NodeJS.Signals) => this.endSession?.({ reason: 'signal', signal });
    for (const s of signals) process.on(s, onSignal);
    targetExited?.then(
      () => this.endSession?.({ reason: 'ended' }),
      () => this.endSession?.({ reason: 'ended' }),
    );
    const iterator = source[Symbol.asyncIterator]();
    try {
      onStart?.(this);
      // a first screen right away on a terminal; plain output waits for samples
      if (this.options.screen.interactive) this.redraw();
      for (;;) {
        const next = await Promise.race([iterator.next(), ended]);
        if ('reason' in next) return next;
        if (next.done) return { reason: 'ended' };
        this.onSample(next.value);
      }
    } finally {
      for (const s of signals) process.removeListener(s, onSignal);
      this.endSession = undefined;
      source.stop();
      // do not wait: a sampler blocked in a read finishes on its own
      void Promise.resolve(iterator.return?.()).catch(() => {});
    }
  }
}
