/**
 * Threads grouped by the interpreter they belong to, for `dump`: a process running sub-interpreters
 * has one thread list per interpreter (and an OS thread that called into another interpreter has a
 * thread state in each).
 */
import type { StackTrace } from '@pyglass/sampler';

export interface InterpreterGroup {
  /** Interpreter id (0: main); undefined when the sampler did not say. */
  id: number | undefined;
  /** Its traces, in the order given. */
  traces: StackTrace[];
}

/** The traces by interpreter: the main interpreter first, then sub-interpreters by id. */
export function groupByInterpreter(traces: StackTrace[]): InterpreterGroup[] {
  const groups = new Map<number | undefined, StackTrace[]>();
  for (const t of traces) {
    const group = groups.get(t.interpreterId);
    if (group) group.push(t);
    else groups.set(t.interpreterId, [t]);
  }
  return [...groups].map(([id, list]) => ({ id, traces: list })).sort((a, b) => (a.id ?? -1) - (b.id ?? -1));
}

/** The line above an interpreter's threads: `Interpreter 0 (main):`, `Interpreter 2:`. */
export function interpreterHeading(id: number | undefined): string {
  if (id === undefined) return 'Interpreter (unknown):';
  return id === 0 ? 'Interpreter 0 (main):' : `Interpreter ${id}:`;
}

/**
 * Appends each interpreter's threads to `out` (an `Interpreter N:` line above each block when there
 * are several interpreters): `thread` formats one trace. Threads come in reverse order of each
 * interpreter's list, as py-spy prints them (main thread first).
 */
export function appendByInterpreter(traces: StackTrace[], heading: (text: string) => string, out: string[], thread: (trace: StackTrace) => void): void {
  const groups = groupByInterpreter(traces);
  groups.forEach((group, g) => {
    if (groups.length > 1) {
      if (g > 0) out.push('');
      out.push(heading(interpreterHeading(group.id)));
    }
    for (let i = group.traces.length - 1; i >= 0; i--) thread(group.traces[i]!);
  });
}
