/** `pyglass agent`: its flags (the Pyroscope ones are shared with record, see ../pyroscope-flags.ts) and options. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { SampleModeName as SampleMode } from '../option-types.js';
import { addPyroscopeFlags } from '../pyroscope-flags.js';
import type { PyroscopeFlags } from '../option-types.js';
import { sharedFlags as flags } from '../shared-flags.js';

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
  /** --mode wall|cpu|gil (combines with --idle and --gil) */
  mode?: SampleMode;
  /** --gc: a <GC> frame on top of stacks sampled during a collection */
  gc: boolean;
  threads: boolean;
  nonblocking: boolean;
  fullFilenames: boolean;
  /** --otel-spans (default) / --no-otel-spans */
  otelSpans: boolean;
}

/** Where a process's service name comes from: its command line, an environment variable of it, or its container. */
export type AppNameSource = { kind: 'cmdline' } | { kind: 'env'; variable: string } | { kind: 'container' };

export function parseAppNameSource(value: string): AppNameSource {
  if (value === 'cmdline') return { kind: 'cmdline' };
  if (value === 'container') return { kind: 'container' };
  const m = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
  if (m !== null) return { kind: 'env', variable: m[1]! };
  throw new InvalidArgumentError(`expected 'cmdline', 'container' or 'env:VARIABLE', not '${value}'.`);
}

/** A container id prefix: hex digits (Docker, CRI, Podman) or a machine name (systemd-nspawn). */
function collectContainerPrefix(value: string, previous: string[]): string[] {
  const v = value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v)) throw new InvalidArgumentError(`expected a container id or its first characters (e.g. 3f4e2a1b9c0d), not '${value}'.`);
  return [...previous, v.toLowerCase()];
}

function parseRegex(value: string): RegExp {
  try {
    return new RegExp(value);
  } catch (error) {
    if (error instanceof SyntaxError) throw new InvalidArgumentError(`not a valid regular expression: ${error.message}.`);
    throw error;
  }
}

/** Adds `agent` to the program; `action` receives its options. */
export function addAgentCommand(program: Command, action: (options: AgentOptions) => Promise<void>): Command {
  const agent = program
    .command('agent')
    .description('Profiles every Python process on this host (or those matching --match) continuously into Grafana Pyroscope and/or an OTLP receiver, until stopped')
    .addOption(new Option('--match <regex>', 'Only processes whose command line matches this regular expression').argParser(parseRegex))
    .addOption(new Option('--match-container <id-prefix>', 'Only processes in a container whose id starts with this (repeatable)').argParser(collectContainerPrefix).default([], 'any'))
    .addOption(new Option('--exclude-container <id-prefix>', 'Not processes in a container whose id starts with this (repeatable)').argParser(collectContainerPrefix).default([], 'none'))
    .addOption(
      new Option(
        '--app-name-from <source>',
        "Service name of each process: 'cmdline' (script or module name), 'env:VAR' (that variable of the process, else cmdline) or 'container' (its container's short id, else cmdline)",
      )
        .argParser(parseAppNameSource)
        .default({ kind: 'cmdline' }, 'cmdline'),
    )
    .addOption(flags.rate())
    .addOption(flags.gil())
    .addOption(flags.idle())
    .addOption(flags.mode())
    .addOption(flags.gc())
    .option('-t, --threads', 'Label samples with thread ids and names', false)
    .addOption(flags.nonblocking())
    .addOption(flags.fullFilenames())
    .addOption(flags.otelSpans())
    .addOption(flags.noOtelSpans());
  addPyroscopeFlags(agent);
  return agent.action(action);
}
