/**
 * What `--help` shows beyond each flag's own description: the group each flag is listed under, the
 * defaults worth showing, and per command its examples and notes (`--`, the default file name,
 * `-o -`, top's keys). A new flag gets a line in `flagGroups` (test/help.test.ts fails until it
 * has one), and a new command an entry in `commandHelp`.
 */
import { Help, Option as CommanderOption, type Command, type Option } from 'commander';

/** The help groups, in the order they are listed. */
const groups = {
  target: 'Target (a running process with --pid, or a program to launch after --):',
  output: 'Output:',
  sampling: 'Sampling:',
  content: 'What the stacks show:',
  processes: 'Which processes (agent):',
  upload: 'Continuous profiling (Grafana Pyroscope, OpenTelemetry OTLP):',
  help: 'Help:',
} as const;
type Group = keyof typeof groups;

/** The group of each flag (by its long name), whatever command it belongs to. */
export const flagGroups: Record<string, Group> = {
  '--pid': 'target',
  '--core': 'target',
  '--root': 'target',
  '--subprocesses': 'target',
  '--output': 'output',
  '--format': 'output',
  '--json': 'output',
  '--hideprogress': 'output',
  '--capture': 'output',
  '--delay': 'output',
  '--duration': 'sampling',
  '--rate': 'sampling',
  '--nonblocking': 'sampling',
  '--native': 'content',
  '--idle': 'content',
  '--gil': 'content',
  '--mode': 'content',
  '--gc': 'content',
  '--threads': 'content',
  '--function': 'content',
  '--nolineno': 'content',
  '--from': 'content',
  '--to': 'content',
  '--thread': 'content',
  '--full-filenames': 'content',
  '--locals': 'content',
  '--async': 'content',
  '--greenlets': 'content',
  '--otel-spans': 'content',
  '--no-otel-spans': 'content',
  '--match': 'processes',
  '--match-container': 'processes',
  '--exclude-container': 'processes',
  '--app-name-from': 'processes',
  '--pyroscope': 'upload',
  '--otlp': 'upload',
  '--otlp-header': 'upload',
  '--app-name': 'upload',
  '--tag': 'upload',
  '--upload-interval': 'upload',
  '--upload-timeout': 'upload',
  '--tenant-id': 'upload',
  '--basic-auth': 'upload',
  '--auth-token': 'upload',
  '--pyroscope-api': 'upload',
  '--max-queued-windows': 'upload',
  '--max-queue-mb': 'upload',
  '--help': 'help',
};

/** Defaults that are not a value commander knows (shown as `default: …`), by flag or by `command flag`. */
const describedDefaults: Record<string, string> = {
  '--duration': 'unlimited',
  'record --output': '<script, module or pid>-<time>.<format\'s extension>',
  'convert --output': '<the capture\'s name>.<format\'s extension>',
};

/** Examples and notes after each command's flags. */
const commandHelp: Record<string, string> = {
  record: `
Examples:
  pyglass record -o profile.svg --pid 12345          attach to a running program until Control-C
  pyglass record -o profile.svg -- python3 app.py    launch a program, profile it until it exits
  pyglass record -d 30 --idle -o waits.svg -p 12345  30 seconds, waiting threads included
  pyglass record -f speedscope -o p.json -- python3 -m pytest
  pyglass record -f raw -o - -- python3 app.py | flamegraph.pl > app.svg
  pyglass record -o run.svg -o run.pyglass -p 12345  several outputs, each in its extension's format
  pyglass record -o run.firefox.json --idle -p 12345 timelines for the Firefox Profiler

Everything after -- is the program's own command line. Name the interpreter (-- python3 app.py,
not -- app.py). Without -o the file is named after the script (app-<time>.svg for
-- python3 app.py) or the pid; -o - writes the profile to standard output. pyglass exits with a
launched program's own status; 1 when the profile could not be made, 2 for a command-line mistake.
`,
  top: `
Keys:
  1 2 3 4   sort by %Own, %Total, OwnTime (the default), TotalTime
  L         aggregate by function (the default) or by line
  R         reset the statistics
  ?         help screen
  q, ^C     quit (the last table stays on the terminal; a program top launched is stopped)

Examples:
  pyglass top --pid 12345
  pyglass top -- python3 app.py
  pyglass top --pid 12345 > top.log      not a terminal: one plain table per refresh
`,
  dump: `
Examples:
  pyglass dump --pid 12345               every thread's stack, innermost frame first
  pyglass dump --locals --pid 12345      with each frame's arguments and local variables
  pyglass dump --async --pid 12345       asyncio: every task and what it awaits
  pyglass dump --json --pid 12345        as JSON (py-spy's keys)
  pyglass dump --core core.12345         the stacks in a core file
`,
  agent: `
One of --pyroscope and --otlp is required (or both).

Examples:
  pyglass agent --pyroscope http://localhost:4040
  pyglass agent --otlp http://localhost:4318 --match 'gunicorn|celery'
  pyglass agent --pyroscope http://pyroscope:4040 --app-name-from env:SERVICE_NAME --tag env=prod
`,
  diff: `
Examples:
  pyglass diff before.pb.gz after.pb.gz                what grew and what shrank, as text
  pyglass diff -o diff.html before.pb.gz after.pb.gz   as an HTML report
  pyglass diff -f raw -o diff.txt before.pb.gz after.pb.gz
`,
  convert: `
Examples:
  pyglass convert run.pyglass -f speedscope                   run.json
  pyglass convert run.pyglass --idle --from 10 --to 20 -o slice.firefox.json
  pyglass convert run.pyglass --thread MainThread --threads -f raw -o -

With the flags the record had, convert writes exactly what the record wrote. It narrows what the
record read, it cannot widen it (--function needs a capture recorded with --function).
`,
  completions: `
Examples:
  source <(pyglass completions bash)
  pyglass completions fish | source
`,
};

/** After the command list of `pyglass --help`. */
const programHelp = `
Examples:
  pyglass record -o profile.svg -- python3 app.py    profile a program from start to end
  pyglass record -o profile.svg --pid 12345          profile a running program until Control-C
  pyglass top --pid 12345                            live view of the hottest functions
  pyglass dump --pid 12345                           what every thread is doing now

Run pyglass <command> --help for a command's flags. Reading another process needs root or
CAP_SYS_PTRACE; a program pyglass launches usually does not.
`;

/**
 * commander's option description without `(default: false)` on every switch: a boolean flag's
 * default goes without saying; a described default (`-d`: unlimited) is shown.
 */
class PyglassHelp extends Help {
  /** The command whose help is being formatted (its options are listed next). */
  private commandName = '';

  override visibleOptions(cmd: Command): Option[] {
    this.commandName = cmd.name();
    return super.visibleOptions(cmd);
  }

  override optionDescription(option: Option): string {
    const described = describedDefaults[`${this.commandName} ${option.long ?? ''}`] ?? describedDefaults[option.long ?? ''];
    if (typeof option.defaultValue === 'boolean') {
      const copy = Object.assign(Object.create(Object.getPrototypeOf(option) as object) as Option, option, { defaultValue: undefined });
      return super.optionDescription(copy);
    }
    const text = super.optionDescription(option);
    return described === undefined ? text : `${text} (default: ${described})`;
  }
}

/** Applies the groups, the defaults and the examples to the program and each of its commands. */
export function applyHelp(program: Command): void {
  program.addHelpText('after', programHelp);
  program.createHelp = () => Object.assign(new PyglassHelp(), program.configureHelp());
  const order = Object.keys(groups) as Group[];
  for (const command of program.commands) {
    command.createHelp = () => Object.assign(new PyglassHelp(), command.configureHelp());
    const text = commandHelp[command.name()];
    if (text !== undefined) command.addHelpText('after', text);
    const rank = (o: Option) => order.indexOf(flagGroups[o.long ?? ''] ?? 'help');
    for (const option of command.options) {
      const group = flagGroups[option.long ?? ''];
      option.helpGroup(group === undefined ? 'Options:' : groups[group]);
    }
    // listed by group (commander lists the groups in the order their first flag appears)
    (command.options as Option[]).sort((a, b) => rank(a) - rank(b));
    command.addHelpOption(new CommanderOption('-h, --help', 'Print help').helpGroup(groups.help));
  }
}

/** Commands without examples in commandHelp (a new command: add them). */
export function commandsWithoutExamples(program: Command): string[] {
  return program.commands.map((c) => c.name()).filter((name) => commandHelp[name] === undefined && name !== 'help');
}

/** Flags of `command` that have no help group yet (a new flag: add it to flagGroups). */
export function flagsWithoutGroup(command: Command): string[] {
  return command.options.map((o) => o.long ?? o.flags).filter((long) => flagGroups[long] === undefined);
}
