/**
 * The record filters, one definition for record, top, agent, convert and every output: which traces
 * a profile keeps (`traceIncluded`) and how they look (`filteredTrace`: the `<GC>` frame).
 *
 * `--mode` picks what a sample counts, as CPython's own sampler does (`wall`, `cpu`, `gil`); py-spy's
 * flags stay and map onto modes: `--idle` is `wall`, `--gil` is `gil`. Flags and a mode combine.
 */
import { ThreadStates, type Frame, type StackTrace } from '@pyglass/model';
import { internStack, isInternedStack } from './interned.js';

/** What a sample counts: every thread (`wall`), threads on a CPU (`cpu`), the GIL holder (`gil`). */
export const sampleModes = ['wall', 'cpu', 'gil'] as const;
export type SampleMode = (typeof sampleModes)[number];

export function isSampleMode(value: string): value is SampleMode {
  return (sampleModes as readonly string[]).includes(value);
}

export interface TraceFilter {
  /** Keep idle traces (--idle, --mode wall); else only active ones (py-spy). */
  includeIdle: boolean;
  /** Keep only the GIL holder's traces (--gil, --mode gil; free-threaded builds: attached threads). */
  gilOnly: boolean;
  /**
   * Keep only threads the kernel reports on a CPU (--mode cpu). A trace without `states` (a sampler
   * that did not read them) is kept when it is active.
   */
  cpuOnly?: boolean | undefined;
  /** Put a `<GC>` frame on top of a stack sampled while its interpreter's collector ran (--gc). */
  gcFrames?: boolean | undefined;
}

/** The flags of record/top/agent/convert as a filter. */
export interface FilterFlags {
  mode?: SampleMode | undefined;
  idle?: boolean | undefined;
  gil?: boolean | undefined;
  gc?: boolean | undefined;
}

export function traceFilter(flags: FilterFlags): TraceFilter {
  return {
    // cpu: the kernel's view decides, not py-spy's idle guess from the stack
    includeIdle: flags.idle === true || flags.mode === 'wall' || flags.mode === 'cpu',
    gilOnly: flags.gil === true || flags.mode === 'gil',
    cpuOnly: flags.mode === 'cpu',
    gcFrames: flags.gc === true,
  };
}

/** Whether the profile keeps this trace (py-spy main.rs run loop, steps 1-2, plus --mode cpu). */
export function traceIncluded(trace: StackTrace, filter: TraceFilter): boolean {
  if (!filter.includeIdle && !trace.active) return false;
  if (filter.gilOnly && !trace.ownsGil) return false;
  if (filter.cpuOnly && !onCpu(trace)) return false;
  return true;
}

function onCpu(trace: StackTrace): boolean {
  return trace.states === undefined ? trace.active : (trace.states & ThreadStates.OnCpu) !== 0;
}

/** The frame `--gc` puts on top of a stack sampled during a collection (named as CPython's sampler names it). */
export const GC_FRAME: Frame = Object.freeze({
  name: '<GC>', filename: '', module: undefined, shortFilename: undefined, line: 0, locals: undefined, isEntry: false, isShimEntry: false,
});

/** `trace` with the `<GC>` frame on top when its interpreter was collecting, else `trace` itself. */
export function withGcFrame(trace: StackTrace): StackTrace {
  if (trace.states === undefined || (trace.states & ThreadStates.GcCollecting) === 0) return trace;
  return { ...trace, frames: gcStack(trace.frames) };
}

/** The `<GC>` stacks of interned stacks, interned too (one per stack, so the renderers' caches still hit). */
const gcStacks = new WeakMap<readonly Frame[], Frame[]>();

function gcStack(frames: Frame[]): Frame[] {
  if (!isInternedStack(frames)) return [GC_FRAME, ...frames];
  let out = gcStacks.get(frames);
  if (out === undefined) gcStacks.set(frames, (out = internStack([GC_FRAME, ...frames])));
  return out;
}

/** The trace as the profile records it (with `--gc`, the `<GC>` frame on top), or undefined when it is filtered out. */
export function filteredTrace(trace: StackTrace, filter: TraceFilter): StackTrace | undefined {
  if (!traceIncluded(trace, filter)) return undefined;
  return filter.gcFrames ? withGcFrame(trace) : trace;
}
