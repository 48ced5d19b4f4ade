/** Synthetic samples for the top unit tests (the e2e test uses a real Python process). */
import type { Frame, Sample, StackTrace } from '@pyglass/sampler';

/** `"name file:line"` or `"name file"` (line 0). */
export function frame(spec: string): Frame {
  const [name, where] = spec.split(' ');
  const [file, line] = (where ?? 'app.py').split(':');
  return { name: name!, filename: `/src/${file}`, shortFilename: file, line: Number(line ?? 0), isEntry: false, isShimEntry: false };
}

/** A trace from frame specs, innermost first. */
export function trace(specs: string[], extra: Partial<StackTrace> = {}): StackTrace {
  return { pid: 1, threadId: 1, active: true, ownsGil: true, frames: specs.map(frame), ...extra };
}

export function sample(traces: StackTrace[], extra: Partial<Sample> = {}): Sample {
  return { traces, time: 0, ...extra };
}
