/**
 * The OTLP uploader against a real OTLP/HTTP profiles receiver on 127.0.0.1
 * (tools/testing/otlp-receiver.ts: the protocol's status codes, partial successes and gzip, decoded
 * with the generated schema and every dictionary index checked), and the same bytes decoded by the
 * official Python bindings (opentelemetry-proto 1.45.0 + protobuf, from `provision.sh otlp`).
 * Windows are cut by hand, so each case is exact; the CLI's e2e tests cover live targets.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpanRef, StackTrace } from '@pyglass/model';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { otlpProtoPython, provision } from '../../../tools/pythons/pythons.js';
import { OtlpReceiver } from '../../../tools/testing/otlp-receiver.js';
import { PyroscopeReceiver, until } from '../../../tools/testing/pyroscope-receiver.js';
import {
  OtlpOptionsError, OtlpUploader, PyroscopeUploader, parseHeaderFlag, parseHeaderList, resolveEndpoint, resolveOtlpOptions, type OtlpOptions, type ProcessDescription,
} from '../src/index.js';

const span: SpanRef = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'GET /orders' };

function trace(pid: number, leaf: string, thread = 1, withSpan = false): StackTrace {
  return {
    pid,
    threadId: thread,
    threadName: `t${thread}`,
    active: true,
    ownsGil: true,
    frames: [
      { name: leaf, filename: '/srv/app.py', line: 10, isEntry: false, isShimEntry: false },
      { name: '<module>', filename: '/srv/app.py', line: 1, isEntry: true, isShimEntry: true },
    ],
    span: withSpan ? span : undefined,
  };
}

const container = 'c0ffee'.padEnd(64, '0');
const described: Record<number, ProcessDescription> = {
  11: { executablePath: '/usr/bin/python3.12', commandLine: ['python3', 'app.py', '--port', '8080'], runtimeName: 'CPython', runtimeVersion: '3.12.4', containerId: container, podUid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', namespacePid: 7 },
  22: { executablePath: '/usr/bin/python3.11', commandLine: ['python3', 'worker.py'], runtimeName: 'CPython', runtimeVersion: '3.11.9' },
};

const receivers: Array<OtlpReceiver | PyroscopeReceiver> = [];
async function receiver(): Promise<OtlpReceiver> {
  const r = await new OtlpReceiver().up();
  receivers.push(r);
  return r;
}
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.down();
});

function uploader(url: string, extra: Partial<OtlpOptions> = {}, lines: string[] = []): OtlpUploader {
  return new OtlpUploader(
    {
      url, serviceName: (pid) => `svc-${pid}`, describeProcess: (pid) => described[pid] ?? {}, hostName: 'node-1', sampleRate: 100,
      uploadIntervalSeconds: 1, uploadTimeoutSeconds: 2, log: (l) => lines.push(l), userAgent: 'pyglass/9.9.9', env: {}, ...extra,
    },
    1_000_000,
  );
}

/** Adds `n` traces spread over [from, until) of process `pid`; every third one in a span. */
function feed(u: { add(t: StackTrace, time: number): void }, pid: number, n: number, from: number, until: number): void {
  for (let i = 0; i < n; i++) u.add(trace(pid, i % 2 ? 'work' : 'rest', 1 + (i % 3), i % 3 === 0), from + Math.floor(((until - from) * i) / n));
}

describe('OTLP export', () => {
  it('one request per window: resources by the semantic conventions, valid dictionary, sums, timestamps in the window', async () => {
    const r = await receiver();
    const u = uploader(r.url, { headers: [['Authorization', 'Bearer tok']] });
    feed(u, 11, 30, 1_000_000, 1_001_000);
    feed(u, 22, 5, 1_000_000, 1_001_000);
    u.cutWindow(1_001_000);
    feed(u, 11, 20, 1_001_000, 1_001_700);
    const stats = await u.close(1_001_700);
    expect(stats).toMatchObject({ windows: 2, sent: 2, retries: 0, dropped: 0, rejected: 0, unsent: 0, partial: 0 });
    expect(r.requests.map((q) => [q.path, q.method])).toEqual([['/v1development/profiles', 'POST'], ['/v1development/profiles', 'POST']]);
    expect(r.exports).toHaveLength(2);
    const [first, second] = r.exports;
    expect(first!.headers['content-type']).toBe('application/x-protobuf');
    expect(first!.headers['content-encoding']).toBe('gzip');
    expect(first!.headers['authorization']).toBe('Bearer tok');
    expect(first!.headers['user-agent']).toBe('pyglass/9.9.9');
    const [p11, p22] = first!.summary.resources;
    expect(p11!.attributes).toEqual({
      'service.name': 'svc-11', 'process.pid': 11, 'host.name': 'node-1', 'process.executable.name': 'python3.12', 'process.executable.path': '/usr/bin/python3.12',
      'process.command_line': 'python3 app.py --port 8080', 'process.runtime.name': 'CPython', 'process.runtime.version': '3.12.4',
      'container.id': container, 'k8s.pod.uid': '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'pyglass.ns_pid': 7,
    });
    expect(p22!.attributes).toMatchObject({ 'service.name': 'svc-22', 'process.pid': 22, 'process.runtime.version': '3.11.9' });
    expect(p22!.attributes['container.id']).toBeUndefined();
    expect(p11!.scope).toBe('pyglass/9.9.9');
    const period = 10_000_000;
    for (const [resource, samples, from, until] of [[p11, 30, 1_000_000, 1_001_000], [p22, 5, 1_000_000, 1_001_000], [second!.summary.resources[0], 20, 1_001_000, 1_001_700]] as const) {
      const [profile] = resource!.profiles;
      expect(profile).toMatchObject({ sampleType: 'cpu/nanoseconds', periodType: 'cpu/nanoseconds', period, timeMs: from, durationMs: until - from, samples, valueSum: samples * period });
      expect(profile!.minTimestampMs).toBeGreaterThanOrEqual(from);
      expect(profile!.maxTimestampMs).toBeLessThan(until);
      expect(profile!.attributeKeys).toEqual(['span_name', 'thread.id', 'thread.name']);
      expect(profile!.linkedSamples).toBe(Math.ceil(samples / 3));
      expect(profile!.leaves).toEqual({ rest: Math.ceil(samples / 2), work: Math.floor(samples / 2) });
    }
    // the link carries the span's ids as bytes
    const links = first!.message.dictionary!.linkTable;
    expect(links.slice(1).map((l) => [Buffer.from(l.traceId).toString('hex'), Buffer.from(l.spanId).toString('hex')])).toEqual([[span.traceId, span.spanId]]);
  });

  it('wall time with idle traces; no compression when OTEL_EXPORTER_OTLP_COMPRESSION=none', async () => {
    const r = await receiver();
    const u = uploader(r.url, { wallTime: true, env: { OTEL_EXPORTER_OTLP_COMPRESSION: 'none' } });
    feed(u, 22, 6, 1_000_000, 1_000_500);
    await u.close(1_000_500);
    expect(r.exports[0]!.headers['content-encoding']).toBeUndefined();
    expect(r.exports[0]!.summary.resources[0]!.profiles[0]).toMatchObject({ sampleType: 'wall/nanoseconds', samples: 6 });
  });

  it('503 twice then 200: retried, delivered once', async () => {
    const r = await receiver();
    r.answer = (n) => (n <= 2 ? 503 : 200);
    const lines: string[] = [];
    const u = uploader(r.url, {}, lines);
    feed(u, 11, 10, 1_000_000, 1_001_000);
    expect(await u.close(1_001_000)).toMatchObject({ sent: 1, retries: 2, unsent: 0 });
    expect(r.exports).toHaveLength(1);
    expect(r.samples).toBe(10);
    expect(lines.filter((l) => l.startsWith('OTLP: upload to') && l.includes('HTTP 503'))).toHaveLength(1);
    // the reason comes from the google.rpc.Status body
    expect(lines[0]).toContain('test receiver answers 503');
    expect(lines.some((l) => l.includes('resumed after 2 failed attempts'))).toBe(true);
  });

  it('429 with Retry-After waits as told (bounded by the interval), then delivers', async () => {
    const r = await receiver();
    r.answer = (n) => (n === 1 ? { status: 429, retryAfterSeconds: 1 } : 200);
    const u = uploader(r.url, { uploadIntervalSeconds: 5 });
    feed(u, 11, 4, 1_000_000, 1_001_000);
    u.cutWindow(1_001_000);
    await until(() => r.requests.length === 2, 60_000, 'the retry of the refused export');
    // the receiver asked for a second: the retry came no sooner (the receiver's own clock)
    expect(r.requests[1]!.at - r.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(await u.close(1_001_000)).toMatchObject({ sent: 1, retries: 1 });
    expect(r.exports).toHaveLength(1);
  });

  it('a slow receiver: the request times out, is sent again and arrives once', async () => {
    const r = await receiver();
    r.answer = (n) => (n === 1 ? { slowMs: 2500 } : 200);
    const u = uploader(r.url, { uploadTimeoutSeconds: 1 });
    feed(u, 11, 8, 1_000_000, 1_001_000);
    u.cutWindow(1_001_000);
    // the first attempt times out (1 s), the second is answered at once
    for (let i = 0; i < 100 && r.exports.length === 0; i++) await new Promise((res) => setTimeout(res, 50));
    expect(await u.close(1_001_000)).toMatchObject({ sent: 1, retries: 1, unsent: 0 });
    expect(r.exports).toHaveLength(1);
    expect(r.samples).toBe(8);
  });

  it('400 and 500 are not retried (OTLP retries only 429, 502, 503, 504), said once with the hint', async () => {
    for (const status of [400, 500]) {
      const r = await receiver();
      r.answer = () => status;
      const lines: string[] = [];
      const u = uploader(r.url, {}, lines);
      feed(u, 11, 3, 1_000_000, 1_001_000);
      u.cutWindow(1_001_000);
      feed(u, 11, 3, 1_001_000, 1_002_000);
      expect(await u.close(1_002_000)).toMatchObject({ sent: 0, retries: 0, rejected: 2 });
      const said = lines.filter((l) => l.includes('refused'));
      expect(said).toHaveLength(1);
      expect(said[0]).toContain(`HTTP ${status}`);
      expect(u.summary()).toContain('2 refused by the server');
    }
  });

  it('a partial success is counted as sent and said once', async () => {
    const r = await receiver();
    r.answer = () => ({ partial: { rejected: 1, message: 'sample type not supported' } });
    const lines: string[] = [];
    const u = uploader(r.url, {}, lines);
    feed(u, 11, 3, 1_000_000, 1_001_000);
    u.cutWindow(1_001_000);
    feed(u, 11, 3, 1_001_000, 1_002_000);
    expect(await u.close(1_002_000)).toMatchObject({ sent: 2, partial: 2, rejected: 0 });
    expect(lines.filter((l) => l.includes('only in part'))).toEqual([`OTLP: ${r.url} accepted a request only in part: 1 profile rejected (sample type not supported)`]);
    expect(u.summary()).toBe(`OTLP: 2 windows sent to ${r.url}, 0 retried, 0 dropped (queue full), 2 accepted only in part.`);
  });

  it('a receiver that hangs: close() ends after the bounded wait, the window counted as not sent', async () => {
    const r = await receiver();
    r.answer = () => 'hang';
    const u = uploader(r.url, { uploadTimeoutSeconds: 1 });
    feed(u, 11, 10, 1_000_000, 1_001_000);
    expect(await u.close(1_001_000)).toMatchObject({ sent: 0, unsent: 1 });
  });

  it('receiver down, then up: queued windows arrive in order, once; the memory bound drops the oldest', async () => {
    const r = await receiver();
    await r.down();
    const u = uploader(r.url, { maxQueueWindows: 3 });
    for (let w = 0; w < 5; w++) {
      feed(u, 11, 5 + w, 1_000_000 + w * 1000, 1_001_000 + w * 1000);
      u.cutWindow(1_001_000 + w * 1000);
    }
    // windows are compressed off the main thread: all five queued (and a send failed) before the receiver comes back
    await until(() => u.stats.windows === 5 && u.stats.retries > 0, 60_000, 'five windows queued and a failed send');
    await r.up();
    const stats = await u.close(1_005_000);
    expect(stats).toMatchObject({ windows: 5, sent: 3, dropped: 2, unsent: 0 });
    expect(r.exports.map((e) => e.summary.resources[0]!.profiles[0]!.samples)).toEqual([5, 8, 9]);
  });

  it('the receiver answers what the protocol says to what is not a profiles export', async () => {
    const r = await receiver();
    const post = (path: string, init: RequestInit = {}) => fetch(`${r.url}${path}`, { method: 'POST', ...init });
    expect((await post('/v1/traces')).status).toBe(404);
    expect((await fetch(`${r.url}/v1development/profiles`)).status).toBe(405);
    expect((await post('/v1development/profiles', { headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(415);
    expect((await post('/v1development/profiles', { headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' }, body: 'not gzip' })).status).toBe(400);
    expect((await post('/v1development/profiles', { headers: { 'Content-Type': 'application/x-protobuf' }, body: new Uint8Array([0x0a, 0xff]) })).status).toBe(400);
  });
});

describe('the official Python bindings decode the same bytes alike', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pyglass-otlp-'));
  let skip: string | undefined;
  beforeAll(() => {
    if (!existsSync(otlpProtoPython)) provision('otlp');
    if (!existsSync(otlpProtoPython)) skip = `no ${otlpProtoPython} (provision.sh otlp failed)`;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opentelemetry-proto 1.45.0 profiles_service_pb2', async (ctx) => {
    if (skip !== undefined) {
      console.log(`skipped: ${skip}`);
      ctx.skip();
    }
    const r = await receiver();
    const u = uploader(r.url);
    feed(u, 11, 30, 1_000_000, 1_001_000);
    feed(u, 22, 7, 1_000_000, 1_001_000);
    u.cutWindow(1_001_000);
    feed(u, 22, 12, 1_001_000, 1_002_000);
    await u.close(1_002_000);
    expect(r.exports).toHaveLength(2);
    const files = r.exports.map((e, i) => {
      const file = join(dir, `export-${i}.bin`);
      writeFileSync(file, e.bytes);
      return file;
    });
    const python = JSON.parse(execFileSync(otlpProtoPython, [join(__dirname, '../../../tools/testing/otlp_summary.py'), ...files], { encoding: 'utf8' })) as unknown;
    expect(python).toEqual(r.exports.map((e) => e.summary));
  });
});

describe('options and the environment', () => {
  it('the endpoint: --otlp gets the path appended; the signal-specific variable is used as is; the generic one gets the path', () => {
    expect(resolveEndpoint('http://collector:4318', {}).href).toBe('http://collector:4318/v1development/profiles');
    expect(resolveEndpoint('http://collector:4318/otlp/', {}).href).toBe('http://collector:4318/otlp/v1development/profiles');
    expect(resolveEndpoint(undefined, { OTEL_EXPORTER_OTLP_PROFILES_ENDPOINT: 'https://x:1/custom/path', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://y:2' }).href).toBe('https://x:1/custom/path');
    expect(resolveEndpoint(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://y:2/base' }).href).toBe('http://y:2/base/v1development/profiles');
    expect(resolveEndpoint('http://z:3', { OTEL_EXPORTER_OTLP_PROFILES_ENDPOINT: 'http://x:1/p' }).href).toBe('http://z:3/v1development/profiles');
    expect(() => resolveEndpoint(undefined, {})).toThrow(OtlpOptionsError);
    expect(() => resolveEndpoint('grpc://x:4317', {})).toThrow(OtlpOptionsError);
    expect(() => resolveEndpoint('http://u:p@x', {})).toThrow(OtlpOptionsError);
  });

  it('headers: the signal-specific variable over the generic one, --otlp-header over both; values percent-decoded', () => {
    expect(parseHeaderList('api-key=a%20b, X-Tenant = t1 ,', 'X')).toEqual([['api-key', 'a b'], ['X-Tenant', 't1']]);
    expect(() => parseHeaderList('novalue', 'X')).toThrow(OtlpOptionsError);
    expect(parseHeaderFlag('Authorization=Basic YTpi=')).toEqual(['Authorization', 'Basic YTpi=']);
    expect(() => parseHeaderFlag('bad header=1')).toThrow(OtlpOptionsError);
    const base = { url: 'http://127.0.0.1:1', serviceName: 's', sampleRate: 100 };
    const r = resolveOtlpOptions({
      ...base,
      headers: [['x-b', 'flag']],
      env: { OTEL_EXPORTER_OTLP_PROFILES_HEADERS: 'x-a=specific,x-b=specific', OTEL_EXPORTER_OTLP_HEADERS: 'x-c=generic' },
    });
    expect(r.headers).toEqual({ 'x-a': 'specific', 'x-b': 'flag' });
    expect(resolveOtlpOptions({ ...base, env: { OTEL_EXPORTER_OTLP_HEADERS: 'x-c=generic' } }).headers).toEqual({ 'x-c': 'generic' });
  });

  it('timeout (milliseconds) and compression from the environment; explicit options win; bad values are typed errors', () => {
    const base = { url: 'http://127.0.0.1:1', serviceName: 's', sampleRate: 100 };
    expect(resolveOtlpOptions({ ...base, env: { OTEL_EXPORTER_OTLP_TIMEOUT: '2500' } }).uploadTimeoutSeconds).toBe(2.5);
    expect(resolveOtlpOptions({ ...base, env: { OTEL_EXPORTER_OTLP_PROFILES_TIMEOUT: '500', OTEL_EXPORTER_OTLP_TIMEOUT: '2500' } }).uploadTimeoutSeconds).toBe(0.5);
    expect(resolveOtlpOptions({ ...base, uploadTimeoutSeconds: 3, env: { OTEL_EXPORTER_OTLP_TIMEOUT: '2500' } }).uploadTimeoutSeconds).toBe(3);
    expect(resolveOtlpOptions({ ...base, env: {} })).toMatchObject({ uploadTimeoutSeconds: 10, compression: 'gzip' });
    expect(resolveOtlpOptions({ ...base, env: { OTEL_EXPORTER_OTLP_PROFILES_COMPRESSION: 'none' } }).compression).toBe('none');
    expect(() => resolveOtlpOptions({ ...base, env: { OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd' } })).toThrow(OtlpOptionsError);
    expect(() => resolveOtlpOptions({ ...base, env: { OTEL_EXPORTER_OTLP_TIMEOUT: '10s' } })).toThrow(OtlpOptionsError);
    expect(() => resolveOtlpOptions({ ...base, serviceName: '' })).toThrow(OtlpOptionsError);
  });
});

describe('Pyroscope: container labels', () => {
  it('container_id and k8s_pod_uid series labels from the process description', async () => {
    const r = new PyroscopeReceiver();
    receivers.push(await r.up());
    const u = new PyroscopeUploader({ url: r.url, appName: 'svc', sampleRate: 100, describeProcess: (pid) => described[pid] ?? {}, log: () => {} }, 1_000_000);
    feed(u, 11, 4, 1_000_000, 1_001_000);
    feed(u, 22, 4, 1_000_000, 1_001_000);
    await u.close(1_001_000);
    const byPid = Object.fromEntries(r.profiles.map((p) => [p.labels['pid'], p.labels]));
    expect(byPid['11']).toMatchObject({ container_id: container, k8s_pod_uid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
    expect(byPid['22']!['container_id']).toBeUndefined();
  });
});
