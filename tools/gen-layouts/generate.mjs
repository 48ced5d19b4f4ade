#!/usr/bin/env node
// Generates the layout tables of packages/cpython-layouts/src/gen/ (every file there but brand.ts, which is
// tools/gen-brand's) from the CPython headers installed on this machine.
//
// For every interpreter of the matrix (tools/pythons) that has headers, probe.c is compiled against
// those headers and run; it prints `group.field value` lines (offsetof/sizeof/constants). Tables
// of the same (minor, free-threaded, debug) variant taken from different patch releases are merged
// when equal and split into patch ranges when not. The member list of _Py_DebugOffsets (3.13+) is
// parsed from the header and offsetof() of each member is probed the same way.
//
// Usage: node tools/gen-layouts/generate.mjs            (writes src/gen/)
//        node tools/gen-layouts/generate.mjs --check    (generates into a temp dir, diffs, exit 1 on change)
//        node tools/gen-layouts/generate.mjs --verbose  (prints the raw probe output)
import { execFile as execFileCb, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFile = promisify(execFileCb);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const outDir = join(repo, 'packages', 'cpython-layouts', 'src', 'gen');
const args = new Set(process.argv.slice(2));
const check = args.has('--check');
const verbose = args.has('--verbose');

/** Fields every layout table lists in this order; anything else a probe prints keeps probe order. */
const GROUP_ORDER = [
  'runtime_state', 'interpreter_state', 'gil_runtime_state', 'thread_state', 'err_stackitem', 'gc_runtime_state',
  'cframe', 'frame_object', 'interpreter_frame', 'stack_chunk', 'code_object', 'pyobject', 'type_object', 'heap_type_object',
  'tuple_object', 'list_object', 'bytes_object', 'string_object', 'unicode_object', 'py2_unicode_object',
  'unicode_state_bits', 'long_object', 'int_object', 'float_object', 'dict_object', 'dict_keys_object',
  'dict_entry', 'dict_unicode_entry', 'dict_values', 'context_object', 'context_var_object', 'hamt_object',
  'hamt_bitmap_node', 'hamt_array_node', 'hamt_collision_node', 'constants',
];

function matrix() {
  const out = execFileSync(process.execPath, [join(repo, 'tools', 'pythons', 'list.mjs')], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out);
}

/** Source of the interpreter for `generatedFrom`. */
function origin(py) {
  if (py.root) return 'debian-sid';
  if (py.executable.includes('/.pyenv/')) return 'pyenv';
  if (py.executable.startsWith('/usr/')) return 'debian';
  return 'source build';
}

/** Parses `typedef struct _Py_DebugOffsets { ... }` into member paths ("runtime_state.size", …). */
export function parseDebugOffsetsStruct(text) {
  const start = text.indexOf('typedef struct _Py_DebugOffsets {');
  if (start < 0) return undefined;
  let body = text.slice(start + 'typedef struct _Py_DebugOffsets'.length);
  body = body.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const tokens = body.match(/[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\]|[{};]/g);
  let i = 0;
  // Reads declarations from '{' to the matching '}'; returns member paths relative to this block.
  function parseBlock() {
    if (tokens[i++] !== '{') throw new Error('_Py_DebugOffsets: expected {');
    const members = [];
    let decl = [];
    while (i < tokens.length) {
      const t = tokens[i++];
      if (t === '}') return members;
      if (t === 'struct' && (tokens[i] === '{' || tokens[i + 1] === '{')) {
        if (tokens[i] !== '{') i++; // skip the struct tag
        const inner = parseBlock();
        const name = tokens[i++];
        if (tokens[i++] !== ';') throw new Error(`_Py_DebugOffsets: expected ; after ${name}`);
        for (const m of inner) members.push(`${name}.${m}`);
      } else if (t === ';') {
        const name = decl.filter((x) => /^[A-Za-z_]/.test(x) && !['uint64_t', 'char', '_Py_NONSTRING'].includes(x)).pop();
        if (name) members.push(name);
        decl = [];
      } else {
        decl.push(t);
      }
    }
    throw new Error('_Py_DebugOffsets: unbalanced braces');
  }
  return parseBlock();
}

function debugOffsetsMembers(includeDir) {
  for (const f of ['internal/pycore_debug_offsets.h', 'internal/pycore_runtime.h']) {
    const p = join(includeDir, f);
    if (!existsSync(p)) continue;
    const m = parseDebugOffsetsStruct(readFileSync(p, 'utf8'));
    if (m) return m;
  }
  return undefined;
}

/**
 * -D flags the interpreter's own core was compiled with that pyconfig.h does not record (e.g. sid's
 * 3.15 is built with `-D_Py_TIER2=3 -D_Py_JIT`, which add members to PyInterpreterState).
 */
async function coreDefines(py) {
  const code = "import sysconfig; print(sysconfig.get_config_var('PY_CFLAGS_NODIST') or '')";
  const [cmd, argv] = py.root ? ['chroot', [py.root, py.executable, '-c', code]] : [py.executable, ['-c', code]];
  const { stdout } = await execFile(cmd, argv, { encoding: 'utf8' });
  return stdout.split(/\s+/).filter((f) => /^-D_?Py/.test(f));
}

async function probe(py, work) {
  const dir = join(work, py.label);
  mkdirSync(dir, { recursive: true });
  const flags = ['-w', '-O0', '-std=gnu11', '-I', py.includeDir];
  if (py.platIncludeDir) flags.push('-I', py.platIncludeDir);
  if (py.root) {
    // Debian's pyconfig.h includes <x86_64-linux-gnu/python3.X/pyconfig.h>: point only that at the root.
    const name = basename(py.includeDir);
    const multi = join(py.root, 'usr', 'include', 'x86_64-linux-gnu', name);
    if (existsSync(multi)) {
      mkdirSync(join(dir, 'shim', 'x86_64-linux-gnu'), { recursive: true });
      symlinkSync(multi, join(dir, 'shim', 'x86_64-linux-gnu', name));
      flags.push('-I', join(dir, 'shim'));
    }
  }
  if (py.major > 3 || (py.major === 3 && py.minor >= 7)) flags.push('-DPy_BUILD_CORE=1');
  flags.push(...await coreDefines(py));
  let src = readFileSync(join(here, 'probe.c'), 'utf8');
  const dbg = py.major === 3 && py.minor >= 13 ? debugOffsetsMembers(py.includeDir) : undefined;
  if (dbg) {
    const lines = dbg.map((m) => `  O("debug_offsets", "${m}", _Py_DebugOffsets, ${m});`).join('\n');
    src = src.replace('/*@DEBUG_OFFSETS@*/', lines.trimStart());
  }
  writeFileSync(join(dir, 'probe.c'), src);
  const exe = join(dir, 'probe');
  try {
    await execFile('gcc', [...flags, '-o', exe, join(dir, 'probe.c')], { maxBuffer: 1 << 24 });
  } catch (e) {
    throw new Error(`probe for ${py.label} (${py.version}) did not compile against ${py.includeDir}:\n${String(e.stderr).split('\n').slice(0, 30).join('\n')}`);
  }
  const { stdout } = await execFile(exe, [], { maxBuffer: 1 << 24 });
  if (verbose) console.error(`--- ${py.label}\n${stdout}`);
  const groups = new Map();
  for (const line of stdout.trim().split('\n')) {
    const m = /^([a-z0-9_]+)\.(\S+) (-?\d+)$/.exec(line);
    if (!m) throw new Error(`probe ${py.label}: bad line ${JSON.stringify(line)}`);
    if (!groups.has(m[1])) groups.set(m[1], new Map());
    groups.get(m[1]).set(m[2], Number(m[3]));
  }
  return groups;
}

/** Runs `fn` over `items` with at most `n` in flight, keeping order. */
async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) { const i = next++; results[i] = await fn(items[i]); }
  }));
  return results;
}

function tableOf(groups) {
  const t = {};
  for (const g of GROUP_ORDER) if (groups.has(g)) t[g] = Object.fromEntries(groups.get(g));
  for (const g of groups.keys()) if (!GROUP_ORDER.includes(g) && g !== 'meta' && g !== 'debug_offsets') throw new Error(`unknown group ${g}`);
  return t;
}

/**
 * The feature tags of a table (the discriminants of `PythonLayout` in src/layout.ts), derived from
 * the groups and constants its headers have: a reader narrows on them once, and the type of each
 * tag's member lists the fields that must then be there (a table lacking one fails the build).
 */
function featureTags(table, py) {
  const c = table.constants ?? {};
  const frames = table.interpreter_frame ? 'interpreter-frame' : 'frame-object';
  // Facts of the version that no struct shows (how f_lasti counts, the line-table format, the
  // eval loop's name) are decided here from the version, so that readers never compare versions.
  const v = py.major * 100 + py.minor;
  const tagBits = c.Py_TAG_BITS ?? c.Py_TAG_DEFERRED;
  return {
    frames,
    ...(frames === 'interpreter-frame'
      ? { currentFrame: table.thread_state?.current_frame !== undefined ? 'thread-state' : 'cframe' }
      : { lasti: v === 310 ? 'code-units' : 'bytes' }),
    objects: table.string_object !== undefined ? 'py2' : 'py3',
    dicts: table.dict_object?.ma_table !== undefined ? 'table' : table.dict_keys_object?.dk_kind !== undefined ? 'kinded-keys' : 'sized-keys',
    managedDict: c.MANAGED_VALUES_OFFSET !== undefined ? 'dict-or-values-slots'
      : c.Py_TPFLAGS_INLINE_VALUES !== undefined ? 'inline-values'
      : c.MANAGED_DICT_OFFSET !== undefined ? 'tagged-slot' : 'none',
    contextvars: table.hamt_object !== undefined,
    longs: c._PyLong_NON_SIZE_BITS !== undefined ? 'lv-tag' : 'ob-size',
    gil: table.interpreter_state?.ceval_gil !== undefined ? 'per-interpreter'
      : table.runtime_state?.tstate_current !== undefined ? 'runtime'
      : py.major === 2 ? 'interpreter-lock' : 'ceval-statics',
    stackRefTagBits: tagBits ?? 0,
    lineTable: v < 306 ? 'lnotab-unsigned' : v <= 309 ? 'lnotab-signed' : v === 310 ? 'linetable-310' : 'location-table',
    evalFrame: py.major === 2 ? 'PyEval_EvalFrameEx' : '_PyEval_EvalFrameDefault',
  };
}

/** Field paths whose values differ between two tables ("group.field: a → b"). */
function diffTables(a, b) {
  const out = [];
  const groups = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const g of groups) {
    const fa = a[g] ?? {}; const fb = b[g] ?? {};
    for (const f of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
      if (fa[f] !== fb[f]) out.push(`${g}.${f}: ${fa[f] ?? '-'} → ${fb[f] ?? '-'}`);
    }
  }
  return out;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const emitKey = (k) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));

function emitValue(v, indent) {
  if (typeof v !== 'object') return JSON.stringify(v);
  const pad = '  '.repeat(indent + 1);
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  const flat = entries.every(([, x]) => typeof x !== 'object');
  if (flat && entries.length <= 8) return `{ ${entries.map(([k, x]) => `${emitKey(k)}: ${emitValue(x, indent + 1)}`).join(', ')} }`;
  return `{\n${entries.map(([k, x]) => `${pad}${emitKey(k)}: ${emitValue(x, indent + 1)},`).join('\n')}\n${'  '.repeat(indent)}}`;
}

const HEADER = '// GENERATED by tools/gen-layouts/generate.mjs from the CPython headers: do not edit.\n' +
  '// Re-run with `npm run generate -w @pyglass/cpython-layouts`.\n';

async function main() {
  const pythons = matrix().filter((p) => p.includeDir);
  const work = mkdtempSync(join(tmpdir(), 'pyglass-gen-layouts-'));
  let probed;
  try {
    probed = await pool(pythons, 2, async (py) => {
      try { return { py, groups: await probe(py, work) }; } catch (e) { return { py, error: e }; }
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const failed = probed.filter((r) => r.error);
  if (failed.length) throw new Error(failed.map((r) => r.error.message).join('\n\n'));

  // Group by variant: (major, minor, freeThreaded, debug).
  const variants = new Map();
  for (const r of probed) {
    const { py } = r;
    const vkey = `v${py.major}_${py.minor}${py.freeThreaded ? 't' : ''}${py.debug ? 'd' : ''}`;
    if (!variants.has(vkey)) variants.set(vkey, []);
    variants.get(vkey).push(r);
  }

  const files = new Map(); // file name → content
  const layoutNames = [];
  const notes = [];
  const debugLayouts = new Map(); // minor key → { size, fields, from }
  for (const [vkey, runs] of variants) {
    runs.sort((a, b) => a.py.patch - b.py.patch);
    // Merge equal tables; split where a later patch differs.
    const segments = [];
    for (const r of runs) {
      const table = tableOf(r.groups);
      const last = segments[segments.length - 1];
      if (last && same(last.table, table)) last.runs.push(r);
      else segments.push({ table, runs: [r] });
    }
    segments.forEach((seg, i) => {
      const first = seg.runs[0].py;
      const isLast = i === segments.length - 1;
      // Measured patches bound each segment; between the last measured patch of one segment and the
      // first of the next the change point is unknown: the later table takes over right after.
      const lastPatch = seg.runs[seg.runs.length - 1].py.patch;
      const patchMin = i === 0 ? undefined : segments[i - 1].runs[segments[i - 1].runs.length - 1].py.patch + 1;
      const patchMax = isLast ? undefined : lastPatch;
      const key = isLast ? vkey : `${vkey}_${(patchMin ?? 0) === lastPatch ? lastPatch : `${patchMin ?? 0}to${lastPatch}`}`;
      if (!isLast) notes.push(`${key} vs ${vkey}: ${diffTables(seg.table, segments[i + 1].table).join('; ')}`);
      const meta = seg.runs[0].groups.get('meta');
      const layout = {
        key, major: first.major, minor: first.minor, patchMin, patchMax,
        freeThreaded: first.freeThreaded, debug: first.debug, pointerSize: meta.get('pointer_size'),
        generatedFrom: seg.runs.map((r) => `${r.py.version} (${origin(r.py)}${r.py.freeThreaded ? ', free-threaded' : ''}${r.py.debug ? ', debug' : ''})`).join(', '),
        ...featureTags(seg.table, first),
        ...seg.table,
      };
      layoutNames.push({ key, major: first.major, minor: first.minor });
      files.set(`${key}.ts`, `${HEADER}import type { PythonLayout } from '../layout.js';\nimport { deepFreeze } from '../freeze.js';\n\n` +
        `export const ${key}: PythonLayout = deepFreeze<PythonLayout>(${emitValue(layout, 0)});\n`);
    });
    for (const r of runs) {
      const d = r.groups.get('debug_offsets');
      if (!d) continue;
      const dkey = `v${r.py.major}_${r.py.minor}`;
      const fields = Object.fromEntries([...d].filter(([k]) => k !== 'size' && !k.startsWith('__')));
      const entry = { size: d.get('size'), runtimeOffset: d.get('__runtime_debug_offsets'), fields };
      const prev = debugLayouts.get(dkey);
      if (prev && !same(prev.entry, entry)) throw new Error(`_Py_DebugOffsets differs within ${dkey}: ${prev.from.join(', ')} vs ${r.py.label}; key the debug-offsets layouts by variant`);
      if (prev) prev.from.push(r.py.label); else debugLayouts.set(dkey, { entry, from: [r.py.label], major: r.py.major, minor: r.py.minor });
    }
  }

  layoutNames.sort((a, b) => a.major - b.major || a.minor - b.minor || a.key.localeCompare(b.key));
  const dbg = [...debugLayouts].sort((a, b) => a[1].minor - b[1].minor);
  files.set('debug_offsets.ts', `${HEADER}// Layout of the _Py_DebugOffsets struct itself (offsetof each member), per minor version.\n` +
    `import type { DebugOffsetsStructLayout } from '../debug-offsets-layout.js';\nimport { deepFreeze } from '../freeze.js';\n\n` +
    `export const debugOffsetsLayouts: readonly DebugOffsetsStructLayout[] = deepFreeze<DebugOffsetsStructLayout[]>([\n` +
    dbg.map(([key, d]) => `  ${emitValue({ key, major: d.major, minor: d.minor, generatedFrom: d.from.join(', '), size: d.entry.size, runtimeOffset: d.entry.runtimeOffset, fields: d.entry.fields }, 1)},`).join('\n') +
    `\n]);\n`);
  files.set('index.ts', `${HEADER}import type { PythonLayout } from '../layout.js';\n` +
    layoutNames.map((l) => `import { ${l.key} } from './${l.key}.js';`).join('\n') +
    `\n\n/** Every generated table, oldest first. */\nexport const generatedLayouts: readonly PythonLayout[] = Object.freeze([\n` +
    layoutNames.map((l) => `  ${l.key},`).join('\n') + `\n]);\n\nexport { debugOffsetsLayouts } from './debug_offsets.js';\n` +
    (notes.length ? `\n// Patch-level splits (generated):\n${notes.map((n) => `//   ${n}`).join('\n')}\n` : ''));

  const target = check ? mkdtempSync(join(tmpdir(), 'pyglass-gen-check-')) : outDir;
  mkdirSync(target, { recursive: true });
  // src/gen also holds other generators' files (brand.ts, tools/gen-brand): only ours, by their header, are ours to remove or check
  const ours = (dir, f) => f.endsWith('.ts') && readFileSync(join(dir, f), 'utf8').startsWith(HEADER);
  if (!check) for (const f of readdirSync(target)) if (ours(target, f) && !files.has(f)) rmSync(join(target, f));
  for (const [name, content] of files) writeFileSync(join(target, name), content);
  console.log(`[gen-layouts] ${probed.length} interpreters → ${layoutNames.map((l) => l.key).join(', ')} + debug offsets ${dbg.map(([k]) => k).join(', ')}`);
  for (const n of notes) console.log(`[gen-layouts] patch split ${n}`);
  if (check) {
    const committed = existsSync(outDir) ? readdirSync(outDir).filter((f) => ours(outDir, f)).sort() : [];
    const fresh = [...files.keys()].sort();
    const problems = [];
    for (const f of new Set([...committed, ...fresh])) {
      const a = existsSync(join(outDir, f)) ? readFileSync(join(outDir, f), 'utf8') : undefined;
      const b = files.get(f);
      if (a === undefined) problems.push(`${f}: missing in ${relative(repo, outDir)}`);
      else if (b === undefined) problems.push(`${f}: committed but no longer generated`);
      else if (a !== b) {
        const la = a.split('\n'); const lb = b.split('\n');
        const i = la.findIndex((l, k) => l !== lb[k]);
        problems.push(`${f}: differs at line ${i + 1}: committed ${JSON.stringify(la[i])} vs generated ${JSON.stringify(lb[i])}`);
      }
    }
    rmSync(target, { recursive: true, force: true });
    if (problems.length) {
      console.error(`[gen-layouts] --check: generated tables differ from the committed ones:\n  ${problems.join('\n  ')}`);
      process.exit(1);
    }
    console.log('[gen-layouts] --check: committed tables match the headers on this machine');
  }
}

main().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
