#!/usr/bin/env node
// Bundles the compiled CLI (dist/index.js and the @pyglass packages it imports, commander) into one
// file, dist/pyglass.mjs, which bin/pyglass.js runs: Node then loads one module instead of ~80, ~30 ms
// less start-up for `pyglass dump`. koffi stays external (native; a dependency of the `pyglass` package).
// Run after `tsc -b` (the root `build` and `prepare` scripts and the package's `prepack` do).
import { build } from 'rolldown';
import { renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(cli, 'dist', 'pyglass.mjs');
// Written beside it, then renamed over it: a pyglass starting meanwhile (tests run while the
// packed-install test's `npm pack` rebuilds) loads the old bundle or the new one, never half of one.
const partial = join(cli, 'dist', `.pyglass.${process.pid}.mjs`);
await build({
  input: join(cli, 'dist', 'index.js'),
  platform: 'node',
  logLevel: 'warn',
  // the siblings' compiled output, not their TypeScript sources (the @pyglass/source condition)
  resolve: { conditionNames: ['import', 'node', 'default'] },
  external: ['koffi'],
  output: { file: partial, format: 'esm', codeSplitting: false },
});
renameSync(partial, bundle);
