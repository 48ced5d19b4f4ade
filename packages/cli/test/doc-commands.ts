/**
 * The `pyglass` command lines written in the user documentation (README.md and docs/*.md): every
 * line of a shell code block (sh, bash, shell, console) that runs `pyglass`, and every inline code
 * span that is a whole `pyglass …` command (not a synopsis with `[…]`, `<…>`, `…` or upper-case
 * placeholders).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocCommand {
  /** file relative to the repository, and line number (1-based) */
  where: string;
  /** the line as written */
  text: string;
  /** the arguments after `pyglass` (shell quoting removed, substitutions replaced by `x`) */
  args: string[];
  /** `> FILE` after the command: where its standard output goes */
  stdoutTo?: string;
}

const shellFences = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);
/** Words that may stand right before `pyglass` when it is the command run (not an npm package argument). */
const runners = new Set(['sudo', 'npx', '-y', '--yes', 'exec', '--', 'env', 'time', 'nice']);
const operators = new Set(['|', '||', '&&', ';', '&', '>', '>>', '2>', '2>&1', '<']);

/** Shell words of `line`: quotes removed, `$(…)` and `$VAR` replaced by `x`, a `#` comment dropped. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word += line.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? line.length : end;
      inWord = true;
    } else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      word += substitute(line.slice(i + 1, end < 0 ? undefined : end));
      i = end < 0 ? line.length : end;
      inWord = true;
    } else if (c === '$' && line[i + 1] === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < line.length; j++) {
        if (line[j] === '(') depth++;
        else if (line[j] === ')' && --depth === 0) break;
      }
      word += 'x';
      i = j;
      inWord = true;
    } else if (c === '#' && !inWord) {
      break;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c === '$' ? '' : c;
      if (c === '$') {
        while (i + 1 < line.length && /[A-Za-z0-9_{}]/.test(line[i + 1]!)) i++;
        word += 'x';
      }
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function substitute(s: string): string {
  return s.replace(/\$\([^)]*\)/g, 'x').replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, 'x');
}

/** The pyglass invocations in one shell line (a line can hold several, joined by `&&` or `|`). */
export function commandsInLine(line: string): Array<{ args: string[]; stdoutTo?: string }> {
  const words = shellWords(line);
  const found: Array<{ args: string[]; stdoutTo?: string }> = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== 'pyglass') continue;
    const before = words[i - 1];
    if (before !== undefined && !runners.has(before) && !operators.has(before) && !/^[A-Z_]+=/.test(before)) continue;
    const args: string[] = [];
    let j = i + 1;
    for (; j < words.length && !operators.has(words[j]!); j++) args.push(words[j]!);
    const stdoutTo = words[j] === '>' ? words[j + 1] : undefined;
    found.push(stdoutTo === undefined ? { args } : { args, stdoutTo });
  }
  return found;
}

/** Placeholders of a synopsis: such an inline span describes a command rather than being one. */
const synopsis = /[[\]<>…{}]|\b(PID|FILE|PROGRAM|RATE|SECONDS|URL|FORMAT|ARGS|DIR|NAME|REGEX|SHELL|N|MB)\b|\bpyglass\s+\w+\s*$/;

/** The documentation files: README.md and every docs/*.md. */
export function docFiles(repoRoot: string): string[] {
  const docs = readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

export function docCommands(repoRoot: string, file: string): DocCommand[] {
  const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
  const out: DocCommand[] = [];
  let fence: string | undefined;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const open = /^\s*```(\S*)/.exec(line);
    if (open) {
      fence = fence === undefined ? open[1] ?? '' : undefined;
      continue;
    }
    if (fence !== undefined) {
      if (!shellFences.has(fence)) continue;
      let text = line.replace(/^\s*\$\s+/, '');
      // continuation lines
      while (text.endsWith('\\') && n + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++n]!.trim()}`;
      for (const c of commandsInLine(text)) out.push({ where: `${file}:${n + 1}`, text: text.trim(), ...c });
      continue;
    }
    for (const m of line.matchAll(/`((?:sudo |npx )?pyglass [^`]+)`/g)) {
      const span = m[1]!;
      if (synopsis.test(span)) continue;
      for (const c of commandsInLine(span)) out.push({ where: `${file}:${n + 1}`, text: span, ...c });
    }
  }
  return out;
}
