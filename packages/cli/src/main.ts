import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError } from 'commander';
import { formats } from '@pyglass/exporters';
import { addAgentCommand } from './commands/agent/flags.js';
import { addCompletionsCommand } from './commands/completions/flags.js';
import { addConvertCommand } from './commands/convert/flags.js';
import { addDiffCommand } from './commands/diff/flags.js';
import { addDumpCommand } from './commands/dump/flags.js';
import { addRecordCommand } from './commands/record/flags.js';
import type { CommandRequest } from './commands/request.js';
import { addTopCommand } from './commands/top/flags.js';
import { describeError, UsageError } from './errors.js';
import { applyHelp } from './help.js';
import { usageErrorLine } from './usage-hints.js';
import { abandonedStandardWrite } from './descriptor-writer.js';
import { isInterrupted } from './interrupted.js';
import { endQuietlyWhenOutputCloses } from './quiet-exit.js';
import { pyglassVersion } from './version.js';

/** The record formats (the exporters' list). */
export const recordFormats = formats;

export { pyglassVersion } from './version.js';

const commandNames = ['record', 'top', 'dump', 'agent', 'diff', 'convert', 'completions'];

/** py-spy accepts any unique prefix of a subcommand (`pyglass r`, `pyglass d`). */
function expandSubcommandPrefix(argv: string[]): string[] {
  const first = argv[0];
  if (!first || first.startsWith('-') || commandNames.includes(first)) return argv;
  const matches = commandNames.filter((c) => c.startsWith(first));
  return matches.length === 1 ? [matches[0]!, ...argv.slice(1)] : argv;
}

/**
 * Builds the `pyglass` command line; `run` receives the parsed command. Parse errors go to
 * `outputError` (main rewrites them into one line with the nearest fix), by default to stderr.
 */
export function buildProgram(run: (request: CommandRequest) => Promise<number>, outputError: (message: string) => void = (m) => process.stderr.write(m)): Command {
  const program = new Command('pyglass')
    .description('Sampling profiler for Python programs: attach to a running CPython, or launch one, and see where the time goes.')
    .version(pyglassVersion(), '-V, --version', 'Print version information')
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .helpOption('-h, --help', 'Print help')
    // set before the subcommands are added so they inherit it: errors come back to main() instead of exiting
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: (s) => outputError(s) });

  // each command owns its flags: commands/<name>/flags.ts
  addRecordCommand(program, async (options, programArgs) => {
    process.exitCode = await run({ command: 'record', options, program: programArgs });
  });
  addTopCommand(program, async (options, programArgs) => {
    process.exitCode = await run({ command: 'top', options, program: programArgs });
  });
  addDumpCommand(program, async (options) => {
    process.exitCode = await run({ command: 'dump', options });
  });
  addAgentCommand(program, async (options) => {
    process.exitCode = await run({ command: 'agent', options });
  });
  addDiffCommand(program, async (base, next, options) => {
    process.exitCode = await run({ command: 'diff', base, next, options });
  });
  addConvertCommand(program, async (file, options) => {
    process.exitCode = await run({ command: 'convert', options, file });
  });
  addCompletionsCommand(program);

  applyHelp(program);
  return program;
}

/**
 * For a command that reads once and exits (`dump --pid`): no optimising compilers. V8's TurboFan (and
 * Maglev on Node 22+) would compile the few loops that get hot while the command's code loads and
 * attaches (Node's path resolution, the layout tables' freezing, symbol look-ups) for a run that ends
 * moments later, and their code pages and zones are 5-10 MB of RSS; the interpreter and its baseline
 * compiler do this run. Set before the command's chunk is imported, so its load is covered too.
 */
function oneShotCompilers(): void {
  setFlagsFromString('--no-opt');
  setFlagsFromString('--no-maglev');
}

async function runCommand(request: CommandRequest): Promise<number> {
  // Commands load lazily so `pyglass --help` starts fast.
  switch (request.command) {
    case 'dump':
      if (request.options.core === undefined) oneShotCompilers();
      return (await import('./commands/dump/run.js')).runDump(request.options);
    case 'record':
      return (await import('./commands/record/run.js')).runRecord(request.options, request.program);
    case 'top':
      return (await import('./commands/top/run.js')).runTop(request.options, request.program);
    case 'agent':
      return (await import('./commands/agent/run.js')).runAgent(request.options);
    case 'diff':
      return (await import('./commands/diff/run.js')).runDiff(request.base, request.next, request.options);
    case 'convert':
      return (await import('./commands/convert/run.js')).runConvert(request.options, request.file);
  }
}

/**
 * Runs pyglass with `argv` (without node and the script) and resolves to the exit status.
 * Errors end as one line on stderr, never as a stack trace.
 */
export async function main(argv: string[], run = runCommand): Promise<number> {
  endQuietlyWhenOutputCloses();
  let parseError = '';
  const program = buildProgram(run, (message) => {
    parseError += message;
  });
  const args = expandSubcommandPrefix(argv);
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    process.exitCode = undefined;
    await program.parseAsync(args, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version "errors" are normal exits; commander already printed its message
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      if (error.exitCode === 0) return 0;
      // usage errors exit 2, as py-spy's (clap's) do
      process.stderr.write(`${usageErrorLine(program, error.code, parseError || error.message, args)}\n`);
      return 2;
    }
    // a command-line mistake found after parsing (exit 2), or the work failed (exit 1)
    if (error instanceof UsageError && error.exitCode === 2) {
      process.stderr.write(`error: ${describeError(error)}\n`);
      return 2;
    }
    if (isInterrupted(error)) {
      process.stderr.write(`pyglass: ${error.message}\n`);
      // bytes given up in Node's own standard output stream would keep the process waiting for a
      // reader that does not read: the one case where pyglass leaves by process.exit
      if (abandonedStandardWrite()) process.exit(error.exitCode);
      return error.exitCode;
    }
    process.stderr.write(`Error: ${describeError(error)}\n`);
    return error instanceof UsageError ? error.exitCode : 1;
  }
}
