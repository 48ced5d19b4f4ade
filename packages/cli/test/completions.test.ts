/**
 * `pyglass completions bash|zsh|fish` from the repository's bin: bash completion sourced in a real
 * bash (commands, options, --format choices), the zsh and fish scripts' contents (neither shell is
 * installed here), a unique prefix (`pyglass c`), and an unknown shell refused in one line.
 * packed-install.test.ts checks bash again from an installed package.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, expect, test } from 'vitest';
import { bin, buildCli, isOneLineError, pyglass } from './helpers.js';

beforeAll(() => buildCli(), 300_000);

/** COMPREPLY of the bash completion for the words `words` (the last one is being completed). */
function complete(words: string[]): string {
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const script = `source <("${process.execPath}" "${bin}" completions bash)
COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _pyglass; echo "\${COMPREPLY[*]}"`;
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

test('bash: commands, options of the command, --format choices, shells', () => {
  expect(complete(['pyglass', 'rec'])).toBe('record');
  expect(complete(['pyglass', ''])).toBe('record top dump completions -h --help -V --version');
  expect(complete(['pyglass', 'dump', '--j'])).toBe('--json');
  expect(complete(['pyglass', 'record', '--format', 'c'])).toBe('chrometrace');
  expect(complete(['pyglass', 'record', '-f', ''])).toBe('flamegraph speedscope raw chrometrace pprof');
  expect(complete(['pyglass', 'completions', 'f'])).toBe('fish');
  // after --, the program's own arguments: no pyglass options
  expect(complete(['pyglass', 'record', '--', 'python3', '--fo'])).not.toContain('--format');
});

test('zsh and fish scripts name every command, option and format choice', () => {
  const zsh = pyglass(['completions', 'zsh']);
  const fish = pyglass(['c', 'fish']); // a unique prefix, as for the other commands
  expect(zsh.status).toBe(0);
  expect(fish.status).toBe(0);
  expect(zsh.stdout.startsWith('#compdef pyglass\n')).toBe(true);
  for (const c of ['record', 'top', 'dump', 'completions']) {
    expect(zsh.stdout).toContain(`'${c}:`);
    expect(fish.stdout).toContain(`complete -c pyglass -n __fish_use_subcommand -a ${c} `);
  }
  expect(zsh.stdout).toContain("'--format[Output file format]:value:(flamegraph speedscope raw chrometrace pprof)'");
  expect(zsh.stdout).toContain("'--output[Output filename]:file:_files'");
  expect(fish.stdout).toContain("complete -c pyglass -n '__fish_seen_subcommand_from record' -s f -l format -x -a 'flamegraph speedscope raw chrometrace pprof'");
  expect(fish.stdout).toContain("complete -c pyglass -n '__fish_seen_subcommand_from dump' -s c -l core -r -F");
});

test('an unknown shell is refused in one line', () => {
  const r = pyglass(['completions', 'tcsh']);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(isOneLineError(r.stderr)).toBe(true);
  expect(r.stderr).toContain('bash, zsh, fish');
});
