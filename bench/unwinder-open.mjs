#!/usr/bin/env node
// Benchmark of @pyglass/unwinder: open libpython3.12 and resolve 5 symbols, cold (a fresh node
// process each time, file in the page cache) and warm (parsed-file cache hit). Targets: < 30 ms
// cold, < 1 ms warm.
// Usage: node bench/unwinder-open.mjs [path-to-libpython]   (builds the package first)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lib = process.argv[2] ?? join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions/3.12.1/lib/libpython3.12.so.1.0');
if (!existsSync(lib)) {
  console.error(`${lib} not found: pass a libpython path (node bench/unwinder-open.mjs /path/to/libpython3.12.so.1.0)`);
  process.exit(1);
}
execFileSync('npx', ['tsc', '-b', 'packages/unwinder'], { cwd: root, stdio: 'inherit' });
const dist = join(root, 'packages/unwinder/dist/index.js');
const SYMBOLS = ['_PyRuntime', 'Py_Version', 'Py_GetVersion', '_PyEval_EvalFrameDefault', 'PyThreadState_Get'];
const COLD_TARGET = 30;
const WARM_TARGET = 1;

// Cold: each run is a new process, so nothing is cached or JIT-compiled.
const childCode = `
const t0 = performance.now();
const { openObjectFile } = await import(${JSON.stringify(dist)});
const t1 = performance.now();
const f = openObjectFile(${JSON.stringify(lib)});
for (const n of ${JSON.stringify(SYMBOLS)}) if (!f.symbol(n)) throw new Error('missing ' + n);
const t2 = performance.now();
const s = f.symbol('_PyRuntime');
f.symbol('this_symbol_is_not_there'); // forces the .symtab index too
const t3 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, openMs: t2 - t1, symtabMs: t3 - t2 }));`;
const cold = [];
for (let i = 0; i < 7; i++) cold.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', childCode], { encoding: 'utf8' })));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Warm: same process, cache hit (stat + map lookup) and 5 O(1) symbol lookups.
const { openObjectFile, clearObjectFileCache } = await import(dist);
const warmRun = () => {
  const f = openObjectFile(lib);
  for (const n of SYMBOLS) f.symbol(n);
};
for (let i = 0; i < 2000; i++) warmRun();
const N = 20_000;
let t0 = performance.now();
for (let i = 0; i < N; i++) warmRun();
const warmMs = (performance.now() - t0) / N;

// Uncached but JIT-warm: a re-parse in a long-running profiler (new file after the cache is cleared).
const M = 30;
t0 = performance.now();
for (let i = 0; i < M; i++) { clearObjectFileCache(); warmRun(); }
const reparseMs = (performance.now() - t0) / M;
clearObjectFileCache();

const coldOpen = median(cold.map((c) => c.openMs));
const fmt = (x) => x.toFixed(3).padStart(8);
console.log(`file: ${lib}`);
console.log(`symbols: ${SYMBOLS.join(', ')}`);
console.log(`cold  open + 5 symbols (fresh process, median of ${cold.length}) ${fmt(coldOpen)} ms   target < ${COLD_TARGET} ms   ${coldOpen < COLD_TARGET ? 'OK' : 'MISSED'}`);
console.log(`      (module import ${fmt(median(cold.map((c) => c.importMs)))} ms, then indexing .symtab for a missing name ${fmt(median(cold.map((c) => c.symtabMs)))} ms)`);
console.log(`warm  open + 5 symbols (cache hit)                    ${fmt(warmMs)} ms   target < ${WARM_TARGET} ms   ${warmMs < WARM_TARGET ? 'OK' : 'MISSED'}`);
console.log(`      re-parse after clearObjectFileCache (JIT warm)   ${fmt(reparseMs)} ms`);
