/**
 * `record --pyroscope` and `pyglass agent` end to end: the built bin against live Python targets,
 * uploading to a receiver on 127.0.0.1 that implements Pyroscope's two documented APIs and
 * decodes what arrives (tools/testing/pyroscope-receiver.ts). Upload intervals are 1 s to keep
 * each case to a few seconds. The uploader's fault handling is covered exactly (windows cut by
 * hand) in packages/pyroscope/test/uploader.test.ts; here each fault is seen through the CLI.
 */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findPythons, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { PyroscopeReceiver, until, type ReceivedProfile } from '../../../tools/testing/pyroscope-receiver.js';
import { buildCli } from './helpers.js';
import { kill, plainEnv, pyglassRun, recordedSamples } from './e2e-helpers.js';

const heavyLight = join(import.meta.dirname, 'scripts', 'heavy_light.py');
const pythons = findPythons();
reportMatrix(pythons, 'pyroscope e2e');
const byLabel = (label: string) => pythons.find((p) => p.label === label);
const firstOf = (...labels: string[]) => labels.map(byLabel).find((p): p is PythonInterpreter => p !== undefined);
// The upload path does not depend on the interpreter: one host and one container-like (chroot)
// interpreter for record, and a mix of versions for the agent's discovery.
const host = firstOf('3.12', '3.11', '3.13', '3.10');
const other = firstOf('3.14-sid', '3.13-sid', '2.7', '3.9');
const agentPythons = ['2.7', '3.9', '3.12', '3.13', '3.11'].map(byLabel).filter((p): p is PythonInterpreter => p !== undefined && p.root === undefined);
const freshPython = firstOf('3.14-sid', '3.13-sid', '3.15-sid');
console.log(`[pyroscope e2e] record on ${host?.label ?? 'none'} (ingest) and ${other?.label ?? 'none'} (push); agent on ${agentPythons.slice(0, 3).map((p) => p.label).join(', ') || 'none'} + a newcomer on ${freshPython?.label ?? agentPythons[3 % Math.max(1, agentPythons.length)]?.label ?? 'none'}`);

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.log('[pyroscope e2e] SKIPPED the https case: no openssl to make a test certificate');

const children: ChildProcess[] = [];
const receivers: PyroscopeReceiver[] = [];
let dir = '';
beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'pyglass-pyroscope-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) kill(c);
  for (const r of receivers.splice(0)) await r.down();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function receiver(): Promise<PyroscopeReceiver> {
  const r = await new PyroscopeReceiver().up();
  receivers.push(r);
  return r;
}

async function target(py: PythonInterpreter, script = heavyLight, env?: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawnPython(py, script, ['0'], env ? { env: { ...process.env, ...env } } : {});
  children.push(child);
  await waitForOutput(child, 'READY');
  return child;
}

const byTime = (a: ReceivedProfile, b: ReceivedProfile) => a.from - b.from;

/** Runs pyglass; `started` resolves once it says it is sampling (attaching can take a while on a loaded machine). */
function pyglassSampling(args: string[]): { done: ReturnType<typeof pyglassRun>; started: Promise<void>; child: () => ChildProcess | undefined; printed: (re: RegExp, what: string) => Promise<void> } {
  let resolveStarted: () => void = () => {};
  let spawned: ChildProcess | undefined;
  let err = '';
  const started = new Promise<void>((resolve) => {
    resolveStarted = resolve;
  });
  const done = pyglassRun(args, {
    timeout: 240_000,
    onSpawn: (child) => {
      spawned = child;
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('Sampling process')) resolveStarted();
      });
    },
  });
  void done.then(() => resolveStarted());
  // a line pyglass printed on stderr (the record's events: a failed upload, a full queue)
  const printed = (re: RegExp, what: string) => until(() => re.test(err), 180_000, `${what} (${re}) on pyglass's stderr; it printed: ${err}`);
  return { done, started, child: () => spawned, printed };
}

describe.skipIf(host === undefined || other === undefined)('record --pyroscope', () => {
  it.each([
    ['ingest', () => host!],
    ['push', () => other!],
  ] as const)('%s: every window once, contiguous, labelled, with tenant and auth; the sum is what the sampler took', async (api, py) => {
    const r = await receiver();
    const child = await target(py());
    const out = join(dir, `${api}.pb.gz`);
    const run = pyglassSampling(['record', '-p', String(child.pid), '--pyroscope', r.url, '--pyroscope-api', api, '--app-name', 'e2e-app', '--tag', 'env=ci', '--tag', 'zone=a1',
      '--tenant-id', 'tenant-7', '--basic-auth', 'inst:key', '--upload-interval', '1', '-f', 'pprof', '-o', out]);
    // stopped (Control-C) once three windows of 1 s have arrived; the partial one is sent at the end
    await until(() => r.profiles.length >= 3, 180_000, 'three windows at the receiver');
    run.child()!.kill('SIGINT');
    const res = await run.done;
    expect(res.status, res.stderr).toBe(0);
    const profiles = [...r.profiles].sort(byTime);
    expect(profiles.length).toBeGreaterThanOrEqual(3);
    expect(new Set(profiles.map((p) => p.from)).size).toBe(profiles.length);
    for (let i = 1; i < profiles.length; i++) expect(profiles[i]!.from).toBe(profiles[i - 1]!.until);
    for (const p of profiles) {
      expect(p.api).toBe(api);
      expect(p.labels).toMatchObject({ service_name: 'e2e-app', pid: String(child.pid), env: 'ci', zone: 'a1' });
      expect(p.headers['x-scope-orgid']).toBe('tenant-7');
      expect(p.headers['authorization']).toBe(`Basic ${Buffer.from('inst:key').toString('base64')}`);
      expect(p.sampleTypes).toEqual(['samples/count', 'cpu/nanoseconds']);
      expect(p.profile.period).toBe(10_000_000);
    }
    const sent = profiles.reduce((n, p) => n + p.samples, 0);
    const taken = recordedSamples(res.stderr);
    expect(taken).toBeGreaterThan(0);
    expect(sent).toBe(taken);
    // -o still writes the file, with the same samples
    const file = Profile.decode(gunzipSync(readFileSync(out)));
    expect(file.sample.reduce((n, s) => n + Number(s.value[0]), 0)).toBe(taken);
    expect(res.stderr).toMatch(new RegExp(`Pyroscope: ${profiles.length} windows sent to ${r.url.replace(/[.]/g, '\\.')}, 0 retried, 0 dropped`));
  }, 300_000);

  it('-s: one series per process', async () => {
    const r = await receiver();
    const script = join(import.meta.dirname, '..', '..', 'sampler', 'test', 'scripts', 'subprocs.py');
    const parent = spawnPython(host!, script, ['60']);
    children.push(parent);
    const [, a, b] = /READY (\d+) (\d+)/.exec(await waitForOutput(parent, 'READY', 60_000))!.map(Number) as [number, number, number];
    try {
      const res = await pyglassRun(['record', '-s', '-p', String(parent.pid), '-d', '3', '--pyroscope', r.url, '--app-name', 'tree', '--upload-interval', '1'], { timeout: 90_000 });
      expect(res.status, res.stderr).toBe(0);
      const perPid = new Map<string, number>();
      for (const p of r.profiles) perPid.set(p.labels['pid']!, (perPid.get(p.labels['pid']!) ?? 0) + p.samples);
      expect(perPid.get(String(a))).toBeGreaterThan(0);
      expect(perPid.get(String(b))).toBeGreaterThan(0);
      for (const p of r.profiles) expect(p.labels['service_name']).toBe('tree');
      expect([...perPid.values()].reduce((n, c) => n + c, 0)).toBe(recordedSamples(res.stderr));
    } finally {
      for (const pid of [a, b]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
        }
      }
    }
  });

  it.each(['Control-C', 'target exit'] as const)('ended by %s: the last partial window is sent, nothing lost', async (how) => {
    const r = await receiver();
    const child = await target(host!);
    const run = pyglassSampling(['record', '-p', String(child.pid), '--pyroscope', r.url, '--app-name', 'ended', '--upload-interval', '1']);
    await run.started;
    await until(() => r.profiles.length >= 2, 180_000, 'two windows at the receiver');
    if (how === 'Control-C') {
      run.child()!.kill('SIGINT');
    } else {
      child.kill('SIGKILL');
    }
    const res = await run.done;
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toContain(how === 'Control-C' ? 'Control-C pressed' : 'process exited');
    for (let i = 1; i < r.profiles.length; i++) expect(r.profiles[i]!.from).toBe(r.profiles[i - 1]!.until);
    expect(r.profiles.reduce((n, p) => n + p.samples, 0)).toBe(recordedSamples(res.stderr));
  });

  it('server down at the start, up later: the queued windows arrive in order, once, and nothing is lost', async () => {
    const r = await receiver();
    await r.down();
    const child = await target(host!);
    const run = pyglassSampling(['record', '-p', String(child.pid), '--pyroscope', r.url, '--app-name', 'late', '--upload-interval', '1']);
    // the first window failed to go out: it (and the next ones) wait in the queue
    await run.printed(/upload to .* failed \(ECONNREFUSED/, 'the first failed upload');
    expect(r.profiles).toHaveLength(0);
    await r.up();
    await until(() => r.profiles.length >= 4, 180_000, 'four windows at the receiver once it is up');
    run.child()!.kill('SIGINT');
    const res = await run.done;
    expect(res.status, res.stderr).toBe(0);
    const profiles = r.profiles;
    // arrival order is window order, and the windows still tile the run
    for (let i = 1; i < profiles.length; i++) expect(profiles[i]!.from).toBe(profiles[i - 1]!.until);
    expect(profiles.reduce((n, p) => n + p.samples, 0)).toBe(recordedSamples(res.stderr));
    expect(res.stderr.match(/upload to .* failed \(ECONNREFUSED/g)).toHaveLength(1);
    expect(res.stderr).toMatch(/uploads to .* resumed after \d+ failed attempt/);
    expect(res.stderr).toMatch(/Pyroscope: \d+ windows sent to .*, [1-9]\d* retried, 0 dropped/);
  }, 300_000);

  it('the memory bound drops the oldest windows while the server is down, and says how many', async () => {
    const r = await receiver();
    await r.down();
    const child = await target(host!);
    const run = pyglassSampling(['record', '-p', String(child.pid), '--pyroscope', r.url, '--app-name', 'bounded', '--upload-interval', '1', '--max-queued-windows', '1']);
    // a window was dropped: the queue (one window) was full when the next one closed
    await run.printed(/upload queue full/, 'the first dropped window');
    await r.up();
    await until(() => r.profiles.length >= 1, 180_000, 'a window at the receiver once it is up');
    run.child()!.kill('SIGINT');
    const res = await run.done;
    expect(res.status, res.stderr).toBe(0);
    const m = /Pyroscope: (\d+) windows? sent to .*, \d+ retried, (\d+) dropped/.exec(res.stderr);
    expect(m, res.stderr).not.toBeNull();
    const [sent, dropped] = [Number(m![1]), Number(m![2])];
    expect(dropped).toBeGreaterThan(0);
    expect(r.profiles).toHaveLength(sent);
    expect(res.stderr.match(/upload queue full/g)).toHaveLength(1);
    // what arrived is fewer samples than were taken: exactly the dropped windows' worth is missing
    expect(r.profiles.reduce((n, p) => n + p.samples, 0)).toBeLessThan(recordedSamples(res.stderr));
  }, 300_000);

  it('a server that hangs: sampling is not slowed, the record still ends, unsent windows are counted', async () => {
    const r = await receiver();
    r.answer = () => 'hang';
    const child = await target(host!);
    const trace = join(dir, 'hung.trace.json');
    const res = await pyglassRun(['record', '-p', String(child.pid), '-d', '3', '-r', '100', '--pyroscope', r.url, '--app-name', 'hung', '--upload-interval', '1', '--upload-timeout', '2', '-f', 'chrometrace', '-o', trace], { timeout: 90_000 });
    // nothing reached the server: the run failed, says so last, and the file was still written
    expect(res.status, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/Error: no profile reached Pyroscope at http:\/\/127\.0\.0\.1:\d+: every upload failed .*; the profile was still written to '.*hung\.trace\.json'\.\n$/);
    expect(r.requests.length).toBeGreaterThan(0);
    expect(r.profiles).toHaveLength(0);
    // the uploads never answered, yet the sampling loop went on: the samples' times (µs) cover the 3 s
    // record, not only the first second before the first upload hung (how many a loaded machine takes varies)
    const ts = (JSON.parse(readFileSync(trace, 'utf8')) as Array<{ ph: string; ts: number }>).filter((e) => e.ph === 'B').map((e) => e.ts);
    expect(recordedSamples(res.stderr)).toBeGreaterThan(0);
    expect((Math.max(...ts) - Math.min(...ts)) / 1e6, `${ts.length} sample events`).toBeGreaterThan(1.5);
    expect(res.stderr).toMatch(/Pyroscope: 0 windows sent .* [1-9]\d* not sent \(server unreachable at exit\)/);
  });

  it('a 400 is not retried and is explained once', async () => {
    const r = await receiver();
    r.answer = () => 400;
    const child = await target(host!);
    const res = await pyglassRun(['record', '-p', String(child.pid), '-d', '3', '--pyroscope', r.url, '--app-name', 'refused', '--upload-interval', '1'], { timeout: 90_000 });
    // every window refused: nothing was stored, so the run failed
    expect(res.status, res.stderr).toBe(1);
    const said = res.stderr.split('\n').filter((l) => l.includes('refused a profile'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/HTTP 400.*test server answers 400.*not retried/);
    // one request per window: none was sent twice
    const m = /(\d+) refused by the server/.exec(res.stderr);
    expect(Number(m?.[1])).toBe(r.requests.length);
  });

  it.skipIf(!hasOpenssl)('https: TLS to a server whose certificate the system trusts (here through NODE_EXTRA_CA_CERTS)', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const r = new PyroscopeReceiver({ key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') });
    await r.up();
    receivers.push(r);
    const child = await target(host!);
    const args = ['record', '-p', String(child.pid), '-d', '2', '--pyroscope', r.url, '--app-name', 'tls', '--upload-interval', '1', '--auth-token', 'secret'];
    const res = await pyglassRun(args, { timeout: 90_000, env: plainEnv({ NODE_EXTRA_CA_CERTS: cert }) });
    expect(res.status, res.stderr).toBe(0);
    expect(r.profiles.length).toBeGreaterThan(0);
    expect(r.profiles[0]!.headers['authorization']).toBe('Bearer secret');
    expect(r.profiles.reduce((n, p) => n + p.samples, 0)).toBe(recordedSamples(res.stderr));
    // without trusting the certificate: refused by TLS, retried, counted, said once
    const untrusted = await pyglassRun([...args.slice(0, 3), '-d', '1', ...args.slice(5), '--upload-timeout', '1']);
    expect(untrusted.status, untrusted.stderr).toBe(1);
    expect(untrusted.stderr.match(/upload to .* failed \(/g)).toHaveLength(1);
    expect(untrusted.stderr).toMatch(/0 windows sent .* [1-9]\d* not sent/);
  });

  it('bad flags fail before sampling, in one line', async () => {
    const bad = await pyglassRun(['record', '-p', '1', '--pyroscope', 'ftp://x', '-d', '1']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('only http:// and https://');
    const tag = await pyglassRun(['record', '-p', '1', '--pyroscope', 'http://127.0.0.1:1', '--tag', 'novalue', '-d', '1']);
    expect(tag.status).toBe(2);
    expect(tag.stderr).toContain('KEY=VALUE');
  });
});

describe.skipIf(agentPythons.length < 2)('agent', () => {
  it('profiles exactly the matching live Python processes, follows exits and starts, stops cleanly on SIGTERM', async () => {
    const r = await receiver();
    const token = `m${process.pid}x${Date.now() % 100000}`;
    const matching = join(dir, `worker_${token}.py`);
    const otherScript = join(dir, 'unrelated_worker.py');
    copyFileSync(heavyLight, matching);
    copyFileSync(heavyLight, otherScript);
    const pick = (i: number) => agentPythons[i % agentPythons.length]!;
    const m1 = await target(pick(0), matching, { PYGLASS_SVC: 'billing' });
    const m2 = await target(pick(1), matching, { PYGLASS_SVC: 'search' });
    const m3 = await target(pick(2), matching);
    const outsider = await target(pick(0), otherScript, { PYGLASS_SVC: 'outsider' });
    let agent: ChildProcess | undefined;
    const run = pyglassRun(['agent', '--pyroscope', r.url, '--match', token, '--app-name-from', 'env:PYGLASS_SVC', '--rate', '50', '--upload-interval', '1', '--tag', 'host=ci'], {
      timeout: 120_000,
      onSpawn: (c) => {
        agent = c;
      },
    });
    const pidsIn = (ps: ReceivedProfile[]) => new Set(ps.map((p) => Number(p.labels['pid'])));
    const has = (pid: number | undefined) => r.profiles.some((p) => Number(p.labels['pid']) === pid);
    await until(() => has(m1.pid) && has(m2.pid) && has(m3.pid), 60_000, 'uploads from the three matching processes');

    // one exits, one starts
    const exitedPid = m2.pid!;
    m2.kill('SIGKILL');
    const killedAt = Date.now();
    // the newcomer runs in a chroot when one is provisioned (the container case)
    const m4 = await target(freshPython ?? pick(3), matching, { PYGLASS_SVC: 'fresh' });
    await until(() => r.profiles.some((p) => Number(p.labels['pid']) === m4.pid && p.from > killedAt), 60_000, 'uploads from the new process');
    // two more windows after the new one appeared, then stop
    const seen = r.profiles.length;
    await until(() => r.profiles.length >= seen + 4, 30_000, 'more windows');
    agent!.kill('SIGTERM');
    const res = await run;
    expect(res.status, res.stderr).toBe(0);

    const all = r.profiles;
    expect(pidsIn(all)).toEqual(new Set([m1.pid, m2.pid, m3.pid, m4.pid]));
    expect(has(outsider.pid)).toBe(false);
    const names = new Map(all.map((p) => [Number(p.labels['pid']), p.labels['service_name']]));
    expect(names.get(m1.pid!)).toBe('billing');
    expect(names.get(m2.pid!)).toBe('search');
    // no PYGLASS_SVC: the script name from the command line
    expect(names.get(m3.pid!)).toBe(`worker_${token}`);
    expect(names.get(m4.pid!)).toBe('fresh');
    for (const p of all) expect(p.labels['host']).toBe('ci');
    // the exited process stops appearing: the last windows hold exactly the live ones
    const lastFrom = Math.max(...all.map((p) => p.from));
    const lastWindows = all.filter((p) => p.from >= lastFrom - 1500);
    expect(pidsIn(lastWindows)).toEqual(new Set([m1.pid, m3.pid, m4.pid]));
    expect(all.filter((p) => Number(p.labels['pid']) === exitedPid).every((p) => p.from < killedAt + 1)).toBe(true);
    expect(res.stderr).toContain(`pid ${exitedPid} ('search') exited`);
    expect(res.stderr).toMatch(/agent: stopped\. Processes profiled: 4 \(1 exited meanwhile\)/);
    expect(res.stderr).toMatch(/Pyroscope: \d+ windows sent .*0 dropped/);
  });
});
