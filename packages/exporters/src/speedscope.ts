import { formatThreadId } from '@pyglass/model';
import { exportersVersion, type RecorderOptions } from './options.js';
import { BaseRecorder } from './recorder.js';
import type { StackNode, ThreadState } from './stacks.js';
import { classicFormat } from './classic.js';

/**
 * speedscope "sampled" profiles, one per (pid, thread). Consecutive identical stacks of a thread are merged into one
 * sample whose weight is the sum (the format allows any weight), so memory grows with stack changes, not samples.
 */
export class SpeedscopeRecorder extends BaseRecorder {
  readonly format = 'speedscope' as const;

  constructor(options: RecorderOptions) {
    super(options, { byLabel: false, perThread: true });
  }

  /** Number of (stack, weight) runs held, over all threads. */
  get runs(): number {
    let n = 0;
    for (const t of this.collector.threadList) n += t.runNodes.length;
    return n;
  }

  protected override added(t: ThreadState, node: StackNode): void {
    const last = t.runNodes.length - 1;
    if (last >= 0 && t.runNodes[last] === node) t.runCounts[last]!++;
    else {
      t.runNodes.push(node);
      t.runCounts.push(1);
    }
  }

  protected render(): string {
    const weight = 1 / this.options.sampleRate;
    const subprocesses = this.collector.threadList.some((t) => t.processInfo !== undefined);
    const stackJson = new Map<StackNode, string>();
    const stackOf = (n: StackNode): string => {
      let s = stackJson.get(n);
      if (s === undefined) {
        s = '[' + n.framesRootToLeaf().map((f) => f.id).join(',') + ']';
        stackJson.set(n, s);
      }
      return s;
    };
    const profiles = this.collector.threadList
      .filter((t) => t.runNodes.length > 0)
      .map((t) => {
        const tid = formatThreadId({ threadId: t.threadId, osThreadId: t.osThreadId });
        const interp = t.interpreterId ? ` (interpreter ${t.interpreterId})` : '';
        const name = `${subprocesses ? `Process ${t.pid} ` : ''}Thread ${tid}${interp} "${t.name ?? ''}"`;
        let samples = 0;
        const weights: string[] = [];
        for (const c of t.runCounts) {
          samples += c;
          weights.push(JSON.stringify(c * weight));
        }
        const body =
          `{"type":"sampled","name":${JSON.stringify(name)},"unit":"seconds","startValue":0,` +
          `"endValue":${JSON.stringify(samples * weight)},` +
          `"samples":[${t.runNodes.map(stackOf).join(',')}],"weights":[${weights.join(',')}]}`;
        return { name, body };
      });
    profiles.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const frames = this.collector.frames.recs.map((f) => {
      const o: { name: string; file: string; line?: number } = { name: f.name, file: f.filename };
      if (this.showLines && !f.synthetic) o.line = f.line;
      return JSON.stringify(o);
    });
    return (
      `{"$schema":"https://www.speedscope.app/file-format-schema.json",` +
      `"profiles":[${profiles.map((p) => p.body).join(',')}],` +
      `"shared":{"frames":[${frames.join(',')}]},` +
      `"activeProfileIndex":0,"exporter":${JSON.stringify(`pyglass@${exportersVersion()}`)},` +
      `"name":${JSON.stringify(this.options.title ?? 'pyglass profile')}}\n`
    );
  }
}

/** `speedscope`: the registry entry. */
export const speedscopeFormat = classicFormat(
  {
    extensions: ['json'],
    binary: false,
    description: 'speedscope JSON: a timeline per thread (https://www.speedscope.app/)',
    wrote: 'speedscope file',
    viewHint: () => 'Visit https://www.speedscope.app/ to view',
  },
  (options) => new SpeedscopeRecorder(options),
);
