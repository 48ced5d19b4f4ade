/**
 * Tests that run pyglass (or a fixture) as an unprivileged user cannot load anything from the
 * checkout when it is not readable by others (a clone in root's mode-700 home). They run from a
 * world-readable copy made here instead, removed after.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A world-readable staging directory. */
export interface StagedDir {
  dir: string;
  /** Absolute path of `rel` inside the staging directory. */
  path(rel: string): string;
  remove(): void;
}

/** Makes every file and directory under `dir` readable (and directories traversable) by everyone. */
function openUp(dir: string): void {
  chmodSync(dir, statSync(dir).mode | 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) openUp(p);
    else if (entry.isFile()) chmodSync(p, statSync(p).mode | 0o444);
  }
}

/**
 * Copies `entries` (source path → path relative to the staging directory; `text:` sources are
 * written as given) into a new world-readable directory under the system temp directory.
 */
export function stageForUser(entries: Array<[from: string, to: string]>): StagedDir {
  const dir = mkdtempSync(join(tmpdir(), 'pyglass-staged-'));
  for (const [from, to] of entries) {
    const dest = join(dir, to);
    if (from.startsWith('text:')) {
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, from.slice('text:'.length));
    } else {
      cpSync(from, dest, { recursive: true, dereference: true });
    }
  }
  openUp(dir);
  return { dir, path: (rel) => join(dir, rel), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Staging entries for koffi (memory-reader's only dependency): the package and its native module,
 * which lives in a sibling package (@koromix/koffi-PLATFORM-ARCH) when installed from npm.
 */
export function koffiEntries(): Array<[from: string, to: string]> {
  const koffi = dirname(createRequire(join(repoRoot, 'packages', 'memory-reader', 'package.json')).resolve('koffi'));
  const nativeName = `koffi-${process.platform}-${process.arch}`;
  const native = join(dirname(koffi), '@koromix', nativeName);
  return [[koffi, join('node_modules', 'koffi')], ...(existsSync(native) ? [[native, join('node_modules', '@koromix', nativeName)] as [string, string]] : [])];
}

/**
 * The built pyglass CLI (the bundle's entry and chunks, its package.json and koffi) staged for another
 * user; `bin` runs it like packages/cli/bin/pyglass.js. Build first (npm run build or buildCli()).
 */
export function stageCli(): StagedDir & { bin: string } {
  const cli = join(repoRoot, 'packages', 'cli');
  const bundle = readdirSync(join(cli, 'dist')).filter((name) => name.endsWith('.mjs'));
  const staged = stageForUser([
    ...bundle.map((name): [string, string] => [join(cli, 'dist', name), join('dist', name)]),
    [join(cli, 'package.json'), 'package.json'],
    ...koffiEntries(),
    ['text:const { main } = await import(\'./dist/pyglass.mjs\');\nprocess.exitCode = await main(process.argv.slice(2));\n', 'pyglass.mjs'],
  ]);
  return { ...staged, bin: staged.path('pyglass.mjs') };
}
