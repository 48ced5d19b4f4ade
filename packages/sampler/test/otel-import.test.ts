/**
 * Span reading starts once the target imports OpenTelemetry, found by a look at sys.modules. That look
 * is skipped while sys.modules had no key added (its keys object and entry count unchanged): this
 * proves an import is never hidden by the skip. The checks are made to run at every sample and the
 * periodic full scan never, so the sample right after the import must find it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { cacheDir, findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { LockingStrategy, PythonSpy } from '../src/index.js';

const script = fileURLToPath(new URL('./scripts/otel_late_import.py', import.meta.url));
const hostOtel = join(cacheDir, 'otel-host', 'usr', 'lib', 'python3', 'dist-packages');
const all = findPythons();
// the SDK declares Requires-Python >= 3.10; one with compact dicts of each kind: 3.10 (generic entries), 3.12 (kinded keys)
const pythons = all.filter((p) => !p.root && ['3.10', '3.12'].includes(p.label) && existsSync(join(hostOtel, 'opentelemetry', 'context')));
console.log(`[otel import] on: ${pythons.map((p) => p.label).join(', ') || 'none'} (need host 3.10 and 3.12 with the SDK extracted by provision.sh otel)`);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe.skipIf(pythons.length === 0)('OpenTelemetry imported after attach', () => {
  test.each(pythons.map((p) => [p.label, p] as const))('%s: the first sample after the import finds it', async (_l, py) => {
    const child = spawnPython(py, script, [], { env: { ...process.env, PYTHONPATH: hostOtel }, stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    await waitForOutput(child, 'READY');
    const spy = PythonSpy.create(child.pid!, { blocking: LockingStrategy.Lock, otelSpans: true });
    try {
      const otel = spy.otelSpans!;
      otel.importCheckMs = 0;
      otel.fullCheckMs = Infinity;
      for (let i = 0; i < 20; i++) spy.getStackTraces();
      expect(otel.none).toMatch(/not imported/);
      const imported = waitForOutput(child, 'IMPORTED');
      child.stdin!.write('go\n');
      await imported;
      spy.getStackTraces();
      expect(otel.none).toBeUndefined();
    } finally {
      spy.close();
      child.kill('SIGKILL');
    }
  }, 120_000);
});
