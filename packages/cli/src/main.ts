import { Argument, Command, CommanderError, Option } from 'commander';
import { formats } from '@pyglass/exporters';
import { addAgentCommand, type AgentOptions } from './commands/agent-options.js';
import { addDiffCommand, type DiffOptions } from './commands/diff-options.js';
import { completionScript, completionShells, type CompletionShell } from './completions.js';
import { describeError, UsageError } from './errors.js';
import { applyHelp } from './help.js';
import { usageErrorLine } from './usage-hints.js';
import { parseFormat } from './format-option.js';
import {
  parseDelay, parseDuration, parsePid, parseRate, type CommandRequest, type DumpOptions, type RecordOptions, type TopOptions,
} from './options.js';
import { addPyroscopeFlags } from './pyroscope-flags.js';
import { pyglassVersion } from './version.js';

/** The record formats (the exporters' list). */
export const recordFormats = formats;

export { pyglassVersion } from './version.js';

const commandNames = ['record', 'top', 'dump', 'agent', 'diff', 'completions'];

/** py-spy accepts any unique prefix of a subcommand (`pyglass r`, `pyglass d`). */
function expandSubcommandPrefix(argv: string[]): string[] {
  const first = argv[0];
  if (!first || first.startsWith('-') || commandNames.includes(first)) return argv;
  const matches = commandNames.filter((c) => c.startsWith(first));
  return matches.length === 1 ? [matches[0]!, ...argv.slice(1)] : argv;
}

function countFlag(_value: string, previous: number): number {
  return previous + 1;
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

  const pid = () => new Option('-p, --pid <pid>', 'PID of a running python program to spy on, in decimal or hex').argParser(parsePid);
  const rate = () => new Option('-r, --rate <rate>', 'The number of samples to collect per second').argParser(parseRate).default(100);
  const subprocesses = () => new Option('-s, --subprocesses', 'Profile subprocesses of the original process').default(false);
  const fullFilenames = () => new Option('--full-filenames', 'Show full Python filenames, instead of shortening to show only the package part').default(false);
  const native = () => new Option('-n, --native', 'Collect stack traces from native extensions written in Cython, C or C++').default(false);
  const nonblocking = () => new Option('--nonblocking', "Don't pause the python process when collecting samples. Setting this option will reduce the performance impact of sampling, but may lead to inaccurate results").default(false);
  const idle = () => new Option('-i, --idle', 'Include stack traces for idle threads').default(false);
  const greenlets = () => new Option('--greenlets', "Also show every greenlet's stack (gevent, eventlet): suspended greenlets are idle stacks of their thread").default(false);
  const gil = () => new Option('-g, --gil', 'Only include traces that are holding on to the GIL (free-threaded builds: threads attached to the interpreter)').default(false);
  const otelSpans = () => new Option('--otel-spans', "Label each sample with the OpenTelemetry span its thread (or asyncio task) was serving, read from the target's memory (pprof and Pyroscope labels span_id, span_name, trace_id); on by default once the target has imported opentelemetry").default(true);
  const noOtelSpans = () => new Option('--no-otel-spans', 'Do not read OpenTelemetry spans');
  const asyncStacks = () => new Option('--async', 'Attribute samples of a thread running an asyncio task to the task\'s logical stack (the tasks awaiting it, then its own frames); with --idle, suspended tasks too').default(false);

  const record = program
    .command('record')
    .description('Records stack trace information to a flamegraph, speedscope, raw, chrometrace or pprof file')
    .argument('[python_program...]', 'commandline of a python program to run')
    .addOption(pid())
    .addOption(fullFilenames())
    .option('-o, --output <filename>', 'Output filename')
    .addOption(new Option('-f, --format <format>', 'Output file format').choices(formats).default('flamegraph').argParser(parseFormat))
    .addOption(new Option('-d, --duration <duration>', "The number of seconds to sample for (or 'unlimited')").argParser(parseDuration))
    .addOption(rate())
    .addOption(subprocesses())
    .option('-F, --function', "Aggregate samples by function's first line number, instead of current line number", false)
    .option('--nolineno', 'Do not show line numbers', false)
    .option('-t, --threads', 'Show thread ids in the output', false)
    .addOption(gil())
    .addOption(idle())
    .addOption(asyncStacks())
    .addOption(otelSpans())
    .addOption(noOtelSpans())
    .addOption(new Option('--capture', 'Captures output from child process').default(false).hideHelp())
    .option('--hideprogress', 'Hides progress bar (useful for showing error output on record)', false)
    .addOption(native())
    .addOption(nonblocking())
    .addOption(greenlets())
    .passThroughOptions();
  addPyroscopeFlags(record).action(async (programArgs: string[], options: RecordOptions) => {
    process.exitCode = await run({ command: 'record', options, program: programArgs });
  });

  program
    .command('top')
    .description('Displays a top like view of functions consuming CPU')
    .argument('[python_program...]', 'commandline of a python program to run')
    .addOption(pid())
    .addOption(rate())
    .addOption(subprocesses())
    .addOption(fullFilenames())
    .addOption(gil())
    .addOption(idle())
    .addOption(asyncStacks())
    .addOption(otelSpans())
    .addOption(noOtelSpans())
    .addOption(new Option('--delay <seconds>', "Delay between 'top' refreshes.").argParser(parseDelay).default(1))
    .addOption(native())
    .addOption(nonblocking())
    .addOption(greenlets())
    .passThroughOptions()
    .action(async (programArgs: string[], options: TopOptions) => {
      process.exitCode = await run({ command: 'top', options, program: programArgs });
    });

  program
    .command('dump')
    .description('Dumps stack traces for a target program to stdout')
    .addOption(pid())
    .option('-c, --core <core>', 'Filename of coredump to display python stack traces from')
    .option('--root <dir>', 'With --core: directory prefix under which the binaries named in the core are found')
    .addOption(fullFilenames())
    .addOption(new Option('-l, --locals', 'Show local variables for each frame. Passing multiple times (-ll) increases verbosity').argParser(countFlag).default(0))
    .option('-j, --json', 'Format output as JSON', false)
    .option('--async', 'Also show every asyncio task: its coroutine stack, who awaits it, and the task tree', false)
    .addOption(subprocesses())
    .addOption(native())
    .addOption(nonblocking())
    .addOption(greenlets())
    .action(async (options: DumpOptions) => {
      process.exitCode = await run({ command: 'dump', options });
    });

  addAgentCommand(program, { rate, gil, idle, nonblocking, fullFilenames, otelSpans, noOtelSpans }, async (options: AgentOptions) => {
    process.exitCode = await run({ command: 'agent', options });
  });

  addDiffCommand(program, async (base: string, next: string, options: DiffOptions) => {
    process.exitCode = await run({ command: 'diff', base, next, options });
  });

  program
    .command('completions')
    .description('Generate shell completions (bash, zsh or fish) on standard output')
    .addArgument(new Argument('<shell>', 'The shell to complete pyglass in').choices(completionShells))
    .action((shell: CompletionShell) => {
      process.stdout.write(completionScript(shell, program));
    });

  applyHelp(program);
  return program;
}

async function runCommand(request: CommandRequest): Promise<number> {
  // Commands load lazily so `pyglass --help` starts fast.
  switch (request.command) {
    case 'dump':
      return (await import('./commands/dump.js')).runDump(request.options);
    case 'record':
      return (await import('./commands/record.js')).runRecord(request.options, request.program);
    case 'top':
      return (await import('./commands/top.js')).runTop(request.options, request.program);
    case 'agent':
      return (await import('./commands/agent.js')).runAgent(request.options);
    case 'diff':
      return (await import('./commands/diff.js')).runDiff(request.base, request.next, request.options);
  }
}

/**
 * Runs pyglass with `argv` (without node and the script) and resolves to the exit status.
 * Errors end as one line on stderr, never as a stack trace.
 */
export async function main(argv: string[], run = runCommand): Promise<number> {
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
    process.stderr.write(`Error: ${describeError(error)}\n`);
    return error instanceof UsageError ? error.exitCode : 1;
  }
}
