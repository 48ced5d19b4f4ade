/**
 * `pyglass dump --pid PID`: every thread's Python stack of a running process (and, with
 * --subprocesses, of its Python descendants), once. `dump --core FILE` is ./dump-core.ts.
 */
import { childProcesses, isGoneOrHidden, MemoryReaderError, openProcess } from '@pyglass/memory-reader';
import type { StackTrace } from '@pyglass/model';
import { isFinalAttachError, mayBecomePython, PythonSpy, type AsyncioSnapshot, type Config } from '@pyglass/sampler';
import { colorsFor, useColors } from '../../colors.js';
import { formatAsyncio, formatDump, frameToJson, traceToJson } from './format.js';
import { taskToJson } from './async-tree.js';
import { UsageError } from '../../errors.js';
import type { DumpOptions } from './flags.js';
import { samplerConfigFrom } from '../../sampler-config.js';
import { withAttachAdvice } from '../../attach-advice.js';

interface DumpedProcess {
  pid: number;
  commandLine: string;
  version: string;
  executable: string;
  traces: StackTrace[];
  /** with --async */
  asyncio?: AsyncioSnapshot | undefined;
}

function dumpProcess(pid: number, config: Partial<Config>): DumpedProcess {
  const spy = PythonSpy.create(pid, config);
  try {
    const traces = spy.getStackTraces();
    if (spy.greenletsError) process.stderr.write(`pyglass> ${spy.greenletsError.message}\n`);
    const asyncio = spy.asyncioTasks();
    let commandLine = '';
    try {
      commandLine = openProcess(pid).cmdline().join(' ');
    } catch (e) {
      // the process may have exited right after the sample: keep what was read
      if (!(isGoneOrHidden(e))) throw e;
    }
    return { pid, commandLine, version: spy.version.string, executable: spy.executable, traces, asyncio };
  } finally {
    spy.close();
  }
}

/** The Python processes among the descendants of `pid` (non-Python children are skipped silently). */
function pythonDescendants(pid: number, config: Partial<Config>): DumpedProcess[] {
  const dumped: DumpedProcess[] = [];
  for (const child of childProcesses(pid)) {
    try {
      dumped.push(dumpProcess(child.pid, config));
    } catch (e) {
      // not Python, not ready, or gone: py-spy aborted here (issue #846); we skip it
      if (!isFinalAttachError(e) && !mayBecomePython(e) && !(e instanceof MemoryReaderError)) throw e;
    }
  }
  return dumped;
}

export async function runDump(options: DumpOptions): Promise<number> {
  if (options.core !== undefined && options.async) throw new UsageError('pyglass dump: --async reads a live process; it does not work with --core yet.');
  if (options.core !== undefined) return (await import('./core.js')).runCoreDump(options.core, options);
  if (options.root !== undefined) throw new UsageError('pyglass dump: --root only applies with --core FILE.');
  if (options.pid === undefined) throw new UsageError('pyglass dump needs a process: give --pid PID (as in pyglass dump --pid 1234), or --core FILE for a core file.');
  const config = samplerConfigFrom({ command: 'dump', options });
  let first: DumpedProcess;
  try {
    first = dumpProcess(options.pid, config);
  } catch (error) {
    throw withAttachAdvice(error);
  }
  const processes = [first];
  if (options.subprocesses) processes.push(...pythonDescendants(options.pid, config));
  if (options.json) {
    const traces = processes.flatMap((p) => p.traces).map(traceToJson);
    // without --async the JSON stays the plain array py-spy's tools expect
    const json = options.async
      ? { threads: traces, asyncio_tasks: processes.flatMap((p) => p.asyncio?.tasks ?? []).map((t) => taskToJson(t, frameToJson)) }
      : traces;
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  const colors = colorsFor(useColors(process.stdout));
  const width = process.stdout.columns ?? 80;
  processes.forEach((p, i) => {
    if (i > 0) process.stdout.write(`${colors.dim('-'.repeat(width))}\n`);
    process.stdout.write(formatDump(p, p.traces, colors));
    if (p.asyncio) process.stdout.write(formatAsyncio(p.traces, p.asyncio, colors));
  });
  return 0;
}
