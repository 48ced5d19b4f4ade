/**
 * The uploader against a real HTTP receiver on 127.0.0.1 that implements both documented APIs and
 * decodes what arrives (pprof-format, the generated push.v1 schema). Windows are cut by hand here,
 * so each case is exact; the CLI's e2e tests cover the timer with live targets.
 */
import type { StackTrace } from '@pyglass/model';
import { afterEach, describe, expect, it } from 'vitest';
import { PyroscopeReceiver, until } from '../../../tools/testing/pyroscope-receiver.js';
import { PyroscopeOptionsError, PyroscopeUploader, type PyroscopeOptions } from '../src/index.js';

function trace(pid: number, leaf: string, thread = 1): StackTrace {
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
  };
}

const receivers: PyroscopeReceiver[] = [];
async function receiver(): Promise<PyroscopeReceiver> {
  const r = await new PyroscopeReceiver().up();
  receivers.push(r);
  return r;
}
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.down();
});

function uploader(url: string, extra: Partial<PyroscopeOptions> = {}, lines: string[] = []): PyroscopeUploader {
  return new PyroscopeUploader({ url, appName: 'svc', sampleRate: 100, uploadIntervalSeconds: 1, uploadTimeoutSeconds: 2, log: (l) => lines.push(l), ...extra }, 1_000_000);
}

/** Adds `n` traces spread over [from, until) of process `pid`. */
function feed(u: PyroscopeUploader, pid: number, n: number, from: number, until: number): void {
  for (let i = 0; i < n; i++) u.add(trace(pid, i % 2 ? 'work' : 'rest', 1 + (i % 3)), from + ((until - from) * i) / n);
}

describe.each(['ingest', 'push'] as const)('%s API', (api) => {
  it('sends contiguous windows, one series per process, with labels, tenant and auth headers', async () => {
    const r = await receiver();
    const u = uploader(r.url, { api, tags: [['env', 'test'], ['region', 'eu-1']], tenantId: 'team-a', basicAuth: { user: 'u1', password: 'p:w' } });
    feed(u, 11, 30, 1_000_000, 1_001_000);
    feed(u, 22, 5, 1_000_000, 1_001_000);
    u.cutWindow(1_001_000);
    feed(u, 11, 20, 1_001_000, 1_001_700);
    const stats = await u.close(1_001_700);
    expect(stats).toMatchObject({ windows: 2, sent: 2, retries: 0, dropped: 0, rejected: 0, unsent: 0 });
    // ingest: one request per series; push: one request per window holding every series
    expect(r.requests.length).toBe(api === 'ingest' ? 3 : 2);
    // ingest sends a window's series concurrently: order by window, then pid
    const profiles = [...r.profiles].sort((a, b) => a.from - b.from || Number(a.labels['pid']) - Number(b.labels['pid']));
    expect(profiles.map((p) => [p.labels['pid'], p.from, p.until, p.samples])).toEqual([
      ['11', 1_000_000, 1_001_000, 30],
      ['22', 1_000_000, 1_001_000, 5],
      ['11', 1_001_000, 1_001_700, 20],
    ]);
    for (const p of r.profiles) {
      expect(p.labels).toMatchObject({ service_name: 'svc', env: 'test', region: 'eu-1' });
      expect(p.headers['x-scope-orgid']).toBe('team-a');
      expect(p.headers['authorization']).toBe(`Basic ${Buffer.from('u1:p:w').toString('base64')}`);
      expect(p.sampleTypes).toEqual(['samples/count', 'cpu/nanoseconds']);
      // thread labels only with threadLabels (Pyroscope would make a series of each thread)
      expect(p.sampleLabelKeys).toEqual(['pid']);
      if (api === 'push') expect(p.labels).toMatchObject({ __name__: 'process_cpu', pyroscope_spy: 'pyglass' });
      else expect(p.query).toMatchObject({ spyName: 'pyglass', sampleRate: '100', format: 'pprof' });
    }
    // the pprof's own time range is the window too
    for (const p of r.profiles) {
      expect(Number(p.profile.timeNanos) / 1e6).toBe(p.from);
      expect(Number(p.profile.durationNanos) / 1e6).toBe(p.until - p.from);
    }
  });

  it('bearer token, wall time and thread labels', async () => {
    const r = await receiver();
    const u = uploader(r.url, { api, authToken: 'tok', wallTime: true, threadLabels: true });
    feed(u, 7, 6, 1_000_000, 1_000_500);
    await u.close(1_000_500);
    expect(r.profiles).toHaveLength(1);
    const [p] = r.profiles;
    expect(p!.headers['authorization']).toBe('Bearer tok');
    expect(p!.sampleTypes).toEqual(['samples/count', 'wall/nanoseconds']);
    expect(p!.sampleLabelKeys).toEqual(['pid', 'thread_id', 'thread_name']);
    if (api === 'push') expect(p!.labels['__name__']).toBe('wall');
  });

  it('503 twice then 200: retried, delivered once', async () => {
    const r = await receiver();
    r.answer = (n) => (n <= 2 ? 503 : 200);
    const lines: string[] = [];
    const u = uploader(r.url, { api }, lines);
    feed(u, 1, 10, 1_000_000, 1_001_000);
    const stats = await u.close(1_001_000);
    expect(stats).toMatchObject({ sent: 1, retries: 2, unsent: 0 });
    expect(r.requests.map((q) => q.answer)).toEqual([503, 503, 200]);
    expect(r.profiles).toHaveLength(1);
    expect(lines.filter((l) => l.includes('failed (HTTP 503'))).toHaveLength(1);
    expect(lines.some((l) => l.includes('resumed after 2 failed attempts'))).toBe(true);
  });

  it('429 (rate limited) is retried', async () => {
    const r = await receiver();
    r.answer = (n) => (n === 1 ? 429 : 200);
    const u = uploader(r.url, { api });
    feed(u, 1, 4, 1_000_000, 1_001_000);
    expect(await u.close(1_001_000)).toMatchObject({ sent: 1, retries: 1, rejected: 0 });
    expect(r.profiles).toHaveLength(1);
  });

  it('400: not retried, said once with the reason', async () => {
    const r = await receiver();
    r.answer = () => 400;
    const lines: string[] = [];
    const u = uploader(r.url, { api }, lines);
    feed(u, 1, 10, 1_000_000, 1_001_000);
    u.cutWindow(1_001_000);
    feed(u, 1, 10, 1_001_000, 1_002_000);
    const stats = await u.close(1_002_000);
    expect(stats).toMatchObject({ sent: 0, retries: 0, rejected: 2 });
    expect(r.requests).toHaveLength(2);
    const said = lines.filter((l) => l.includes('refused'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('HTTP 400');
    expect(said[0]).toContain('test server answers 400');
    expect(said[0]).toContain('not retried');
  });

  it('a server that hangs: close() still ends after the bounded wait, the window counted as not sent', async () => {
    const r = await receiver();
    r.answer = () => 'hang';
    const u = uploader(r.url, { api, uploadTimeoutSeconds: 1 });
    feed(u, 1, 10, 1_000_000, 1_001_000);
    const stats = await u.close(1_001_000);
    expect(stats).toMatchObject({ sent: 0, unsent: 1 });
    expect(u.summary()).toContain('1 not sent');
  });

  it('server down, then up: the queued windows arrive in order, once', async () => {
    const r = await receiver();
    await r.down();
    const lines: string[] = [];
    const u = uploader(r.url, { api }, lines);
    for (let w = 0; w < 3; w++) {
      feed(u, 1, 5 + w, 1_000_000 + w * 1000, 1_001_000 + w * 1000);
      u.cutWindow(1_001_000 + w * 1000);
    }
    await new Promise((res) => setTimeout(res, 600));
    expect(r.profiles).toHaveLength(0);
    await r.up();
    const stats = await u.close(1_003_000);
    expect(stats).toMatchObject({ windows: 3, sent: 3, dropped: 0, unsent: 0 });
    expect(stats.retries).toBeGreaterThan(0);
    expect(r.profiles.map((p) => [p.from, p.samples])).toEqual([[1_000_000, 5], [1_001_000, 6], [1_002_000, 7]]);
    expect(lines.filter((l) => l.includes('ECONNREFUSED'))).toHaveLength(1);
  });

  it('the memory bound drops the oldest queued windows and counts them', async () => {
    const r = await receiver();
    await r.down();
    const lines: string[] = [];
    const u = uploader(r.url, { api, maxQueueWindows: 2 }, lines);
    for (let w = 0; w < 6; w++) {
      feed(u, 1, 1 + w, 1_000_000 + w * 1000, 1_001_000 + w * 1000);
      u.cutWindow(1_001_000 + w * 1000);
    }
    // windows are compressed off the main thread: all six queued (and the first one's send failed)
    // before the server comes back, however long a loaded machine takes to compress them
    await until(() => u.stats.windows === 6 && u.stats.retries > 0, 60_000, 'six windows queued and a failed send');
    await r.up();
    const stats = await u.close(1_006_000);
    // the window being retried is kept; of the rest only the newest fits
    expect(stats).toMatchObject({ windows: 6, sent: 2, dropped: 4, unsent: 0 });
    expect(r.profiles.map((p) => p.samples)).toEqual([1, 6]);
    expect(lines.filter((l) => l.includes('queue full'))).toHaveLength(1);
    expect(u.summary()).toContain('4 dropped');
  });
});

describe('ingest, several processes', () => {
  it('a series that fails is resent alone: every series arrives once', async () => {
    const r = await receiver();
    r.answer = (n) => (n === 2 ? 503 : 200);
    const u = uploader(r.url, { api: 'ingest' });
    for (const pid of [1, 2, 3, 4, 5, 6]) feed(u, pid, pid, 1_000_000, 1_001_000);
    expect(await u.close(1_001_000)).toMatchObject({ windows: 1, sent: 1, retries: 1 });
    expect(r.requests).toHaveLength(7);
    expect(r.profiles.map((p) => Number(p.labels['pid'])).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const p of r.profiles) expect(p.samples).toBe(Number(p.labels['pid']));
  });
});

describe('options', () => {
  it('rejects bad URLs, names and tags with a typed error', () => {
    const base = { url: 'http://127.0.0.1:1', appName: 'a', sampleRate: 100 };
    for (const bad of [
      { ...base, url: 'ftp://x' },
      { ...base, url: 'not a url' },
      { ...base, appName: 'my app' },
      { ...base, tags: [['__name__', 'x']] as Array<[string, string]> },
      { ...base, tags: [['pid', '1']] as Array<[string, string]> },
      { ...base, tags: [['env', 'a,b']] as Array<[string, string]> },
      { ...base, basicAuth: { user: 'u', password: 'p' }, authToken: 't' },
      { ...base, uploadIntervalSeconds: 0 },
    ]) {
      expect(() => new PyroscopeUploader(bad)).toThrow(PyroscopeOptionsError);
    }
  });

  it('takes credentials from the URL as basic auth', async () => {
    const r = await receiver();
    const u = uploader(`http://me:s%40cret@127.0.0.1:${r.port}/`, {});
    feed(u, 1, 3, 1_000_000, 1_000_100);
    await u.close(1_000_100);
    expect(r.profiles[0]!.headers['authorization']).toBe(`Basic ${Buffer.from('me:s@cret').toString('base64')}`);
  });
});
