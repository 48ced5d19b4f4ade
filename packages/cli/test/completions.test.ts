/**
 * `pyglass completions bash|zsh|fish` from the repository's bin, each script loaded in its own shell:
 * bash (the completion function called as bash calls it), zsh (TAB typed into an interactive zsh in a
 * pty, the real completion system), fish (`complete --do-complete`): commands, options, --format
 * choices. A unique prefix (`pyglass c`) works; an unknown shell is refused in one line.
 * packed-install.test.ts checks bash again from an installed package.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
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
  expect(complete(['pyglass', ''])).toBe('record top dump agent diff convert completions -h --help -V --version');
  expect(complete(['pyglass', 'dump', '--j'])).toBe('--json');
  expect(complete(['pyglass', 'record', '--format', 'c'])).toBe('chrometrace capture');
  expect(complete(['pyglass', 'record', '-f', ''])).toBe('flamegraph speedscope raw chrometrace pprof html firefox capture');
  expect(complete(['pyglass', 'completions', 'f'])).toBe('fish');
  // after --, the program's own arguments: no pyglass options
  expect(complete(['pyglass', 'record', '--', 'python3', '--fo'])).not.toContain('--format');
});

const has = (shell: string) => spawnSync(shell, ['--version'], { encoding: 'utf8' }).status === 0;
const missing = ['zsh', 'fish'].filter((s) => !has(s));
if (missing.length) console.log(`[cli completions] SKIPPED for ${missing.join(', ')}: not installed (tools/pythons/provision.sh installs them)`);
let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'pyglass-completions-')); });
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

/** `pyglass completions SHELL` saved to a file, after a syntax check by that shell. */
function script(shell: 'zsh' | 'fish'): string {
  const r = pyglass(['completions', shell]);
  expect(r.status).toBe(0);
  const file = join(dir, `pyglass.${shell}`);
  writeFileSync(file, r.stdout);
  const check = spawnSync(shell, shell === 'zsh' ? ['-n', file] : ['--no-execute', file], { encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
  return file;
}

test.skipIf(!has('zsh'))('zsh: TAB in an interactive zsh completes commands, options and --format choices', () => {
  const file = script('zsh');
  const zshComplete = fileURLToPath(new URL('./scripts/zsh-complete.zsh', import.meta.url));
  const line = (text: string) => {
    // a plain environment: the test runner's (a TERM with escape sequences, FORCE_TTY, …) changes what
    // zsh's line editor writes to the pty
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], TERM: 'dumb', TMPDIR: dir };
    const r = spawnSync('zsh', ['-f', zshComplete, file, text], { encoding: 'utf8', timeout: 30_000, env });
    expect(r.status, JSON.stringify([r.signal, r.stdout, r.stderr, file])).toBe(0);
    return r.stdout.trim();
  };
  expect(line('pyglass rec')).toBe('pyglass record');
  expect(line('pyglass dump --jso')).toBe('pyglass dump --json');
  expect(line('pyglass record --format spe')).toBe('pyglass record --format speedscope');
  expect(line('pyglass completions f')).toBe('pyglass completions fish');
});

test.skipIf(!has('fish'))('fish: complete --do-complete gives commands, options and --format choices', () => {
  const file = script('fish');
  const candidates = (text: string) => {
    const r = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete --do-complete "${text}"`], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trim().split('\n').map((l) => l.split('\t')[0]);
  };
  expect(candidates('pyglass rec')).toEqual(['record']);
  expect(candidates('pyglass dump --jso')).toEqual(['--json']);
  expect(candidates('pyglass record --format spe')).toEqual(['speedscope']);
  expect(candidates('pyglass c')).toEqual(['completions', 'convert']);
});

test('an unknown shell is refused in one line', () => {
  const r = pyglass(['completions', 'tcsh']);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(isOneLineError(r.stderr)).toBe(true);
  expect(r.stderr).toContain('bash, zsh, fish');
});
