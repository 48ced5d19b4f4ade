/** `pyglass convert`: its flags, their parsers and the options they produce. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { OutputFormatName as Format, SampleModeName as SampleMode } from '../option-types.js';
import { collect, parsePid, sharedFlags as flags } from '../shared-flags.js';

/** `pyglass convert FILE`: the record filters, a time window, a process or thread selection. */
export interface ConvertOptions {
  output?: string[];
  format?: Format;
  idle: boolean;
  gil: boolean;
  /** --mode wall|cpu|gil (combines with --idle and --gil) */
  mode?: SampleMode;
  /** --gc: a <GC> frame on top of stacks sampled during a collection */
  gc: boolean;
  threads: boolean;
  function: boolean;
  nolineno: boolean;
  /** --from/--to: seconds from the start of the capture */
  from?: number;
  to?: number;
  /** --pid, repeatable: keep these processes */
  pid?: number[];
  /** --thread, repeatable: keep these threads (OS thread id, 0x Python thread id, or name) */
  thread?: string[];
}

/** --from/--to: a non-negative number of seconds. */
export function parseSeconds(value: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number of seconds from the start (0 or more), not '${value}'.`);
  return n;
}

/** Adds `convert` to the program; `action` receives the capture's path and the options. */
export function addConvertCommand(program: Command, action: (file: string, options: ConvertOptions) => Promise<void>): Command {
  return program
    .command('convert')
    .description('Renders a capture (record -o FILE.pyglass) in any output format, with the record filters, a time window and a process or thread selection')
    .argument('<capture>', 'capture file written by pyglass record (.pyglass)')
    .addOption(new Option('-o, --output <filename>', 'Output filename; repeat for several outputs, each in the format its extension names unless -f is given').argParser(collect(String)))
    .addOption(flags.format())
    .addOption(flags.idle())
    .addOption(flags.gil())
    .addOption(flags.mode())
    .addOption(flags.gc())
    .option('-t, --threads', 'Show thread ids in the output', false)
    .option('-F, --function', "Aggregate samples by function's first line number (the capture must be recorded with --function)", false)
    .option('--nolineno', 'Do not show line numbers', false)
    .addOption(new Option('--from <seconds>', 'Keep the samples taken from this many seconds after the start').argParser(parseSeconds))
    .addOption(new Option('--to <seconds>', 'Keep the samples taken before this many seconds after the start').argParser(parseSeconds))
    .addOption(new Option('-p, --pid <pid>', 'Keep this process only (repeatable)').argParser(collect(parsePid)))
    .addOption(new Option('--thread <thread>', 'Keep this thread only: OS thread id, 0x Python thread id, or name (repeatable)').argParser(collect(String)))
    .action(async (file: string, options: ConvertOptions) => action(file, options));
}
