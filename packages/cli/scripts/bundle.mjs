#!/usr/bin/env node
// Bundles the compiled CLI (dist/index.js and the @pyglass packages it imports, commander) into
// dist/pyglass.mjs and the chunks it loads on demand, dist/NAME-HASH.mjs; bin/pyglass.js runs it.
// Node then loads a few modules instead of ~80. The entry holds only the command line (commander,
// every command's flags, the help); each command's run.ts is a dynamic import, so rolldown splits it
// and what only it uses into chunks: `pyglass dump` never loads the profile writers, the Pyroscope
// and OTLP uploaders (and their protobuf descriptors) or the HTML report page.
// The output is ASCII and without comments: Node reads a module as UTF-8 and V8 scans a string with
// any non-ASCII character as two-byte text, slower, and comments are text it must scan too.
// commander requires child_process at load, for executable subcommands pyglass does not have; that
// alone loads Node's stream, network and dgram modules. Its require is pointed at a stand-in that
// loads child_process on the first call (the build fails if commander uses more than `spawn` of it).
// Node's modules are taken with process.getBuiltinModule, not imported: an ESM import of one makes
// Node build its ESM view, reading every export, and `fs.promises`, for one, then loads fs/promises,
// the streams and readline (35 modules on Node 20) that pyglass dump never uses.
// koffi stays external (native; a dependency of the `pyglass` package).
// Run after `tsc -b` (the root `build` and `prepare` scripts and the package's `prepack` do).
import { rolldown } from 'rolldown';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(cli, 'dist');
const lazyChildProcess = '\0pyglass:lazy-child-process';
const commander = dirname(createRequire(join(cli, 'package.json')).resolve('commander'));
const commanderUses = new Set([...readFileSync(join(commander, 'lib', 'command.js'), 'utf8').matchAll(/childProcess\.(\w+)/g)].map((m) => m[1]));
if ([...commanderUses].some((name) => name !== 'spawn')) throw new Error(`commander uses child_process.${[...commanderUses].join(', ')}: extend the stand-in in scripts/bundle.mjs`);

/** commander's `require('node:child_process')` → a module whose spawn loads child_process when called. */
const commanderChildProcess = {
  name: 'pyglass-lazy-child-process',
  resolveId(source, importer) {
    if (source === 'node:child_process' && importer?.startsWith(commander)) return lazyChildProcess;
    return null;
  },
  load(id) {
    if (id !== lazyChildProcess) return null;
    return "export function spawn(...args) { return process.getBuiltinModule('node:child_process').spawn(...args); }\n";
  },
};

/** `import { a, b as c } from "node:x";` → `const { a, b: c } = globalThis.process.getBuiltinModule("node:x");` */
const builtinImports = {
  name: 'pyglass-builtins-without-esm-views',
  renderChunk(code, chunk) {
    const out = code.replace(/^import \{([^}]*)\} from "(node:[\w/]+)";$/gm, (_, names, id) =>
      `const {${names.replace(/\s+as\s+/g, ': ')}} = globalThis.process.getBuiltinModule(${JSON.stringify(id)});`);
    const left = /^import [^\n]*from "node:[^\n]*$/m.exec(out);
    if (left) throw new Error(`${chunk.fileName}: cannot rewrite ${left[0]} (scripts/bundle.mjs, builtinImports)`);
    return out;
  },
};

const bundle = await rolldown({
  input: { pyglass: join(dist, 'index.js') },
  platform: 'node',
  logLevel: 'warn',
  // the siblings' compiled output, not their TypeScript sources (the @pyglass/source condition)
  resolve: { conditionNames: ['import', 'node', 'default'] },
  external: ['koffi'],
  plugins: [commanderChildProcess, builtinImports],
});
const { output } = await bundle.generate({
  format: 'esm',
  entryFileNames: '[name].mjs',
  // beside the entry (tsc writes only .js there), as modules that read ../package.json expect
  chunkFileNames: '[name]-[hash].mjs',
  charset: 'ascii',
  comments: false,
});
await bundle.close();

// Each file is written beside its place and renamed over it, the entry last: a pyglass starting
// meanwhile (tests run while the packed-install test's `npm pack` rebuilds) loads the old bundle or
// the new one, never half of one. A chunk's name carries its content's hash, so the old entry's
// chunks stay until the new entry is in place.
const written = new Set(output.map((o) => o.fileName));
const entry = output.find((o) => o.type === 'chunk' && o.isEntry);
for (const o of [...output.filter((x) => x !== entry), entry]) {
  const partial = join(dist, `.${o.fileName}.${process.pid}`);
  writeFileSync(partial, o.type === 'chunk' ? o.code : o.source);
  renameSync(partial, join(dist, o.fileName));
}
// The old chunks go (they would be packed), once a pyglass that loaded the old entry just before has
// had time to import its chunks (each command imports its own right after parsing its flags).
const stale = readdirSync(dist).filter((name) => name.endsWith('.mjs') && !written.has(name));
if (stale.length > 0) {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  for (const name of stale) rmSync(join(dist, name), { force: true });
}
