#!/usr/bin/env node
// Runs the one-file bundle (dist/pyglass.mjs, made by the build) when it is at least as new as every
// package's compiled output, else the compiled modules: after a plain `tsc -b` the bundle is stale.
import { statSync } from 'node:fs';

const packages = new URL('../../', import.meta.url);
function bundleIsCurrent() {
  let bundle;
  try {
    bundle = statSync(new URL('../dist/pyglass.mjs', import.meta.url)).mtimeMs;
  } catch {
    return false;
  }
  for (const name of ['cli', 'memory-reader', 'unwinder', 'cpython-layouts', 'sampler', 'exporters', 'pyroscope']) {
    try {
      if (statSync(new URL(`${name}/dist/.tsbuildinfo`, packages)).mtimeMs > bundle) return false;
    } catch { /* installed from npm: no sibling build to compare with */ }
  }
  return true;
}

const { main } = await import(bundleIsCurrent() ? '../dist/pyglass.mjs' : '../dist/index.js');
process.exitCode = await main(process.argv.slice(2));
