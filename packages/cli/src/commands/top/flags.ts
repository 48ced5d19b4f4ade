/** `pyglass top`: its flags, their parsers and the options they produce. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { SampleModeName as SampleMode } from '../option-types.js';
import { sharedFlags as flags } from '../shared-flags.js';

export interface TopOptions {
  pid?: number;
  rate: number;
  subprocesses: boolean;
  gil: boolean;
  idle: boolean;
  /** --mode wall|cpu|gil (combines with --idle and --gil) */
  mode?: SampleMode;
  /** --gc: a <GC> frame on top of stacks sampled during a collection */
  gc: boolean;
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

/** Refresh delay for top, in seconds (> 0). */
export function parseDelay(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`the delay must be a positive number of seconds, not '${value}'.`);
  return n;
}


/** Adds `top` to the program; `action` receives its options and the program to launch. */
export function addTopCommand(program: Command, action: (options: TopOptions, programArgs: string[]) => Promise<void>): Command {
  return program
    .command('top')
    .description('Displays a top like view of functions consuming CPU')
    .argument('[python_program...]', 'commandline of a python program to run')
    .addOption(flags.pid())
    .addOption(flags.rate())
    .addOption(flags.subprocesses())
    .addOption(flags.fullFilenames())
    .addOption(flags.gil())
    .addOption(flags.idle())
    .addOption(flags.mode())
    .addOption(flags.gc())
    .addOption(flags.asyncStacks())
    .addOption(flags.otelSpans())
    .addOption(flags.noOtelSpans())
    .addOption(new Option('--delay <seconds>', "Delay between 'top' refreshes.").argParser(parseDelay).default(1))
    .addOption(flags.native())
    .addOption(flags.nonblocking())
    .addOption(flags.greenlets())
    .passThroughOptions()
    .action((programArgs: string[], options: TopOptions) => action(options, programArgs));
}
