#!/usr/bin/env node
// Bundles the compiled CLI (dist/index.js and the @pyglass packages it imports, commander) into one
// file, dist/pyglass.mjs, which bin/pyglass.js runs: Node then loads one module instead of ~80, ~30 ms
// less start-up for `pyglass dump`. koffi stays external (native; a dependency of the `pyglass` package).
// Run after `tsc -b` (the root `build` and `prepare` scripts and the package's `prepack` do).
import { build } from 'rolldown';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  input: join(cli, 'dist', 'index.js'),
  platform: 'node',
  logLevel: 'warn',
  // the siblings' compiled output, not their TypeScript sources (the @pyglass/source condition)
  resolve: { conditionNames: ['import', 'node', 'default'] },
  external: ['koffi'],
  output: { file: join(cli, 'dist', 'pyglass.mjs'), format: 'esm', codeSplitting: false },
});
