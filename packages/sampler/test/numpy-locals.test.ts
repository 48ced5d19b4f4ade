/**
 * numpy scalars in locals, read from the objects (type name + value after the header), against the
 * values py-spy's own test expects (tests/integration_test.rs, locals 7–24 of local_vars.py) and
 * against py-spy 0.4.2's live output for the same process. numpy has wheels for 3.11 only in the
 * machine's index: provision.sh makes a venv of pyenv's 3.11 and one of Debian's /usr/bin/python3.11.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { cacheDir, findPythons, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { PythonSpy, type LocalVariable } from '../src/index.js';

const script = fileURLToPath(new URL('./scripts/numpy_locals.py', import.meta.url));
const pyspy = join(homedir(), '.cache/pyglass/py-spy-venv/bin/py-spy');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** The matrix interpreter `base` with its numpy venv's python, or why it cannot run. */
function numpyPython(base: string, venv: string): PythonInterpreter | string {
  const py = findPythons().find((p) => p.label === base);
  if (!py) return `interpreter ${base} is not on this machine`;
  const executable = join(cacheDir, venv, 'bin', 'python');
  if (!existsSync(join(cacheDir, venv, 'bin', 'f2py'))) return `${venv} has no numpy (tools/pythons/provision.sh host makes it)`;
  return { ...py, label: `${base}+numpy`, executable };
}

/** What py-spy prints, by local name: exact values, or the `<numpy.X at 0x` prefix for the types it does not format. */
const expected: Record<string, string | RegExp> = {
  v_bool: 'true', v_byte: '2', v_int8: '3', v_int16: '42', v_int32: '43', v_int64: '44',
  v_uint8: '45', v_uint16: '46', v_uint32: '7', v_uint64: '8',
  v_ulonglong: /^<numpy\.ulonglong at 0x[0-9a-f]+>$/,
  v_float16: /^<numpy\.float16 at 0x[0-9a-f]+>$/,
  v_float32: '0.5', v_float64: '0.7',
  v_longdouble: /^<numpy\.longdouble at 0x[0-9a-f]+>$/,
  v_complex64: /^<numpy\.complex64 at 0x[0-9a-f]+>$/,
  v_complex128: /^<numpy\.complex128 at 0x[0-9a-f]+>$/,
  v_clongdouble: /^<numpy\.clongdouble at 0x[0-9a-f]+>$/,
  e_false: 'false', e_int8: '-128', e_int16: '-32768', e_int64: '-9007199254740993',
  e_uint64: '18446744073709551615', e_float32: '0.3', e_float64: '0.0000001',
};

/** `name: repr` lines of py-spy's `dump --locals` text for the numpy_locals frame. */
function pyspyLocals(pid: number): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    execFile(pyspy, ['dump', '--locals', '--pid', String(pid)], { timeout: 30_000 }, (err, stdout) => {
      if (err) return reject(err);
      const out = new Map<string, string>();
      for (const m of stdout.matchAll(/^ {12}([ev]_\w+): (.*)$/gm)) out.set(m[1]!, m[2]!);
      resolve(out);
    });
  });
}

const cases: Array<[string, PythonInterpreter | string]> = [
  ['pyenv 3.11', numpyPython('3.11', 'numpy-venv-3.11')],
  ['Debian 3.11', numpyPython('3.11-debian', 'numpy-venv-3.11-debian')],
];
for (const [name, py] of cases) console.log(`[numpy locals] ${name}: ${typeof py === 'string' ? `SKIPPED (${py})` : py.executable}`);

describe.each(cases)('%s', (name, py) => {
  const skip = typeof py === 'string' ? py : '';
  test.skipIf(skip !== '')(`every numpy scalar type prints as py-spy prints it${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const child = spawnPython(py as PythonInterpreter, script);
    children.push(child);
    await waitForOutput(child, 'READY', 60_000);
    const spy = await PythonSpy.retry(child.pid!, { dumpLocals: 1 });
    let locals: LocalVariable[];
    try {
      const frame = spy.getStackTraces()[0]!.frames[0]!;
      expect(frame.name).toBe('numpy_locals');
      locals = frame.locals ?? [];
    } finally {
      spy.close();
    }
    const ours = new Map(locals.map((l) => [l.name, l.repr ?? '?']));
    for (const [local, want] of Object.entries(expected)) {
      if (typeof want === 'string') expect(ours.get(local), local).toBe(want);
      else expect(ours.get(local), local).toMatch(want);
    }
    // the generic form carries the object's own address
    const f16 = locals.find((l) => l.name === 'v_float16')!;
    expect(f16.repr).toBe(`<numpy.float16 at 0x${f16.addr.toString(16)}>`);

    if (!existsSync(pyspy)) {
      console.log(`[numpy locals] ${name}: py-spy comparison SKIPPED (py-spy is not installed)`);
      return;
    }
    const theirs = await pyspyLocals(child.pid!);
    expect(theirs.size).toBe(Object.keys(expected).length);
    for (const [local, repr] of theirs) expect(ours.get(local), local).toBe(repr);
  }, 90_000);
});
