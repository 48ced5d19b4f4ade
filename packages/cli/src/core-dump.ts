/**
 * `pyglass dump --core FILE [--root DIR]`: the Python stacks of every thread in an ELF core file,
 * printed like py-spy's core mode (text) or as dump's JSON.
 */
import { CoreSpy, LineNo, type StackTrace } from '@pyglass/sampler';
import { colorsFor, useColors, type Colors } from './colors.js';
import { formatThreadId } from '@pyglass/model';
import { formatFrames, traceToJson } from './commands/dump.js';
import { UsageError } from './errors.js';
import { appendByInterpreter } from './interpreter-groups.js';
import type { DumpOptions } from './main.js';

/** py-spy's core header ("Signal N: FILE", "Process PID: psargs", "Python vX.Y.Z"), then each thread. */
export function formatCoreDump(
  header: { signal: number; file: string; pid: number; psargs: string; version: string },
  traces: StackTrace[], unreadable: Map<number, string>, incomplete: Map<number, string>, c: Colors,
): string {
  const out: string[] = [];
  out.push(`Signal ${header.signal}: ${header.file}`);
  out.push(`Process ${c.pid(String(header.pid))}: ${header.psargs}`);
  out.push(`Python v${c.version(header.version)}`);
  out.push('');
  // the scheduler state is not in a core: only GIL ownership is shown
  appendByInterpreter(traces, c.dim, out, (trace) => {
    const name = trace.threadName !== undefined ? `: "${trace.threadName}"` : '';
    out.push(`Thread ${c.thread(formatThreadId(trace))}${trace.ownsGil ? ` (${c.status('gil')})` : ''}${name}`);
    const why = unreadable.get(trace.threadId);
    if (why !== undefined) out.push(`    ${c.dim(`(Python stack not readable from the core: ${why})`)}`);
    formatFrames(trace.frames, c, out);
    const cut = incomplete.get(trace.threadId);
    if (cut !== undefined) out.push(`    ${c.dim(`(stack incomplete: ${cut})`)}`);
  });
  return out.join('\n') + '\n';
}

export function runCoreDump(options: DumpOptions): number {
  const file = options.core!;
  if (options.pid !== undefined) throw new UsageError('pyglass dump: give either --pid or --core, not both.');
  if (options.subprocesses) throw new UsageError('pyglass dump: --subprocesses does not apply to a core file.');
  if (options.native) throw new UsageError('pyglass dump --core: --native is not supported for core files.', 1);
  const spy = CoreSpy.open(file, {
    root: options.root,
    dumpLocals: options.locals,
    fullFilenames: options.fullFilenames,
    lineNo: LineNo.LastInstruction,
  });
  try {
    const traces = spy.getStackTraces();
    if (options.json) {
      // beyond py-spy's fields: why a thread's frames stop early, when the core lacks an outer frame
      const json = traces.map((t) => {
        const j = traceToJson(t) as Record<string, unknown>;
        const cut = spy.incomplete.get(t.threadId);
        return cut === undefined ? j : { ...j, incomplete: cut };
      });
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    const colors = colorsFor(useColors(process.stdout));
    process.stdout.write(formatCoreDump({ signal: spy.signal, file, pid: spy.pid, psargs: spy.psargs, version: spy.version.string }, traces, spy.unreadable, spy.incomplete, colors));
    return 0;
  } finally {
    spy.close();
  }
}
