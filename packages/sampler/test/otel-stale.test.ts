/**
 * Span reading never reports a stale span: scripts/otel_rapid.py has three threads entering a new
 * span of the real OpenTelemetry SDK every few dozen microseconds (so each request's HAMT, Context
 * dict and span reuse the addresses the previous one freed), each keeping its span id in a local
 * before the lines marked BODY. Every blocking sample (the target paused while its stacks, locals and
 * spans are read) whose in_span frame is on a BODY line must carry exactly the span id in that frame's
 * `sid`. Host interpreters 3.10+ with the SDK extracted (tools/pythons/provision.sh otel); the others
 * are skipped and named.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { cacheDir, findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { LockingStrategy, PythonSpy } from '../src/index.js';

const script = fileURLToPath(new URL('./scripts/otel_rapid.py', import.meta.url));
const hostOtel = join(cacheDir, 'otel-host', 'usr', 'lib', 'python3', 'dist-packages');
const bodyLines = readFileSync(script, 'utf8').split('\n').flatMap((l, i) => (l.includes('# BODY') ? [i + 1] : []));
const all = findPythons();
// the SDK declares Requires-Python >= 3.10; interpreters in the sid root get it there, not on PYTHONPATH
const pythons = all.filter((p) => !p.root && p.major === 3 && p.minor >= 10 && existsSync(join(hostOtel, 'opentelemetry', 'sdk')));
console.log(`[otel stale] on: ${pythons.map((p) => p.label).join(', ') || 'none'}; skipped: ${all.filter((p) => !pythons.includes(p)).map((p) => p.label).join(', ') || 'none'} (need a host 3.10+ with the SDK extracted by provision.sh otel)`);

/** Samples are taken until this many thread samples inside a span were checked (at most MAX_SAMPLES). */
const CHECKS = 50;
const MAX_SAMPLES = 5000;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe.skipIf(pythons.length === 0)('span reading under rapid span changes', () => {
  for (const py of pythons) {
    test(`${py.label}: every sample inside a span carries that span, never the one before`, async () => {
      const child = spawnPython(py, script, [], { env: { ...process.env, PYTHONPATH: hostOtel } });
      children.push(child);
      await waitForOutput(child, 'READY');
      const spy = PythonSpy.create(child.pid!, { blocking: LockingStrategy.Lock, otelSpans: true, dumpLocals: 1 });
      let checked = 0;
      let withSpan = 0;
      try {
        for (let i = 0; i < MAX_SAMPLES && checked < CHECKS; i++) {
          for (const t of spy.getStackTraces()) {
            const frame = t.frames.find((f) => f.name === 'in_span');
            if (frame === undefined || !bodyLines.includes(frame.line)) continue;
            const sid = frame.locals?.find((l) => l.name === 'sid')?.repr;
            expect(sid, `the sid local of a frame on line ${frame.line}`).toMatch(/^["'][0-9a-f]{16}["']$/);
            checked++;
            if (t.span !== undefined) withSpan++;
            expect(t.span?.spanId, `sample ${i}: the span of a thread inside span ${sid}`).toBe(sid!.slice(1, -1));
          }
        }
      } finally {
        spy.close();
        child.kill('SIGKILL');
      }
      console.log(`[otel stale] ${py.label}: ${checked} thread samples inside a span checked, ${withSpan} carried it`);
      // three threads that spend most of their time on BODY lines: a bound of samples that could only
      // fall short if the reader stopped finding the threads' in_span frames
      expect(checked).toBeGreaterThanOrEqual(CHECKS);
    }, 300_000);
  }
});
