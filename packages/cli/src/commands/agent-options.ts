/** `pyglass agent`: its flags (the Pyroscope ones are shared with record, see pyroscope-flags.ts). */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { AgentOptions, AppNameSource } from '../options.js';
import { addPyroscopeFlags } from '../pyroscope-flags.js';

// The option types live with the others in options.ts (types only, so the published declarations of
// the CLI's options reach neither commander's runtime nor @pyglass/pyroscope).
export type { AgentOptions, AppNameSource } from '../options.js';

export function parseAppNameSource(value: string): AppNameSource {
  if (value === 'cmdline') return { kind: 'cmdline' };
  const m = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
  if (m !== null) return { kind: 'env', variable: m[1]! };
  throw new InvalidArgumentError(`expected 'cmdline' or 'env:VARIABLE', not '${value}'.`);
}

function parseRegex(value: string): RegExp {
  try {
    return new RegExp(value);
  } catch (error) {
    if (error instanceof SyntaxError) throw new InvalidArgumentError(`not a valid regular expression: ${error.message}.`);
    throw error;
  }
}

/** The common flag factories of main.ts, so each flag keeps one definition. */
export interface SharedFlags {
  rate: () => Option;
  gil: () => Option;
  idle: () => Option;
  nonblocking: () => Option;
  fullFilenames: () => Option;
  otelSpans: () => Option;
  noOtelSpans: () => Option;
}

export function addAgentCommand(program: Command, flags: SharedFlags, action: (options: AgentOptions) => Promise<void>): Command {
  const agent = program
    .command('agent')
    .description('Profiles every Python process on this host (or those matching --match) continuously into Grafana Pyroscope, until stopped')
    .addOption(new Option('--match <regex>', 'Only processes whose command line matches this regular expression').argParser(parseRegex))
    .addOption(
      new Option('--app-name-from <source>', "Service name of each process: 'cmdline' (script or module name) or 'env:VAR' (that variable of the process, else cmdline)")
        .argParser(parseAppNameSource)
        .default({ kind: 'cmdline' }, 'cmdline'),
    )
    .addOption(flags.rate())
    .addOption(flags.gil())
    .addOption(flags.idle())
    .option('-t, --threads', 'Label samples with thread ids and names', false)
    .addOption(flags.nonblocking())
    .addOption(flags.fullFilenames())
    .addOption(flags.otelSpans())
    .addOption(flags.noOtelSpans());
  addPyroscopeFlags(agent, true);
  return agent.action(action);
}
