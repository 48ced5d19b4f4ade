import type { RecorderOptions } from './options.js';
import { BaseRecorder } from './recorder.js';
import type { StackNode } from './stacks.js';
import { classicFormat } from './classic.js';

/** Collapsed stacks line of a leaf: labels root→leaf joined by ';'. */
export function collapsedStack(node: StackNode): string {
  return node
    .framesRootToLeaf()
    .map((f) => f.label)
    .join(';');
}

/** Brendan Gregg's collapsed ("folded") stacks: `root;…;leaf count`, one line per distinct stack, sorted. */
export class RawRecorder extends BaseRecorder {
  readonly format = 'raw' as const;

  constructor(options: RecorderOptions) {
    super(options, { byLabel: true, perThread: false });
  }

  protected render(): string {
    const lines = this.collector.leaves.map((leaf) => `${collapsedStack(leaf)} ${leaf.self}`);
    lines.sort();
    return lines.length === 0 ? '' : lines.join('\n') + '\n';
  }
}

/** `raw`: the registry entry. */
export const rawFormat = classicFormat(
  { extensions: ['txt'], binary: false, description: 'collapsed stacks, one line per distinct stack (flamegraph.pl, inferno)', wrote: 'raw flamegraph data' },
  (options) => new RawRecorder(options),
);
