/**
 * The one translation of command-line options into the sampler's Config, and the rules between
 * options that every command shares.
 */
import { needsRunStates, traceFilter, type Format } from '@pyglass/exporters';
import { LineNo, LockingStrategy, nativeWithoutPause, type Config } from '@pyglass/sampler';
import { UsageError } from './errors.js';
import type { CommandRequest } from './commands/request.js';

/**
 * What the sampler reads for a command's --mode/--gil/--idle: the GIL holder only (gil), idle stacks
 * too (wall). cpu mode needs neither: the filter keeps the threads the kernel reports on a CPU.
 */
function modeConfig(o: { mode?: string | undefined; gil: boolean; idle: boolean }): Pick<Config, 'gilOnly' | 'includeIdle'> {
  return { gilOnly: o.gil || o.mode === 'gil', includeIdle: o.idle || o.mode === 'wall' };
}

/**
 * The sampler configuration a command runs with; throws a UsageError for options that exclude each
 * other. `outputs`: the formats `record` writes (the threads' run states are read when one shows them).
 */
export function samplerConfigFrom(request: Exclude<CommandRequest, { command: 'diff' } | { command: 'convert' }>, outputs: readonly Format[] = []): Partial<Config> {
  const o = request.options;
  const native = 'native' in o && o.native;
  const common = {
    blocking: o.nonblocking ? LockingStrategy.NonBlocking : LockingStrategy.Lock,
    native,
    fullFilenames: o.fullFilenames,
  } satisfies Partial<Config>;
  if (nativeWithoutPause(common)) throw new UsageError("Can't get native stack traces with the --nonblocking option.");
  switch (request.command) {
    case 'record': {
      const r = request.options;
      if (r.function && r.nolineno) throw new UsageError("--function and --nolineno can't be used together.");
      const lineNo = r.nolineno ? LineNo.NoLine : r.function ? LineNo.First : LineNo.LastInstruction;
      return {
        ...common, samplingRate: r.rate, duration: r.duration, ...modeConfig(r), subprocesses: r.subprocesses, lineNo, asyncStacks: r.async, greenlets: r.greenlets, otelSpans: r.otelSpans,
        runStates: needsRunStates(traceFilter(r), outputs),
      };
    }
    case 'top': {
      const t = request.options;
      // top aggregates by function until L is pressed: it keeps line numbers to be able to switch;
      // it counts active threads, so it reads their run states (the default)
      return { ...common, samplingRate: t.rate, ...modeConfig(t), subprocesses: t.subprocesses, lineNo: LineNo.LastInstruction, asyncStacks: t.async, greenlets: t.greenlets, otelSpans: t.otelSpans };
    }
    case 'dump':
      // every thread is dumped, idle or not; --async reads the task list too
      return { ...common, dumpLocals: request.options.locals, includeIdle: true, lineNo: LineNo.LastInstruction, asyncio: request.options.async, greenlets: request.options.greenlets };
    case 'agent': {
      const a = request.options;
      // its uploads show no run state
      return { ...common, samplingRate: a.rate, ...modeConfig(a), lineNo: LineNo.LastInstruction, otelSpans: a.otelSpans, runStates: needsRunStates(traceFilter(a), []) };
    }
  }
}
