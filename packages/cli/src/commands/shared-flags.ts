/**
 * The options of each command, as commander hands them over, next to the parsers that produce their
 * values; `CommandRequest` is what the command line resolves to (one case per command).
 */
import { InvalidArgumentError } from 'commander';
import { UsageError } from './errors.js';
import type { Format } from '@pyglass/exporters';
import type { PyroscopeFlags } from './pyroscope-flag-types.js';
import type { DiffOptions } from './commands/diff-options.js';

export interface RecordOptions extends PyroscopeFlags {
  pid?: number;
  output?: string;
  /** parsed by parseFormat (format-option.ts) */
  format: Format;
  duration?: number;
  rate: number;
  subprocesses: boolean;
  function: boolean;
  nolineno: boolean;
  threads: boolean;
  gil: boolean;
  idle: boolean;
  native: boolean;
  nonblocking: boolean;
  /** --greenlets: every greenlet's stack (gevent, eventlet) */
  greenlets: boolean;
  hideprogress: boolean;
  capture: boolean;
  fullFilenames: boolean;
  /** --async: samples of threads running an asyncio task carry the task's logical stack */
  async: boolean;
  /** --otel-spans (default) / --no-otel-spans: label samples with the active OpenTelemetry span */
  otelSpans: boolean;
}

export interface TopOptions {
  pid?: number;
  rate: number;
  subprocesses: boolean;
  gil: boolean;
  idle: boolean;
  delay: number;
  native: boolean;
  nonblocking: boolean;
  /** --greenlets: every greenlet's stack (gevent, eventlet) */
  greenlets: boolean;
  fullFilenames: boolean;
  async: boolean;
  /** --otel-spans (default) / --no-otel-spans */
  otelSpans: boolean;
}

export interface DumpOptions {
  pid?: number;
  core?: string;
  root?: string;
  locals: number;
  json: boolean;
  subprocesses: boolean;
  native: boolean;
  nonblocking: boolean;
  /** --greenlets: every greenlet's stack (gevent, eventlet) */
  greenlets: boolean;
  fullFilenames: boolean;
  /** --async: also every asyncio task and the task tree */
  async: boolean;
}

export interface AgentOptions extends PyroscopeFlags {
  match?: RegExp;
  /** --match-container ID_PREFIX (repeatable): only processes in a container whose id starts so. */
  matchContainer: string[];
  /** --exclude-container ID_PREFIX (repeatable). */
  excludeContainer: string[];
  appNameFrom: AppNameSource;
  rate: number;
  gil: boolean;
  idle: boolean;
  threads: boolean;
  nonblocking: boolean;
  fullFilenames: boolean;
  /** --otel-spans (default) / --no-otel-spans */
  otelSpans: boolean;
}

/** Where a process's service name comes from: its command line, an environment variable of it, or its container. */
export type AppNameSource = { kind: 'cmdline' } | { kind: 'env'; variable: string } | { kind: 'container' };

/** A parsed command line: the command, its options and (record, top) the program to launch. */
export type CommandRequest =
  | { command: 'record'; options: RecordOptions; program: string[] }
  | { command: 'top'; options: TopOptions; program: string[] }
  | { command: 'dump'; options: DumpOptions }
  | { command: 'agent'; options: AgentOptions }
  | { command: 'diff'; base: string; next: string; options: DiffOptions };


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

/** Duration in whole seconds, or "unlimited". */
export function parseDuration(value: string): number | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'unlimited') return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`the duration must be a positive whole number of seconds or 'unlimited', not '${value}'.`);
  return n;
}

/** Refresh delay for top, in seconds (> 0). */
export function parseDelay(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`the delay must be a positive number of seconds, not '${value}'.`);
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
