/**
 * Helpers for the `pyglass top` tests: a runnable bundle of an entry straight from the
 * TypeScript sources (bundled with rolldown, which ships with vite: no tsc build of every
 * package needed), and a private tmux server to run it in a real terminal.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../tools/testing/repo.js';


/**
 * Bundles `entrySource` (TypeScript; may import absolute paths of the sources) into
 * node_modules/.cache/pyglass-top-e2e-(pid)-(random)/(name)/bin/(name).mjs, inside the repository so that
 * bare imports such as koffi and commander resolve from node_modules, and returns its path.
 * Sibling @pyglass packages come from their sources. Remove `bundleRoot()` when done.
 */
export async function bundle(name: string, entrySource: string): Promise<string> {
  const { build } = await import('rolldown');
  const outDir = join(bundleRoot(), name);
  mkdirSync(join(outDir, 'bin'), { recursive: true });
  // main.ts reads ../package.json relative to itself for --version
  copyFileSync(join(repoRoot, 'packages/cli/package.json'), join(outDir, 'package.json'));
  const entry = join(outDir, 'entry.ts');
  writeFileSync(entry, entrySource);
  const file = join(outDir, 'bin', `${name}.mjs`);
  await build({
    input: entry,
    platform: 'node',
    logLevel: 'silent',
    resolve: { conditionNames: ['@pyglass/source', 'import', 'node', 'default'], extensionAlias: { '.js': ['.ts', '.js'] } },
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('@pyglass/') && !id.startsWith('\0'),
    output: { file, format: 'esm', codeSplitting: false },
  });
  return file;
}

// one directory per test file (each file loads this module afresh), so files never share one
const root = join(repoRoot, 'node_modules', '.cache', `pyglass-top-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);

/** Where `bundle` writes. */
export function bundleRoot(): string {
  return root;
}

/** The path of a source file of this package, for bundle entries. */
export function source(path: string): string {
  return JSON.stringify(join(repoRoot, 'packages/cli/src', path));
}

/** A private tmux server (its own socket) with one session; kill() ends only that server. */
export class Tmux {
  readonly socket = `pyglass-top-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Starts `command` (run by /bin/sh) in a detached width × height session. */
  start(command: string, width = 160, height = 40): void {
    this.tmux(['new-session', '-d', '-s', 'top', '-x', String(width), '-y', String(height), command]);
  }

  /** The visible screen, one string per line, trailing blanks removed. */
  screen(): string[] {
    const lines = this.tmux(['capture-pane', '-p', '-t', 'top']).split('\n').map((l) => l.trimEnd());
    if (lines.at(-1) === '') lines.pop(); // the newline after the last row
    return lines;
  }

  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 'top', ...keys]);
  }

  resize(width: number, height: number): void {
    this.tmux(['resize-window', '-t', 'top', '-x', String(width), '-y', String(height)]);
  }

  /** Whether the pane is in the alternate screen, and whether the cursor is visible. */
  modes(): { alternate: boolean; cursor: boolean } {
    const [alt, cursor] = this.tmux(['display-message', '-p', '-t', 'top', '#{alternate_on} #{cursor_flag}']).trim().split(' ');
    return { alternate: alt === '1', cursor: cursor === '1' };
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // already gone
    }
  }
}

/** Polls `probe` until it returns a value (not undefined); fails with `what` and the last state. */
export async function waitFor<T>(what: string, probe: () => T | undefined, describe: () => string = () => '', timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last state:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The labels of the table rows on a top screen (text after the four numeric columns). */
export function tableLabels(screen: string[]): string[] {
  const rows: string[] = [];
  for (const line of screen) {
    const m = /^\s*[\d.]+% +[\d.]+% +[\d.]+s +[\d.]+s {3}(.*)$/.exec(line);
    if (m) rows.push(m[1]!);
  }
  return rows;
}

/** "Total Samples N" on a top screen. */
export function totalSamples(screen: string[]): number | undefined {
  for (const line of screen) {
    const m = /^Total Samples (\d+)/.exec(line);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * The screen once the shell line after top has run: "EXIT=n" and then the tty's canonical-mode
 * flag from stty ("icanon" or "-icanon"); undefined before.
 */
export function exitedScreen(t: Tmux): string[] | undefined {
  const s = t.screen();
  const exit = s.findIndex((l) => l.startsWith('EXIT='));
  return exit >= 0 && s.slice(exit + 1).some((l) => l === 'icanon' || l === '-icanon') ? s : undefined;
}
