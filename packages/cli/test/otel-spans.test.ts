/**
 * Span-linked samples end to end, against the real OpenTelemetry SDK (Debian's 1.45.1: in the sid
 * root, and extracted for the host's 3.10+ interpreters by tools/pythons/provision.sh otel).
 * scripts/otel_servers.py runs a threaded WSGI server or an asyncio server whose requests run in
 * spans, each span name with its own CPU-heavy function (the threaded one also runs back-to-back
 * spans of alternating names on one thread, which reuse each other's freed addresses), and writes
 * the spans the SDK finished to a file. `pyglass record -f pprof` samples it while its own clients
 * send a bounded number of requests over 127.0.0.1; every sample in a heavy function that carries
 * span labels must carry exactly a span id, trace id and name the SDK reported for that function's
 * span, ≥ 90 % of them must carry one, and no sample outside a span (the work before and after it,
 * the clients, the server loops) carries any; with `--async --idle`, asyncio tasks suspended at an
 * await inside their span carry it too. On the last interpreter the same record also uploads to a
 * Pyroscope receiver on 127.0.0.1, whose profiles must carry the same labels. A third target holds a
 * span on one thread and a child span (started from it) on another: `dump --json` shows both
 * threads' spans exactly, the child's local root being the other thread's span, and with `--async`
 * the span of an asyncio task suspended inside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { cacheDir, findPythons, oneOfEachKind, pythonCommand, reportMatrix, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { PyroscopeReceiver } from '../../../tools/testing/pyroscope-receiver.js';
import { kill, pyglassRun } from './e2e-helpers.js';
import { cliSuite, goOnSampling } from './helpers.js';

/** How long a server may take to import the SDK and start: a free-threaded build under the load harness took over 120 s. */
const READY_MS = 300_000;
const script = join(import.meta.dirname, 'scripts', 'otel_servers.py');
/** Where provision.sh extracts the SDK for host interpreters. */
const hostOtel = join(cacheDir, 'otel-host', 'usr', 'lib', 'python3', 'dist-packages');
/**
 * Requests per client. Every check holds for any positive number of samples; 4 requests per client
 * (and 24 looper spans) still give the heavy functions about half a second of CPU time a run: about a hundred
 * samples at 200 Hz.
 */
const REQUESTS = 4;

/** Which interpreters can run the SDK, and why the others are skipped. */
function otelPythons(): { run: PythonInterpreter[]; skipped: string[] } {
  const run: PythonInterpreter[] = [];
  const skipped: string[] = [];
  for (const py of findPythons()) {
    if (py.major < 3 || (py.major === 3 && py.minor < 10)) skipped.push(`${py.label} (OpenTelemetry 1.45 declares Requires-Python >=3.10)`);
    else if (py.root ? !existsSync(join(py.root, '.pyglass-otel')) : !existsSync(join(hostOtel, 'opentelemetry', 'sdk'))) skipped.push(`${py.label} (the OpenTelemetry SDK is not provisioned: tools/pythons/provision.sh otel)`);
    else run.push(py);
  }
  return { run, skipped };
}

const { run: pythons, skipped } = otelPythons();
reportMatrix(pythons, 'otel spans');
console.log(`[otel spans] skipped: ${skipped.join('; ') || 'none'}`);

/** The function each span name's requests burn in. */
const HEAVY: Record<string, string> = {
  heavy_alpha: 'work-alpha', heavy_beta: 'work-beta', heavy_inner: 'inner-beta', heavy_gamma: 'work-gamma', heavy_delta: 'work-delta',
  heavy_loop0: 'loop-0', heavy_loop1: 'loop-1',
};
/** Functions that run outside every span. */
const OUTSIDE = new Set(['outside_span', 'client', 'serve_forever']);

interface SdkSpan { name: string; trace_id: string; span_id: string; parent_id: string | null }

interface Target { child: ChildProcess; spansFile: string; cleanup: () => void }

function startTarget(py: PythonInterpreter, mode: 'threaded' | 'asyncio' | 'hold'): Target {
  // the spans file as the target sees it (inside its root) and as the test reads it
  const inside = mkdtempSync(join(py.root ? join(py.root, 'tmp') : tmpdir(), 'pyglass-otel-'));
  const spansFile = join(inside, 'spans.jsonl');
  const seen = py.root ? spansFile.slice(py.root.length) : spansFile;
  const [cmd, ...args] = pythonCommand(py, script, [mode, seen, String(REQUESTS)]);
  const env = py.root ? process.env : { ...process.env, PYTHONPATH: hostOtel };
  const child = spawn(cmd!, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  return { child, spansFile, cleanup: () => rmSync(inside, { recursive: true, force: true }) };
}

interface LabeledSample { functions: string[]; count: number; spanId?: string; traceId?: string; spanName?: string }

function labeledSamples(p: Profile): LabeledSample[] {
  const str = (i: number | bigint) => p.stringTable.strings[Number(i)]!;
  const fnName = new Map(p.function.map((f) => [Number(f.id), str(f.name)]));
  const locFn = new Map(p.location.map((l) => [Number(l.id), fnName.get(Number(l.line[0]!.functionId))!]));
  return p.sample.map((s) => {
    const label = (k: string) => { const l = s.label.find((x) => str(x.key) === k); return l ? str(l.str) : undefined; };
    return { functions: s.locationId.map((id) => locFn.get(Number(id))!), count: Number(s.value[0]), spanId: label('span_id'), traceId: label('trace_id'), spanName: label('span_name') };
  });
}

/**
 * Every sample in a heavy function that carries a span carries one the SDK reported for that
 * function's span name (ids and name); ≥ 90 % of them carry one; none outside every span does; a
 * task suspended at the await inside its span carries it.
 */
function checkSamples(samples: LabeledSample[], byId: Map<string, SdkSpan>, what: string): void {
  let heavy = 0;
  let heavyWithSpan = 0;
  let suspendedInSpan = 0;
  for (const s of samples) {
    const fn = s.functions.find((f) => HEAVY[f] !== undefined);
    if (fn !== undefined) {
      heavy += s.count;
      if (s.spanId === undefined) continue;
      heavyWithSpan += s.count;
      const reported = byId.get(s.spanId);
      expect(reported, `span ${s.spanId} of a ${fn} sample was not reported by the SDK`).toBeDefined();
      expect({ trace: s.traceId, name: s.spanName }).toEqual({ trace: reported!.trace_id, name: HEAVY[fn] });
      expect(reported!.name).toBe(HEAVY[fn]);
    } else if (s.functions[0] === 'sleep' && s.functions.includes('handle')) {
      // a request task suspended at the await inside its span
      suspendedInSpan += s.count;
      const reported = s.spanId === undefined ? undefined : byId.get(s.spanId);
      expect(reported?.trace_id, `a task suspended in its span carries span ${s.spanId}`).toBe(s.traceId);
      expect(['work-gamma', 'work-delta']).toContain(reported?.name);
    } else if (s.functions.some((f) => OUTSIDE.has(f))) {
      expect(s.spanId, `a sample outside every span (${s.functions.slice(0, 4).join(' < ')}) carries span ${s.spanId}`).toBeUndefined();
    }
  }
  console.log(`[otel spans] ${what}: ${heavyWithSpan}/${heavy} heavy-function samples carry their span; ${suspendedInSpan} samples of tasks suspended in a span carry it`);
  // (the record runs until the target has done all its requests; the heavy functions burn CPU time)
  expect(heavy).toBeGreaterThan(0);
  // the heavy functions run only inside their spans and a blocking read sees the context whole:
  // every one of their samples carries its span (no share: nothing here depends on timing)
  expect(heavyWithSpan).toBe(heavy);
}

describe.skipIf(pythons.length === 0)('span-linked samples (OpenTelemetry SDK)', () => {
  const suite = cliSuite('pyglass-otel-');

  // the records run on one interpreter of each kind (a span is read by the same code on each); the dumps on all
  const recorded = new Set(oneOfEachKind(pythons, 'otel spans record'));
  describe.each(pythons.map((py) => [py.label, py] as const))('%s', (_label, py) => {
    it.skipIf(!recorded.has(py)).each(['threaded', 'asyncio'] as const)('%s server: samples carry the spans the SDK reported', async (mode) => {
      const pprof = join(suite.dir, `${py.label}-${mode}.pb.gz`);
      const t = startTarget(py, mode);
      suite.children.push(t.child);
      let pyroscope: PyroscopeReceiver | undefined;
      try {
        await waitForOutput(t.child, 'ready', READY_MS);
        // asyncio: logical task stacks, and suspended tasks too (each with its own context's span)
        const extra = mode === 'asyncio' ? ['--async', '--idle'] : [];
        // one interpreter also uploads to a Pyroscope receiver on 127.0.0.1: the labels must reach it
        if (py === pythons[pythons.length - 1]) pyroscope = await new PyroscopeReceiver().up();
        if (pyroscope) extra.push('--pyroscope', pyroscope.url, '--upload-interval', '1', '--app-name', 'otel-spans');
        const recorded = pyglassRun(['record', '-p', String(t.child.pid), '-f', 'pprof', '-o', pprof, '-r', '200', '--hideprogress', ...extra], {
          timeout: 180_000,
          // sampling has started: let the clients go
          onSpawn: goOnSampling(t.child),
        });
        const r = await recorded;
        expect(r.status, r.stderr).toBe(0);
        const sdk = readFileSync(t.spansFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SdkSpan);
        const byId = new Map(sdk.map((s) => [s.span_id, s]));
        expect(sdk.length).toBeGreaterThanOrEqual(REQUESTS * 2);

        checkSamples(labeledSamples(Profile.decode(gunzipSync(readFileSync(pprof)))), byId, `${py.label} ${mode} pprof`);
        if (pyroscope) {
          // the same samples uploaded to Pyroscope carry the same labels
          expect(pyroscope.profiles.length).toBeGreaterThan(0);
          checkSamples(pyroscope.profiles.flatMap((p) => labeledSamples(p.profile)), byId, `${py.label} ${mode} Pyroscope`);
        }
      } finally {
        await pyroscope?.down();
        kill(t.child);
        t.cleanup();
      }
    }, READY_MS + 240_000);

    it('dump --json: each thread\'s span, a child span\'s local root on another thread, a suspended task\'s span', async () => {
      const t = startTarget(py, 'hold');
      suite.children.push(t.child);
      try {
        await waitForOutput(t.child, 'ready', READY_MS);
        const d = await pyglassRun(['dump', '--json', '--async', '-p', String(t.child.pid)], { timeout: 60_000 });
        expect(d.status, d.stderr).toBe(0);
        t.child.stdin!.end('go\n');
        await new Promise((resolve) => t.child.once('exit', resolve));
        const sdk = readFileSync(t.spansFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SdkSpan);
        const root = sdk.find((s) => s.name === 'held-root')!;
        const child = sdk.find((s) => s.name === 'held-child')!;
        type Thread = { thread_name: string | null; span?: { trace_id: string; span_id: string; name: string | null; local_root: { span_id: string; name: string | null } | null } };
        type Task = { name: string | null; state: string; span?: { trace_id: string; span_id: string; name: string | null } };
        const { threads, asyncio_tasks: tasks } = JSON.parse(d.stdout) as { threads: Thread[]; asyncio_tasks: Task[] };
        const spanOf = (name: string) => threads.find((th) => th.thread_name === name)?.span;
        expect(spanOf('holder-root')).toEqual({ trace_id: root.trace_id, span_id: root.span_id, name: 'held-root', local_root: { span_id: root.span_id, name: 'held-root' } });
        expect(spanOf('holder-child')).toEqual({ trace_id: root.trace_id, span_id: child.span_id, name: 'held-child', local_root: { span_id: root.span_id, name: 'held-root' } });
        expect(spanOf('MainThread')).toBeUndefined();
        // dump --async: the task suspended inside its span carries it
        const held = sdk.find((s) => s.name === 'held-task')!;
        expect(tasks.find((x) => x.name === 'held-task')?.span).toEqual({ trace_id: held.trace_id, span_id: held.span_id, name: 'held-task', local_root: { span_id: held.span_id, name: 'held-task' } });
      } finally {
        kill(t.child);
        t.cleanup();
      }
    }, READY_MS + 240_000);
  });
});
