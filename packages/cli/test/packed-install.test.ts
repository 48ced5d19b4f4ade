/**
 * pyglass the way users get it: every package packed with `npm pack` (which runs each package's
 * `prepack` build), then installed from the tarballs in scratch directories, as npm and pnpm users
 * would from the registry:
 *
 *  - `npm install -g --prefix DIR pyglass.tgz`, default and `--install-strategy=nested`: `dump` and
 *    `record -f raw` against a live Python, on this Node and on Node 22 and 24 (the `node` package of
 *    the npm registry, through npx); `pyglass completions bash` sourced in bash completes `rec`;
 *  - pnpm (from the npm registry) installing `pyglass` and `@pyglass/sampler`, its overrides pointing
 *    at the tarballs: the bin dumps, and the sampler reads the stack as a library;
 *  - projects that install only `@pyglass/exporters`, only `@pyglass/cpython-layouts`, only
 *    `@pyglass/unwinder`: no koffi anywhere in their node_modules; an ESM script, a CommonJS
 *    `require` and `tsc --module nodenext` without @types/node all work; the unwinder's parsers run
 *    and a live read says koffi is missing with a typed error;
 *  - koffi deleted after install (from the CLI, from a sampler project): one line / a typed error
 *    naming koffi, never the misleading "interpreter not found" of the original bug;
 *  - the release dry run: `changeset version` on a scratch clone gives 0.1.0 everywhere, and
 *    `npm publish --dry-run` of every package prints no warning.
 *
 * Needs the npm registry (koffi, commander, pnpm, node); everything downloaded stays in npm's and
 * pnpm's caches, so later runs take seconds per install.
 */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { repoRoot } from './helpers.js';

const packages = ['model', 'memory-reader', 'unwinder', 'cpython-layouts', 'sampler', 'exporters', 'pyroscope', 'cli'] as const;
const PNPM = 'pnpm@10.34.9';
const busy = fileURLToPath(new URL('../../sampler/test/scripts/busy.py', import.meta.url));
const pythons = findPythons();
const python = pythons.find((p) => p.label === '3.12') ?? pythons.find((p) => !p.root && !p.freeThreaded && p.major === 3);
console.log(`[packed-install] target: ${python ? `${python.label} (${python.version})` : 'none (no host Python 3): the live checks are skipped'}`);

let work: string;
/** package name → tarball path */
const tarballs = new Map<string, string>();
let target: ChildProcess | undefined;

interface Run { status: number | null; stdout: string; stderr: string }

/**
 * This process's environment without what an enclosing `npm test` exported about the repository
 * (npm_config_local_prefix would make `npm install` in a scratch project install into the repository;
 * npm_package_* and npm_lifecycle_* describe the wrong package), and without FORCE_COLOR (which Nx sets
 * for the suite: the consumers' console.log would colour the values the tests compare).
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const repoScoped = /^npm_(package_|lifecycle_|config_(local_prefix|prefix|global_prefix|global|workspaces?|include_workspace_root|call|user_agent)$)/i;
  for (const [k, v] of Object.entries(process.env)) if (!repoScoped.test(k) && k !== 'FORCE_COLOR') env[k] = v;
  return env;
}

/** Runs a command to completion; throws with its output when it fails. */
function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number; input?: string } = {}): Run {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? work,
    encoding: 'utf8',
    timeout: opts.timeout ?? 300_000,
    input: opts.input,
    env: { ...cleanEnv(), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...opts.env },
  });
  const out = { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${out.stderr.slice(-3000)}${out.stdout.slice(-2000)}`);
  return out;
}

const npm = (args: string[], cwd: string) => run('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund'], { cwd });
const tarball = (name: string) => tarballs.get(name)!;

/** Every directory under `dir` named koffi or @koromix (the native layer). */
function koffiDirs(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((p) => basename(p) === 'koffi' || basename(p) === '@koromix');
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pyglass-packed-'));
  const packs = join(work, 'packs');
  mkdirSync(packs);
  const packed = JSON.parse(run('npm', ['pack', '--workspaces', '--json', '--pack-destination', packs], { cwd: repoRoot }).stdout) as Array<{ name: string; filename: string }>;
  for (const p of packed) tarballs.set(p.name, join(packs, p.filename));
  if (python) {
    target = spawnPython(python, busy);
    await waitForOutput(target, 'READY', 120_000);
    target.kill('SIGSTOP');
  }
}, 600_000);

/**
 * Runs `fn` with the busy target's pid while the target runs: it is stopped between the checks that
 * read it, so its loop does not take a core from the other test files for the whole of this one.
 * (SIGCONT makes its thread runnable before kill() returns: a dump right after sees it active.)
 */
function whileRunning<T>(fn: (pid: string) => T): T {
  target!.kill('SIGCONT');
  try {
    return fn(String(target!.pid));
  } finally {
    target!.kill('SIGSTOP');
  }
}

afterAll(() => {
  target?.kill('SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

test('npm pack: every package, with LICENSE and README, sources for the source maps, no build info', () => {
  expect([...tarballs.keys()].sort()).toEqual(['@pyglass/cpython-layouts', '@pyglass/exporters', '@pyglass/memory-reader', '@pyglass/model', '@pyglass/pyroscope', '@pyglass/sampler', '@pyglass/unwinder', 'pyglass']);
  for (const [name, file] of tarballs) {
    const files = run('tar', ['-tzf', file]).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    expect(files, name).toContain('LICENSE');
    expect(files, name).toContain('README.md');
    expect(files.filter((f) => f.includes('tsbuildinfo')), name).toEqual([]);
    expect(files.filter((f) => f.startsWith('test/')), name).toEqual([]);
    // every source map names a file that is in the tarball
    const maps = files.filter((f) => f.endsWith('.map'));
    expect(maps.length, name).toBeGreaterThan(0);
    const dir = join(work, 'unpacked', basename(file));
    mkdirSync(dir, { recursive: true });
    run('tar', ['-xzf', file, '-C', dir]);
    for (const m of maps) {
      const { sources } = JSON.parse(readFileSync(join(dir, 'package', m), 'utf8')) as { sources: string[] };
      for (const s of sources) expect(files, `${name} ${m} → ${s}`).toContain(join(m, '..', s));
    }
  }
  // the CLI ships its bundle; the tsc output it bundles is not needed at run time
  const cliFiles = run('tar', ['-tzf', tarball('pyglass')]).stdout;
  expect(cliFiles).toContain('package/dist/pyglass.mjs');
  expect(cliFiles).not.toContain('package/dist/main.js');
});

/** dump and record -f raw with `node BIN` (this Node unless `node` is given): the target's stack. */
function checkCli(bin: string, label: string, node: string[] = [process.execPath]): void {
  whileRunning((pid) => {
    const dump = run(node[0]!, [...node.slice(1), bin, 'dump', '--pid', pid]);
    expect(dump.stdout, label).toMatch(/^Thread \d+ \(active(\+gil)?\)(?:: "MainThread")?\n {4}busy \(busy\.py:\d+\)\n {4}<module> \(busy\.py:\d+\)$/m);
    const raw = join(work, `${label.replace(/\W+/g, '-')}.txt`);
    run(node[0]!, [...node.slice(1), bin, 'record', '-d', '1', '-f', 'raw', '-o', raw, '--hideprogress', '--pid', pid]);
    expect(readFileSync(raw, 'utf8'), label).toMatch(/^<module> \(busy\.py:\d+\);busy \(busy\.py:\d+\) \d+$/m);
  });
}

describe.skipIf(python === undefined)('npm install -g', () => {
  test.each([['default', []], ['nested', ['--install-strategy=nested']]] as const)('%s: the bin dumps and records; only koffi comes from the registry', (strategy, flags) => {
    const prefix = join(work, `global-${strategy}`);
    npm(['install', '-g', '--prefix', prefix, ...flags, tarball('pyglass')], work);
    const bin = join(prefix, 'bin', 'pyglass');
    checkCli(bin, `global ${strategy}`);
    const installed = join(prefix, 'lib', 'node_modules', 'pyglass');
    expect(existsSync(join(installed, 'node_modules', 'koffi')), 'koffi is a dependency of pyglass itself').toBe(true);
    expect(run(bin, ['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version);
    if (strategy === 'nested') {
      // koffi gone (the original bug: it was never declared): one line that names it, not a
      // misleading "interpreter not found"
      rmSync(join(installed, 'node_modules', 'koffi'), { recursive: true });
      const r = whileRunning((pid) => spawnSync(bin, ['dump', '--pid', pid], { encoding: 'utf8', env: cleanEnv() }));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^Error: Cannot load koffi, which pyglass needs to read another process: .*npm install koffi\)?\n$/);
    }
  }, 300_000);

  test.each(['22', '24'])('Node %s: dump and record work', (major) => {
    const bin = join(work, 'global-default', 'bin', 'pyglass');
    // npx resolves node@N once; the checks run its binary directly (each npx run asks the registry again)
    const [version, execPath] = run('npx', ['-y', '-p', `node@${major}`, 'node', '-p', 'process.version + " " + process.execPath']).stdout.trim().split(' ') as [string, string];
    expect(version.startsWith(`v${major}.`), version).toBe(true);
    console.log(`[packed-install] pyglass on Node ${version}`);
    checkCli(bin, `node ${major}`, [execPath]);
  }, 300_000);

  test('pyglass completions bash, sourced in bash, completes "pyglass rec" to record', () => {
    const bin = join(work, 'global-default', 'bin', 'pyglass');
    const script = `source <("${bin}" completions bash)
COMP_WORDS=(pyglass rec); COMP_CWORD=1; _pyglass; echo "1:\${COMPREPLY[*]}"
COMP_WORDS=(pyglass record --for); COMP_CWORD=2; _pyglass; echo "2:\${COMPREPLY[*]}"
COMP_WORDS=(pyglass record --format sp); COMP_CWORD=3; _pyglass; echo "3:\${COMPREPLY[*]}"
complete -p pyglass`;
    const out = run('bash', ['--norc', '--noprofile', '-c', script]).stdout.split('\n');
    expect(out[0]).toBe('1:record');
    expect(out[1]).toBe('2:--format');
    expect(out[2]).toBe('3:speedscope');
    expect(out[3]).toContain('-F _pyglass pyglass');
  }, 60_000);
});

describe.skipIf(python === undefined)('pnpm', () => {
  test(`${PNPM}: pyglass and @pyglass/sampler from the tarballs (overrides): the bin dumps, the library reads the stack`, () => {
    const dir = join(work, 'pnpm-project');
    mkdirSync(dir);
    const overrides = Object.fromEntries(packages.filter((p) => p !== 'cli').map((p) => [`@pyglass/${p}`, `file:${tarball(`@pyglass/${p}`)}`]));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({
      name: 'pnpm-consumer', private: true, type: 'module',
      dependencies: { pyglass: `file:${tarball('pyglass')}`, '@pyglass/sampler': `file:${tarball('@pyglass/sampler')}` },
      pnpm: { overrides },
    }, null, 2));
    run('npx', ['-y', PNPM, 'install', '--prefer-offline', '--reporter=append-only'], { cwd: dir });
    checkCli(join(dir, 'node_modules', 'pyglass', 'bin', 'pyglass.js'), 'pnpm');
    writeFileSync(join(dir, 'stack.mjs'), `import { PythonSpy } from '@pyglass/sampler';
const spy = PythonSpy.create(Number(process.argv[2]));
console.log(spy.getStackTraces().map((t) => t.frames.map((f) => f.name).join(' < ')).join('\\n'));
spy.close();
`);
    expect(whileRunning((pid) => run(process.execPath, ['stack.mjs', pid], { cwd: dir })).stdout.trim()).toBe('busy < <module>');
    // `pyglass` as a library: the bundle is its entry, its declarations resolve
    writeFileSync(join(dir, 'embed.mts'), `import { main, buildProgram, type DumpOptions } from 'pyglass';
export const run: (argv: string[]) => Promise<number> = main;
export const names: string[] = buildProgram(async () => 0).commands.map((c) => c.name());
export type Dump = DumpOptions;
`);
    typeCheck(dir, 'embed.mts', false);
    writeFileSync(join(dir, 'embed.mjs'), `import { buildProgram } from 'pyglass';
console.log(buildProgram(async () => 0).commands.map((c) => c.name()).join(' '));
`);
    expect(run(process.execPath, ['embed.mjs'], { cwd: dir }).stdout.trim()).toBe('record top dump agent diff convert completions');
  }, 300_000);
});

/** An npm project depending on `deps` (tarballs), with overrides sending every @pyglass package to its tarball. */
function consumer(name: string, deps: string[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  const overrides = Object.fromEntries(packages.filter((p) => p !== 'cli').map((p) => [`@pyglass/${p}`, `file:${tarball(`@pyglass/${p}`)}`]));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name, private: true, version: '1.0.0', dependencies: Object.fromEntries(deps.map((d) => [d, `file:${tarball(d)}`])), overrides,
  }, null, 2));
  npm(['install'], dir);
  return dir;
}

/** tsc (the repository's) --module nodenext on `file`, no @types/node anywhere above the project. */
function typeCheck(dir: string, file: string, withoutNodeTypes = true): void {
  if (withoutNodeTypes) expect(existsSync(join(dir, 'node_modules', '@types', 'node'))).toBe(false);
  run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
    '--lib', 'es2023', '--strict', '--noEmit', file], { cwd: dir });
}

describe('library consumers', () => {
  test('@pyglass/exporters alone: no koffi; ESM, CommonJS and tsc --module nodenext', () => {
    const dir = consumer('exporters-only', ['@pyglass/exporters']);
    expect(koffiDirs(join(dir, 'node_modules'))).toEqual([]);
    const sample = `{ pid: 1, threadId: 7, osThreadId: 7, active: true, ownsGil: true,
  frames: [{ name: 'inner', filename: '/app/a.py', shortFilename: 'a.py', line: 3, isEntry: true, isShimEntry: true },
    { name: '<module>', filename: '/app/a.py', shortFilename: 'a.py', line: 9, isEntry: true, isShimEntry: true }] }`;
    const options = `{ sampleRate: 100, lineNo: 'last-instruction', includeThreadIds: false, includeIdle: false, title: 't' }`;
    writeFileSync(join(dir, 'esm.mjs'), `import { createRecorder } from '@pyglass/exporters';
import { statusStr } from '@pyglass/model';
const trace = ${sample};
const r = createRecorder('raw', ${options});
r.add(trace, 0);
process.stdout.write(statusStr(trace) + ' ' + new TextDecoder().decode(r.finish()));
`);
    writeFileSync(join(dir, 'cjs.cjs'), `const { createRecorder, formatExtension } = require('@pyglass/exporters');
const r = createRecorder('speedscope', ${options});
r.add(${sample}, 0);
console.log(formatExtension('speedscope'), JSON.parse(new TextDecoder().decode(r.finish())).shared.frames.length);
`);
    writeFileSync(join(dir, 'check.ts'), `import { createRecorder, type Recorder } from '@pyglass/exporters';
import { statusStr, type StackTrace } from '@pyglass/model';
const trace: StackTrace = ${sample};
const r: Recorder = createRecorder('flamegraph', ${options});
r.add(trace, 0);
const bytes: Uint8Array = r.finish();
export const status: 'idle' | 'active' | 'active+gil' = statusStr(trace);
export const size: number = bytes.length;
`);
    expect(run(process.execPath, ['esm.mjs'], { cwd: dir }).stdout).toBe('active+gil <module> (a.py:9);inner (a.py:3) 1\n');
    expect(run(process.execPath, ['cjs.cjs'], { cwd: dir }).stdout).toBe('json 2\n');
    typeCheck(dir, 'check.ts');
  }, 300_000);

  test('@pyglass/cpython-layouts alone: no koffi; ESM, CommonJS and tsc --module nodenext', () => {
    const dir = consumer('layouts-only', ['@pyglass/cpython-layouts']);
    expect(koffiDirs(join(dir, 'node_modules'))).toEqual([]);
    // nothing else: it has no dependencies (its errors' brand is a generated copy of model's mechanism)
    expect(readdirSync(join(dir, 'node_modules', '@pyglass')).sort()).toEqual(['cpython-layouts']);
    writeFileSync(join(dir, 'esm.mjs'), `import { layoutFor } from '@pyglass/cpython-layouts';
console.log(layoutFor('3.12.1').thread_state.next);
`);
    writeFileSync(join(dir, 'cjs.cjs'), `const { layoutFor } = require('@pyglass/cpython-layouts');
console.log(layoutFor('3.12.1').thread_state.next);
`);
    writeFileSync(join(dir, 'check.ts'), `import { layoutFor, UnsupportedPythonVersion, type PythonLayout } from '@pyglass/cpython-layouts';
const layout: PythonLayout = layoutFor({ major: 3, minor: 11, patch: 2 });
export const next: number = layout.thread_state.next;
export const isError = (e: unknown): boolean => e instanceof UnsupportedPythonVersion;
`);
    const esm = run(process.execPath, ['esm.mjs'], { cwd: dir }).stdout.trim();
    expect(Number(esm)).toBeGreaterThan(0);
    expect(run(process.execPath, ['cjs.cjs'], { cwd: dir }).stdout.trim()).toBe(esm);
    typeCheck(dir, 'check.ts');
  }, 300_000);

  test('@pyglass/unwinder alone: no koffi; the ELF parser runs; a live read throws NativeLayerUnavailable', () => {
    const dir = consumer('unwinder-only', ['@pyglass/unwinder']);
    expect(koffiDirs(join(dir, 'node_modules'))).toEqual([]);
    writeFileSync(join(dir, 'esm.mjs'), `import { ElfFile } from '@pyglass/unwinder/elf';
import { openProcessMemory, NativeLayerUnavailable } from '@pyglass/memory-reader';
const elf = ElfFile.open(process.execPath);
console.log(elf.section('.text') !== undefined);
const mem = openProcessMemory(process.pid);
try {
  mem.read(0x1000, 8);
  console.log('read without koffi?');
} catch (e) {
  console.log(e instanceof NativeLayerUnavailable, e.code);
  console.log(e.message);
}
`);
    const out = run(process.execPath, ['esm.mjs'], { cwd: dir }).stdout.split('\n');
    expect(out[0]).toBe('true');
    expect(out[1]).toBe('true PYGLASS_NO_KOFFI');
    expect(out[2]).toMatch(/^Cannot load koffi, .*npm install koffi/);
    // its declarations use Node's Buffer and declare @types/node, which comes with it
    writeFileSync(join(dir, 'check.ts'), `import { ElfFile } from '@pyglass/unwinder/elf';
export const count: number = ElfFile.open('/bin/sh').sections.length;
`);
    run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
      '--lib', 'es2023', '--strict', '--noEmit', 'check.ts'], { cwd: dir });
  }, 300_000);
});

describe('duplicate package copies', () => {
  test('memory-reader errors thrown by the sampler\'s own copy are instances of the caller\'s copy\'s classes', () => {
    const dir = consumer('nested-copies', ['@pyglass/sampler', '@pyglass/memory-reader']);
    // a second copy under the sampler, as a nested layout or a version mismatch gives it
    const nested = join(dir, 'node_modules', '@pyglass', 'sampler', 'node_modules', '@pyglass', 'memory-reader');
    if (!existsSync(nested)) cpSync(join(dir, 'node_modules', '@pyglass', 'memory-reader'), nested, { recursive: true });
    writeFileSync(join(dir, 'copies.mjs'), `import { PythonSpy } from '@pyglass/sampler';
import { MemoryReaderError, ProcessNotFound, PermissionDenied, OtherUsersProcess } from '@pyglass/memory-reader';
const other = await import(${JSON.stringify(join(nested, 'dist', 'index.js'))});
console.log('two copies', other.ProcessNotFound !== ProcessNotFound);
try {
  PythonSpy.create(4194304 + 7); // above any pid_max: no such process
} catch (e) {
  console.log('from the sampler', e.name, e instanceof ProcessNotFound, e instanceof MemoryReaderError, e instanceof PermissionDenied);
}
const theirs = new other.OtherUsersProcess(1, 0, 'root', 65534);
console.log('subclass', theirs instanceof PermissionDenied, theirs instanceof OtherUsersProcess, theirs instanceof ProcessNotFound);
console.log('plain errors', new Error('x') instanceof MemoryReaderError);
`);
    expect(run(process.execPath, ['copies.mjs'], { cwd: dir }).stdout.trim().split('\n')).toEqual([
      'two copies true', 'from the sampler ProcessNotFound true true false', 'subclass true true false', 'plain errors false',
    ]);
  }, 300_000);

  test('the other packages\' errors too: one made by a second copy is an instance of the caller\'s class (and its predicate holds), not of another', () => {
    const packages = ['cpython-layouts', 'unwinder', 'sampler', 'exporters', 'pyroscope'];
    const dir = consumer('nested-copies-all', packages.map((p) => `@pyglass/${p}`));
    // a second copy of each, beside the first (its own dependencies resolve to the install's)
    for (const p of packages) cpSync(join(dir, 'node_modules', '@pyglass', p), join(dir, 'second', p), { recursive: true });
    writeFileSync(join(dir, 'copies.mjs'), `const made = {
  'cpython-layouts': (m) => [new m.UnsupportedPythonVersion('3.99', '3.6'), new m.InvalidDebugOffsets('x'), new m.InvalidAsyncioDebugOffsets('x')],
  unwinder: (m) => [new m.ObjectFileError('f', 'bad')],
  sampler: (m) => [new m.NotPythonProcess(1), new m.InterpreterNotFound(1, 'r'), new m.SamplingFailed(1, 'r'), new m.CoreFileError('f', 'bad'),
    new m.NativeStacksUnavailable('r'), new m.GreenletsUnavailable(1, 'r'), new m.AsyncioTasksChanged(1, 1)],
  exporters: (m) => [new m.CaptureError('corrupt', 'x'), new m.DiffInputError('x'), new m.ExporterOptionsError('x')],
  pyroscope: (m) => [new m.PyroscopeOptionsError('x'), new m.OtlpOptionsError('x')],
};
for (const [p, make] of Object.entries(made)) {
  const ours = await import('@pyglass/' + p);
  const theirs = await import(${JSON.stringify(join(dir, 'second'))} + '/' + p + '/dist/index.js');
  for (const e of make(theirs)) {
    const name = e.constructor.name;
    const others = make(ours).map((o) => o.constructor).filter((c) => c.name !== name);
    console.log(p, name, ours[name] !== theirs[name], e instanceof ours[name], others.some((c) => e instanceof c));
  }
}
const exporters = await import('@pyglass/exporters');
const theirs = await import(${JSON.stringify(join(dir, 'second', 'exporters', 'dist', 'index.js'))});
console.log('predicates', exporters.isCaptureError(new theirs.CaptureError('corrupt', 'x')), exporters.isDiffInputError(new theirs.DiffInputError('x')), exporters.isCaptureError(new Error('x')));
`);
    const lines = run(process.execPath, ['copies.mjs'], { cwd: dir }).stdout.trim().split('\n');
    const last = lines.pop();
    expect(lines.length).toBe(16);
    for (const l of lines) expect(l, l).toMatch(/^\S+ \w+ true true false$/);
    expect(last).toBe('predicates true true false');
  }, 300_000);
});

describe.skipIf(python === undefined)('a missing native layer', () => {
  test('@pyglass/sampler with koffi removed: PythonSpy.create throws NativeLayerUnavailable, not "interpreter not found"', () => {
    const dir = consumer('sampler-no-koffi', ['@pyglass/sampler']);
    for (const d of ['koffi', '@koromix']) rmSync(join(dir, 'node_modules', d), { recursive: true, force: true });
    writeFileSync(join(dir, 'spy.mjs'), `import { PythonSpy } from '@pyglass/sampler';
import { NativeLayerUnavailable } from '@pyglass/memory-reader';
try {
  PythonSpy.create(Number(process.argv[2]));
  console.log('attached without koffi?');
} catch (e) {
  console.log(e instanceof NativeLayerUnavailable, e.code, e.cause?.code);
}
`);
    expect(whileRunning((pid) => run(process.execPath, ['spy.mjs', pid], { cwd: dir })).stdout.trim()).toBe('true PYGLASS_NO_KOFFI MODULE_NOT_FOUND');
  }, 300_000);
});

test('release dry run: changeset version gives 0.1.0, npm publish --dry-run warns about nothing', () => {
  const clone = join(work, 'release');
  run('git', ['clone', '-q', repoRoot, clone]);
  // the working tree's own changes, when the test runs before a commit
  for (const f of execFileSync('git', ['ls-files', '-m', '-o', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean)) {
    cpSync(join(repoRoot, f), join(clone, f));
  }
  for (const f of execFileSync('git', ['ls-files', '-d'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean)) rmSync(join(clone, f), { force: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'));
  run(process.execPath, [join(repoRoot, 'node_modules', '@changesets', 'cli', 'bin.js'), 'version'], { cwd: clone });
  // a placeholder token: a dry run only checks that one is configured
  const npmrc = join(work, 'dry-run.npmrc');
  writeFileSync(npmrc, '//registry.npmjs.org/:_authToken=dry-run-placeholder\n');
  const names: string[] = [];
  for (const p of packages) {
    const dir = join(clone, 'packages', p);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; dependencies?: Record<string, string> };
    names.push(pkg.name);
    expect(pkg.version, pkg.name).toBe('0.1.0');
    for (const [dep, range] of Object.entries(pkg.dependencies ?? {})) {
      // our own packages at the version released with them; external ones as ranges, not pins
      if (dep.startsWith('@pyglass/')) expect(range, `${pkg.name} → ${dep}`).toBe('^0.1.0');
      else expect(range, `${pkg.name} → ${dep}`).toMatch(/^(\^|>=)/);
    }
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toContain('## 0.1.0');
    // the build the prepack script would run was done by npm pack above: reuse its output
    cpSync(join(repoRoot, 'packages', p, 'dist'), join(dir, 'dist'), { recursive: true });
  }
  // every workspace in one npm run, as a release publishes them (the private root is left out)
  const r = run('npm', ['publish', '--dry-run', '--ignore-scripts', '--workspaces', '--userconfig', npmrc], { cwd: clone });
  const output = r.stderr + r.stdout;
  expect(output.split('\n').filter((l) => /\b(warn|WARN|error|ERR)\b/.test(l))).toEqual([]);
  for (const name of names) expect(output).toContain(`+ ${name}@0.1.0`);
}, 300_000);
