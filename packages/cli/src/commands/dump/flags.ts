/** `pyglass dump`: its flags and the options they produce. */
import { Option, type Command } from 'commander';
import { sharedFlags as flags } from '../shared-flags.js';

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

function countFlag(_value: string, previous: number): number {
  return previous + 1;
}

/** Adds `dump` to the program; `action` receives its options. */
export function addDumpCommand(program: Command, action: (options: DumpOptions) => Promise<void>): Command {
  return program
    .command('dump')
    .description('Dumps stack traces for a target program to stdout')
    .addOption(flags.pid())
    .option('-c, --core <core>', 'Filename of coredump to display python stack traces from')
    .option('--root <dir>', 'With --core: directory prefix under which the binaries named in the core are found')
    .addOption(flags.fullFilenames())
    .addOption(new Option('-l, --locals', 'Show local variables for each frame. Passing multiple times (-ll) increases verbosity').argParser(countFlag).default(0))
    .option('-j, --json', 'Format output as JSON', false)
    .option('--async', 'Also show every asyncio task: its coroutine stack, who awaits it, and the task tree', false)
    .addOption(flags.subprocesses())
    .addOption(flags.native())
    .addOption(flags.nonblocking())
    .addOption(flags.greenlets())
    .action(action);
}
