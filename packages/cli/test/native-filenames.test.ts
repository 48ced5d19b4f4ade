/**
 * Native frames name their module the way py-spy does: its file name (`dgemm_nn
 * (libscipy_openblas64_-….so)`), or its full path with `--full-filenames`, in `dump` (text and JSON)
 * and in `record` (speedscope `file`, raw labels, pprof function file names); the frame's `module`, and
 * the pprof mapping, keep the full path. Runs a
 * numpy matrix-multiply loop on Python 3.11 from the venv tools/pythons/provision.sh makes from the
 * machine's package index; where numpy could not be installed the test says it was skipped (the
 * C-extension case without numpy, libc and libffi through ctypes, is covered by native-e2e).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cacheDir, waitForOutput } from '../../../tools/pythons/pythons.js';
import { buildCli, pyglass } from './helpers.js';

const python = join(cacheDir, 'numpy-venv-3.11', 'bin', 'python');
const script = fileURLToPath(new URL('./scripts/numpy_matmul.py', import.meta.url));
const skipReason = !existsSync(python)
  ? `no numpy venv at ${python} (tools/pythons/provision.sh could not install numpy)`
  : spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' }).status !== 0 ? `numpy does not import in ${python}` : undefined;
if (skipReason) console.log(`[cli native-filenames] SKIPPED: ${skipReason}`);
else console.log(`[cli native-filenames] numpy on ${python}`);

interface JsonFrame { name: string; filename: string; module: string | null; line: number }
interface JsonTrace { frames: JsonFrame[] }

let child: ChildProcess | undefined;
let dir: string;

beforeAll(async () => {
  if (skipReason) return;
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'pyglass-native-names-'));
  // one BLAS thread: the main thread runs the kernel itself
  child = spawn(python, [script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } });
  await waitForOutput(child, 'READY', 60_000);
}, 300_000);

afterAll(() => {
  child?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const fromNumpy = (f: JsonFrame) => f.module !== null && /site-packages\/numpy/.test(f.module) && f.line === 0;

/** `dump --native --json` until the main thread is inside numpy's C code (it is, nearly always). */
function dumpInNumpy(extra: string[]): JsonFrame[] {
  let last = '';
  for (let i = 0; i < 20; i++) {
    const r = pyglass(['dump', '--native', '--json', '-p', String(child!.pid), ...extra]);
    expect(r.stderr).toBe('');
    const traces = JSON.parse(r.stdout) as JsonTrace[];
    const frames = traces.flatMap((t) => t.frames);
    if (frames.some(fromNumpy)) return frames;
    last = frames.map((f) => f.name).join(' < ');
  }
  throw new Error(`20 dumps never caught the main thread in numpy's code; last: ${last}`);
}

describe.skipIf(skipReason !== undefined)('numpy on 3.11', () => {
  test('dump --native: a native frame without source shows its module\'s file name; module keeps the path', () => {
    const frames = dumpInNumpy([]);
    const shown = frames.map((f) => `${f.name} (${f.filename})`).join(' < ');
    for (const f of frames.filter((x) => x.module !== null && x.line === 0)) {
      expect(f.module, shown).toMatch(/^\//);
      expect(f.filename, shown).toBe(basename(f.module!));
    }
    const text = pyglass(['dump', '--native', '-p', String(child!.pid)]);
    expect(text.status).toBe(0);
    // e.g. "    DOUBLE_matmul (_multiarray_umath.cpython-311-x86_64-linux-gnu.so)"
    const native = text.stdout.split('\n').filter((l) => /^ {4}\S+ \(\S+\.so[.\d]*\)$/.test(l));
    for (const line of native) expect(line, text.stdout).not.toContain('/');
  });

  test('dump --native --full-filenames: the full path', () => {
    const frames = dumpInNumpy(['--full-filenames']);
    const shown = frames.map((f) => `${f.name} (${f.filename})`).join(' < ');
    for (const f of frames.filter((x) => x.module !== null && x.line === 0)) expect(f.filename, shown).toBe(f.module);
    expect(frames.filter(fromNumpy).every((f) => f.filename.includes('/site-packages/numpy')), shown).toBe(true);
  });

  test.each([[[]], [['--full-filenames']]] as const)('record --native %j: speedscope file and raw labels name numpy\'s modules the same way', (extra) => {
    const full = extra.length > 0;
    const speedscope = join(dir, `p${full ? '-full' : ''}.speedscope.json`);
    const raw = join(dir, `p${full ? '-full' : ''}.txt`);
    for (const [format, out] of [['speedscope', speedscope], ['raw', raw]] as const) {
      const r = pyglass(['record', '--native', '-d', '1', '-r', '50', '-f', format, '-o', out, '--hideprogress', '-p', String(child!.pid), ...extra], { timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
    }
    const files = (JSON.parse(readFileSync(speedscope, 'utf8')) as { shared: { frames: Array<{ file: string }> } }).shared.frames.map((f) => f.file);
    const numpyFiles = files.filter((f) => /_multiarray_umath|openblas/.test(f));
    expect(numpyFiles.length, files.join('\n')).toBeGreaterThan(0);
    for (const f of numpyFiles) expect(f.startsWith('/'), f).toBe(full);
    const labels = readFileSync(raw, 'utf8').split('\n').flatMap((l) => l.replace(/ \d+$/, '').split(';'));
    const numpyLabels = labels.filter((l) => /\((?:\S*\/)?(?:_multiarray_umath|libscipy_openblas)\S*\.so\)$/.test(l));
    expect(numpyLabels.length, labels.slice(0, 40).join('\n')).toBeGreaterThan(0);
    for (const l of numpyLabels) expect(l.includes('(/'), l).toBe(full);
  }, 120_000);

  test('record --native -f pprof: functions named like the other formats, mappings by full path', () => {
    const out = join(dir, 'p.pb.gz');
    const r = pyglass(['record', '--native', '-d', '1', '-r', '50', '-f', 'pprof', '-o', out, '--hideprogress', '-p', String(child!.pid)], { timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const p = Profile.decode(gunzipSync(readFileSync(out)));
    const str = (i: number | bigint) => p.stringTable.strings[Number(i)]!;
    const mappings = p.mapping.map((m) => str(m.filename));
    expect(mappings.some((m) => m.includes('/site-packages/numpy')), mappings.join('\n')).toBe(true);
    for (const m of mappings) expect(m.startsWith('/'), m).toBe(true);
    const files = p.function.map((f) => str(f.filename)).filter((f) => /_multiarray_umath|openblas/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f).not.toContain('/');
  }, 120_000);
});
