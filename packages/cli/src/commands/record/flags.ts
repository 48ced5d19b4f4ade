/** `pyglass record`: its flags, their parsers and the options they produce. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatExtension, formats } from '@pyglass/exporters';
import type { OutputFormatName as Format, SampleModeName as SampleMode } from '../option-types.js';
import { addPyroscopeFlags } from '../pyroscope-flags.js';
import type { PyroscopeFlags } from '../option-types.js';
import { collect, sharedFlags as flags } from '../shared-flags.js';

export interface RecordOptions extends PyroscopeFlags {
  pid?: number;
  /** -o, once per output file (each file's format follows its extension unless -f is given) */
  output?: string[];
  /** -f (parsed by shared-flags' parseFormat); undefined: each -o's extension decides */
  format?: Format;
  duration?: number;
  rate: number;
  subprocesses: boolean;
  function: boolean;
  nolineno: boolean;
  threads: boolean;
  gil: boolean;
  idle: boolean;
  /** --mode wall|cpu|gil (combines with --idle and --gil) */
  mode?: SampleMode;
  /** --gc: a <GC> frame on top of stacks sampled during a collection */
  gc: boolean;
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

/** Duration in whole seconds, or "unlimited". */
export function parseDuration(value: string): number | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'unlimited') return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`the duration must be a positive whole number of seconds or 'unlimited', not '${value}'.`);
  return n;
}


/** Adds `record` to the program; `action` receives its options and the program to launch. */
export function addRecordCommand(program: Command, action: (options: RecordOptions, programArgs: string[]) => Promise<void>): Command {
  // the formats and their extensions come from the exporters' registry, so a new format needs no line here
  const extensions = [...new Set(formats.map((f) => `.${formatExtension(f)}`))].join(', ');
  const record = program
    .command('record')
    .description(`Records stack trace information to a ${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]} file`)
    .argument('[python_program...]', 'commandline of a python program to run')
    .addOption(flags.pid())
    .addOption(flags.fullFilenames())
    .addOption(new Option('-o, --output <filename>', `Output filename; repeat for several outputs, each in the format its extension names (${extensions}) unless -f is given`).argParser(collect(String)))
    .addOption(flags.format())
    .addOption(new Option('-d, --duration <duration>', "The number of seconds to sample for (or 'unlimited')").argParser(parseDuration))
    .addOption(flags.rate())
    .addOption(flags.subprocesses())
    .option('-F, --function', "Aggregate samples by function's first line number, instead of current line number", false)
    .option('--nolineno', 'Do not show line numbers', false)
    .option('-t, --threads', 'Show thread ids in the output', false)
    .addOption(flags.gil())
    .addOption(flags.idle())
    .addOption(flags.mode())
    .addOption(flags.gc())
    .addOption(flags.asyncStacks())
    .addOption(flags.otelSpans())
    .addOption(flags.noOtelSpans())
    .addOption(new Option('--capture', 'Captures output from child process').default(false).hideHelp())
    .option('--hideprogress', 'Hides progress bar (useful for showing error output on record)', false)
    .addOption(flags.native())
    .addOption(flags.nonblocking())
    .addOption(flags.greenlets())
    .passThroughOptions();
  return addPyroscopeFlags(record).action((programArgs: string[], options: RecordOptions) => action(options, programArgs));
}
