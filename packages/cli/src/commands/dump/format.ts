/**
 * How `dump` shows stacks: py-spy's text layout (live processes and cores) and its JSON shape.
 */
import { formatThreadId, statusStr, ThreadStates, type Frame, type LocalVariable, type StackTrace } from '@pyglass/model';
import type { AsyncioSnapshot } from '@pyglass/sampler';
import type { Colors } from '../../colors.js';
import { formatTaskTree } from './async-tree.js';
import { spanToJson } from '../../span-json.js';
import { appendByInterpreter } from '../../interpreter-groups.js';

/** The py-spy JSON shape (snake_case keys) of a trace, so existing tooling keeps working. */
export function traceToJson(trace: StackTrace): unknown {
  return {
    pid: trace.pid,
    thread_id: trace.threadId,
    thread_name: trace.threadName ?? null,
    os_thread_id: trace.osThreadId ?? null,
    active: trace.active,
    owns_gil: trace.ownsGil,
    frames: trace.frames.map(frameToJson),
    process_info: trace.processInfo ? processInfoToJson(trace.processInfo) : null,
    // beyond py-spy's fields: 0 for the main interpreter, else the sub-interpreter's id
    interpreter_id: trace.interpreterId ?? null,
    ...(trace.greenlet ? { greenlet: { address: trace.greenlet.address, running: trace.greenlet.running, main: trace.greenlet.main, type: trace.greenlet.typeName } } : {}),
    // the thread's active OpenTelemetry span; absent outside spans and when OpenTelemetry is not imported
    ...(trace.span !== undefined ? { span: spanToJson(trace.span) } : {}),
    // what the thread was doing (ThreadStates that are set, snake_case), when the sampler read it
    ...(trace.states !== undefined ? { states: stateNames(trace.states) } : {}),
  };
}

const STATE_KEYS = Object.entries(ThreadStates).map(([name, bit]) => [name.replace(/[A-Z]/g, (c, i: number) => (i ? '_' : '') + c.toLowerCase()), bit] as const);

/** The set bits of `states` as snake_case names: on_cpu, holds_gil, waiting_for_gil, gc_collecting, handling_exception, native_code. */
export function stateNames(states: number): string[] {
  return STATE_KEYS.filter(([, bit]) => (states & bit) !== 0).map(([name]) => name);
}

export function frameToJson(frame: Frame): unknown {
  return {
    name: frame.name,
    filename: frame.filename,
    module: frame.module ?? null,
    short_filename: frame.shortFilename ?? null,
    line: frame.line,
    locals: frame.locals ? frame.locals.map(localToJson) : null,
    is_entry: frame.isEntry,
    is_shim_entry: frame.isShimEntry,
  };
}

function localToJson(local: LocalVariable): unknown {
  return { name: local.name, addr: local.addr, arg: local.arg, repr: local.repr ?? null };
}

function processInfoToJson(info: NonNullable<StackTrace['processInfo']>): unknown {
  return { pid: info.pid, command_line: info.commandLine, parent: info.parent ? processInfoToJson(info.parent) : null };
}

/** Appends py-spy's lines for `frames` (innermost first), with Arguments/Locals blocks, to `out`. */
export function formatFrames(frames: Frame[], c: Colors, out: string[]): void {
  for (const frame of frames) {
    const file = frame.shortFilename ?? frame.filename;
    out.push(frame.line !== 0
      ? `    ${c.func(frame.name)} (${c.file(file)}:${c.line(String(frame.line))})`
      : `    ${c.func(frame.name)} (${c.file(file)})`);
    if (frame.locals && frame.locals.length > 0) {
      const args = frame.locals.filter((l) => l.arg);
      const locals = frame.locals.filter((l) => !l.arg);
      if (args.length) {
        out.push(`        ${c.dim('Arguments:')}`);
        for (const a of args) out.push(`            ${a.name}: ${a.repr ?? '?'}`);
      }
      if (locals.length) {
        out.push(`        ${c.dim('Locals:')}`);
        for (const l of locals) out.push(`            ${l.name}: ${l.repr ?? '?'}`);
      }
    }
  }
}

/** py-spy's text output for one process. */
export function formatDump(header: { pid: number; commandLine: string; version: string; executable: string }, traces: StackTrace[], c: Colors): string {
  const out: string[] = [];
  out.push(`Process ${c.pid(String(header.pid))}: ${header.commandLine}`);
  out.push(`Python v${c.version(header.version)} (${header.executable})`);
  out.push('');
  // With sub-interpreters, one block per interpreter (main first) under an "Interpreter N" line;
  // with --greenlets, each thread's suspended greenlets follow it (in the order they were found).
  const threads: StackTrace[] = [];
  const suspended = new Map<number, StackTrace[]>();
  for (const t of traces) {
    if (!t.greenlet || t.greenlet.running) threads.push(t);
    else {
      const list = suspended.get(t.threadId);
      if (list) list.push(t);
      else suspended.set(t.threadId, [t]);
    }
  }
  appendByInterpreter(threads, c.dim, out, (trace) => {
    const name = trace.threadName !== undefined ? `: "${trace.threadName}"` : '';
    const running = trace.greenlet ? ` running ${greenletLabel(trace.greenlet)}` : '';
    out.push(`Thread ${c.thread(formatThreadId(trace))} (${c.status(statusStr(trace))})${name}${running}`);
    formatFrames(trace.frames, c, out);
    for (const g of suspended.get(trace.threadId) ?? []) formatGreenlet(g, c, out);
    suspended.delete(trace.threadId);
  });
  const orphans = [...suspended.values()].flat();
  if (orphans.length) out.push('Greenlets of threads that are gone:');
  for (const g of orphans) formatGreenlet(g, c, out);
  return out.join('\n') + '\n';
}

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

/** The `--async` section after a process's threads: the task tree, running tasks tied to their thread. */
export function formatAsyncio(traces: StackTrace[], snapshot: AsyncioSnapshot, c: Colors): string {
  const threads = new Map(traces.map((t) => [t.threadId, formatThreadId(t)]));
  const out = ['', `Asyncio tasks (${snapshot.tasks.length}):`];
  if (snapshot.tasks.length === 0) out.push(`    (none: ${snapshot.none ?? 'no task is alive'})`);
  out.push(...formatTaskTree(snapshot.tasks, c, (t) => (t.threadId === undefined ? undefined : threads.get(t.threadId))));
  if (snapshot.unreadable > 0) out.push(c.dim(`(${snapshot.unreadable} task(s) changed while they were read and are not shown)`));
  return out.join('\n') + '\n';
}

/** `Greenlet 0x7f… (Hub)`, `main greenlet 0x7f…` */
function greenletLabel(g: NonNullable<StackTrace['greenlet']>): string {
  const address = `0x${g.address.toString(16)}`;
  return g.main ? `main greenlet ${address}` : `greenlet ${address} (${g.typeName})`;
}

function formatGreenlet(trace: StackTrace, c: Colors, out: string[]): void {
  out.push(`  ${c.dim('Suspended')} ${greenletLabel(trace.greenlet!)}`);
  const lines: string[] = [];
  formatFrames(trace.frames, c, lines);
  for (const l of lines) out.push(`  ${l}`);
}
