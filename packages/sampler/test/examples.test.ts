/**
 * The seed's two usage examples, as shipped under examples/ (compiled by the root `tsc -b`): each runs
 * as a program against a live Python and prints what py-spy's Rust examples print. The one-shot dump
 * runs on every interpreter of the matrix; the 1,000-sample (10 s) sampler on one.
 */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findPythons, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const examples = join(repoRoot, 'examples', 'dist');
const busy = fileURLToPath(new URL('./scripts/busy.py', import.meta.url));
const pythons = findPythons();
reportMatrix(pythons, 'examples');
const children: ChildProcess[] = [];

async function start(py: PythonInterpreter): Promise<ChildProcess> {
  const child = spawnPython(py, busy);
  children.push(child);
  await waitForOutput(child, 'READY', 120_000);
  return child;
}

function runExample(name: string, pid: number, timeout: number): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(examples, `${name}.js`), String(pid)], { encoding: 'utf8', timeout });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync('npx', ['tsc', '-b', 'examples'], { cwd: repoRoot, stdio: 'inherit' });
}, 300_000);

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe.each(pythons.map((p) => [p.label, p] as const))('dump-threads on %s', (_label, py) => {
  test('prints "Thread ID: N frames" and " (holds GIL)" after the GIL holder', async () => {
    const child = await start(py);
    const r = runExample('dump-threads', child.pid!, 60_000);
    child.kill('SIGKILL');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    // one thread running busy(): <module> → busy, 2 frames (py-spy prints thread_id, the pthread id)
    expect(lines[0]).toMatch(/^Thread \d+: 2 frames$/);
    for (const line of lines) expect(line).toMatch(/^(Thread \d+: \d+ frames| \(holds GIL\))$/);
    // " (holds GIL)" only ever follows a thread line
    lines.forEach((line, i) => { if (line === ' (holds GIL)') expect(lines[i - 1]).toMatch(/^Thread /); });
  });
});

const host = pythons.find((p) => p.label === '3.12') ?? pythons.find((p) => !p.root && !p.freeThreaded && p.major === 3);
describe('continuous-sampling', () => {
  test.skipIf(host === undefined)(`takes 1,000 samples at 100 Hz and reports the GIL holder's functions (${host?.label ?? 'no host Python 3: skipped'})`, async () => {
    const child = await start(host!);
    const r = runExample('continuous-sampling', child.pid!, 120_000);
    child.kill('SIGKILL');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    // late samples (a loaded machine) print py-spy's warning; nothing else comes before the summary
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^Warning: sampling delay of \d+(\.\d+)?(ms|s)$/);
    expect(lines.at(-1)).toMatch(/^1000 samples; busiest functions: busy \(busy\.py\) \d+/);
  }, 150_000);
});
