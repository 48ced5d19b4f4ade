// What every bench script starts with: the repository root, its arguments, and `--name value` options.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const benchArgs = process.argv.slice(2);
export const pyglassBin = join(repoRoot, 'packages/cli/bin/pyglass.js');

/** The value after `--name`, or `dflt` when the option is absent or has no value. */
export function option(name, dflt) {
  const i = benchArgs.indexOf(name);
  return i < 0 || benchArgs[i + 1] === undefined || benchArgs[i + 1].startsWith('--') ? dflt : benchArgs[i + 1];
}
