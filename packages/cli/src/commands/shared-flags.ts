/**
 * The flags several commands share (one definition of each, added by each command's flags.ts), their
 * parsers, and the rule between --pid and a program to launch.
 */
import { CommanderError, InvalidArgumentError, Option } from 'commander';
import { ExporterOptionsError, formats, parseFormat as parseExportFormat, sampleModes } from '@pyglass/exporters';
import { UsageError } from '../errors.js';
import type { OutputFormatName as Format } from './option-types.js';

/** Flag factories: each call makes a new Option, as commander wants one per command. */
export const sharedFlags = {
  pid: () => new Option('-p, --pid <pid>', 'PID of a running python program to spy on, in decimal or hex').argParser(parsePid),
  rate: () => new Option('-r, --rate <rate>', 'The number of samples to collect per second').argParser(parseRate).default(100),
  subprocesses: () => new Option('-s, --subprocesses', 'Profile subprocesses of the original process').default(false),
  format: () => new Option('-f, --format <format>', 'Output file format (default: from the -o extension, else flamegraph)').choices(formats).argParser(parseFormat),
  fullFilenames: () => new Option('--full-filenames', 'Show full Python filenames, instead of shortening to show only the package part').default(false),
  native: () => new Option('-n, --native', 'Collect stack traces from native extensions written in Cython, C or C++').default(false),
  nonblocking: () => new Option('--nonblocking', "Don't pause the python process when collecting samples. Setting this option will reduce the performance impact of sampling, but may lead to inaccurate results").default(false),
  idle: () => new Option('-i, --idle', 'Include stack traces for idle threads').default(false),
  greenlets: () => new Option('--greenlets', "Also show every greenlet's stack (gevent, eventlet): suspended greenlets are idle stacks of their thread").default(false),
  gil: () => new Option('-g, --gil', 'Only include traces that are holding on to the GIL (free-threaded builds: threads attached to the interpreter)').default(false),
  mode: () => new Option('--mode <mode>', 'What a sample counts: every thread (wall, like --idle), threads on a CPU (cpu), the GIL holder (gil, like --gil)').choices(sampleModes),
  gc: () => new Option('--gc', 'Put a <GC> frame on top of stacks sampled while the garbage collector of their interpreter ran').default(false),
  otelSpans: () => new Option('--otel-spans', "Label each sample with the OpenTelemetry span its thread (or asyncio task) was serving, read from the target's memory (pprof and Pyroscope labels span_id, span_name, trace_id); on by default once the target has imported opentelemetry").default(true),
  noOtelSpans: () => new Option('--no-otel-spans', 'Do not read OpenTelemetry spans'),
  asyncStacks: () => new Option('--async', 'Attribute samples of a thread running an asyncio task to the task\'s logical stack (the tasks awaiting it, then its own frames); with --idle, suspended tasks too').default(false),
};

/** -f/--format: an output format, case-insensitive (the exporters' one parser); an unknown one is a usage error listing the formats. */
export function parseFormat(value: string): Format {
  try {
    return parseExportFormat(value);
  } catch (error) {
    if (error instanceof ExporterOptionsError) throw new CommanderError(2, 'pyglass.invalidFormat', `error: ${error.message}`);
    throw error;
  }
}

/** A repeatable option's values, in order. */
export function collect<T>(parse: (value: string) => T): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => [...(previous ?? []), parse(value)];
}

/** PID in decimal or hex (0x…), like py-spy. */
export function parsePid(value: string): number {
  const v = value.trim();
  const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v.slice(2), 16) : /^\d+$/.test(v) ? parseInt(v, 10) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`'${value}' is not a process id (decimal or 0x-prefixed hex).`);
  return n;
}

export const maxRate = 100_000;

/** Sampling rate: a positive integer ≤ 100000 samples per second. */
export function parseRate(value: string): number {
  const v = value.trim();
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > maxRate) {
    throw new InvalidArgumentError(`the rate must be a whole number of samples per second from 1 to ${maxRate}, not '${value}'.`);
  }
  return n;
}

/** A target is either a pid or a program to launch, never both, never neither. */
export function requireTarget(pid: number | undefined, program: string[], command: string): void {
  if (pid !== undefined && program.length > 0) throw new UsageError(`pyglass ${command}: give either --pid or a program to run, not both (drop --pid to launch the program, or the program to attach to the pid).`);
  if (pid === undefined && program.length === 1 && /^(0x[0-9a-f]+|\d+)$/i.test(program[0]!)) {
    throw new UsageError(`pyglass ${command} takes the process as an option: did you mean \`pyglass ${command} --pid ${program[0]}\`?`);
  }
  if (pid === undefined && program.length === 0) {
    throw new UsageError(`pyglass ${command} needs something to profile: give --pid PID, or a program after '--' (as in pyglass ${command} -- python3 app.py).`);
  }
}
