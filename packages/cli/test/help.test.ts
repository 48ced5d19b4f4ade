/**
 * `--help` as a user reads it (the real bin): examples for every command, defaults where they exist
 * and not `(default: false)` on every switch, the Pyroscope/OTLP flags in their own group, top's
 * keys, what `--`, the default file name and `-o -` mean; and every flag of every command in a
 * help group (a new flag without one fails here: add it to flagGroups in src/help.ts).
 */
import { describe, expect, it } from 'vitest';
import { commandsWithoutExamples, flagsWithoutGroup } from '../src/help.js';
import { buildProgram } from '../src/main.js';
import { cliSuite, pyglass } from './helpers.js';

cliSuite('pyglass-help-');

/** The help text's groups: heading → the flags listed under it. */
function groupsOf(help: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of help.split('\n')) {
    if (/^\S.*:$/.test(line)) groups.set(line, (current = []));
    else if (line === '') current = undefined;
    else {
      const flag = /^ {2}(?:-\w, )?(--[\w-]+)/.exec(line)?.[1];
      if (flag !== undefined) current?.push(flag);
    }
  }
  return groups;
}

describe('pyglass --help', () => {
  it('every flag of every command is in a help group', () => {
    const program = buildProgram(async () => 0);
    for (const command of program.commands) expect(flagsWithoutGroup(command), command.name()).toEqual([]);
    expect(commandsWithoutExamples(program), 'commands without examples in src/help.ts').toEqual([]);
  });

  it.each(buildProgram(async () => 0).commands.map((c) => c.name()))('%s --help has examples and no "(default: false)"', (command) => {
    const r = pyglass([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Examples:\n {2}\S/m);
    expect(r.stdout).not.toContain('default: false');
    expect(r.stdout).not.toContain('default: true');
  });

  it('record --help: -- and the default file name and -o - explained, -d shows its default, the upload flags in their own group', () => {
    const r = pyglass(['record', '--help']);
    expect(r.stdout).toContain("Everything after -- is the program's own command line");
    expect(r.stdout).toContain('-o - writes the profile to standard output');
    expect(r.stdout).toMatch(/the file is named after the script \(app-<time>\.svg/);
    expect(r.stdout).toMatch(/-d, --duration <duration>[\s\S]*?\(default: unlimited\)/);
    expect(r.stdout).toMatch(/-r, --rate <rate>[\s\S]*?\(default: 100\)/);
    const groups = groupsOf(r.stdout);
    const upload = groups.get('Continuous profiling (Grafana Pyroscope, OpenTelemetry OTLP):');
    expect(upload).toEqual(expect.arrayContaining(['--pyroscope', '--otlp', '--app-name', '--tag', '--upload-interval', '--basic-auth']));
    for (const [heading, flags] of groups) {
      if (heading.startsWith('Continuous profiling')) continue;
      expect(flags.filter((f) => upload!.includes(f)), heading).toEqual([]);
    }
    expect(groups.get('Target (a running process with --pid, or a program to launch after --):')).toEqual(['--pid', '--subprocesses']);
  });

  it("top --help lists top's keys", () => {
    const r = pyglass(['top', '--help']);
    expect(r.stdout).toMatch(/^Keys:\n {2}1 2 3 4 +sort by %Own, %Total, OwnTime \(the default\), TotalTime\n {2}L +.*\n {2}R +reset the statistics\n {2}\? +help screen\n {2}q, \^C +quit/m);
  });

  it('agent --help says that --pyroscope or --otlp is required', () => {
    const r = pyglass(['agent', '--help']);
    expect(r.stdout).toContain('One of --pyroscope and --otlp is required (or both).');
  });

  it('pyglass --help: the commands, then examples', () => {
    const r = pyglass(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Commands:[\s\S]*record[\s\S]*Examples:\n {2}pyglass record -o profile\.svg -- python3 app\.py/);
  });
});
