#!/usr/bin/env node
// Runs the bundle dist/pyglass.mjs (the command line; each command's code is a chunk it loads on
// demand, koffi external), which the build and `npm pack` always remake.
import module from 'node:module';

// Node ≥ 22.1 keeps V8's compiled code of the bundle on disk (in the system temp directory, or
// NODE_COMPILE_CACHE): later runs skip most of the compiling. Node 20 has no such cache. Enabled
// before the bundle is imported, hence the dynamic import; a cache that cannot be written is ignored.
module.enableCompileCache?.();
const { main } = await import('../dist/pyglass.mjs');

process.exitCode = await main(process.argv.slice(2));
