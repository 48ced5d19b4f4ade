/**
 * `record --otlp` and `agent --otlp` end to end: the built bin against live Python targets, sending
 * to an OTLP/HTTP profiles receiver on 127.0.0.1 (tools/testing/otlp-receiver.ts: decoded with the
 * generated schema, every dictionary index checked) and, beside it, to the Pyroscope receiver. As
 * root, the agent with targets in cgroups named like Docker and kubepods containers (cgroup v1
 * `pids` hierarchy; removed after) and one in its own pid namespace in the sid root. The uploader's
 * faults are covered exactly in packages/pyroscope/test/otlp.test.ts.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cacheDir, findPythons, otlpProtoPython, pythonCommand, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { OtlpReceiver, type ExportSummary } from '../../../tools/testing/otlp-receiver.js';
import { TestCgroups } from '../../../tools/testing/cgroups.js';
import { PyroscopeReceiver, until } from '../../../tools/testing/pyroscope-receiver.js';
import { containerSelected } from '../src/commands/agent/discovery.js';
import { main } from '../src/main.js';
import type { CommandRequest } from '../src/commands/request.js';
import { cliSuite, goOnSampling, repoRoot } from './helpers.js';
import { kill, plainEnv, pyglassRun, recordedSamples } from './e2e-helpers.js';

const heavyLight = join(import.meta.dirname, 'scripts', 'heavy_light.py');
const pythons = findPythons();
reportMatrix(pythons, 'otlp e2e');
const byLabel = (label: string) => pythons.find((p) => p.label === label);
const firstOf = (...labels: string[]) => labels.map(byLabel).find((p): p is PythonInterpreter => p !== undefined);
// the export does not depend on the interpreter: one host interpreter, and one of the sid root for the pid namespace case
const host = firstOf('3.12', '3.11', '3.13', '3.10');
const sid = firstOf('3.14-sid', '3.13-sid', '3.15-sid');
console.log(`[otlp e2e] record on ${host?.label ?? 'none'}; containers: host ${host?.label ?? 'none'} + ${sid?.label ?? 'none'} in its own pid namespace`);

const children: ChildProcess[] = [];
const receivers: Array<OtlpReceiver | PyroscopeReceiver> = [];
const suite = cliSuite('pyglass-otlp-');
/** Interpreters started in a pid namespace (killed directly too, whatever happened to unshare). */
const innerPids: number[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) kill(c);
  for (const pid of innerPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  for (const r of receivers.splice(0)) await r.down();
});

async function up<R extends OtlpReceiver | PyroscopeReceiver>(r: R): Promise<R> {
  receivers.push(await r.up());
  return r;
}

async function target(py: PythonInterpreter): Promise<ChildProcess> {
  const child = spawnPython(py, heavyLight, ['0']);
  children.push(child);
  await waitForOutput(child, 'READY');
  return child;
}

type Profile = ExportSummary['resources'][number]['profiles'][number];
const profilesOf = (r: OtlpReceiver) => r.exports.flatMap((e) => e.summary.resources.map((res) => ({ res, profile: res.profiles[0]! })));

describe.skipIf(host === undefined)('record --otlp', () => {
  it('beside --pyroscope: both get every sample; resources by the semantic conventions; windows contiguous, timestamps inside', async () => {
    const otlp = await up(new OtlpReceiver());
    const pyro = await up(new PyroscopeReceiver());
    const child = await target(host!);
    // stopped (Control-C) once three windows of 1 s have reached the OTLP receiver (a duration could
    // pass on a busy machine with fewer windows); the partial last one is sent at the end
    const res = await pyglassRun(
      ['record', '-p', String(child.pid), '--otlp', otlp.url, '--otlp-header', 'X-Tenant=team-a', '--pyroscope', pyro.url, '--app-name', 'e2e-app', '--tag', 'env=ci', '--upload-interval', '1'],
      {
        timeout: 240_000,
        env: plainEnv({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20tok' }),
        onSpawn: (record) => {
          until(() => profilesOf(otlp).length >= 3, 180_000, 'three windows at the OTLP receiver').then(() => record.kill('SIGINT'), (error: Error) => {
            console.error(`[otlp e2e] ${error.message}`);
            record.kill('SIGKILL');
          });
        },
      },
    );
    expect(res.status, res.stderr).toBe(0);
    const taken = recordedSamples(res.stderr);
    expect(taken).toBeGreaterThan(0);
    expect(otlp.samples).toBe(taken);
    expect(pyro.profiles.reduce((n, p) => n + p.samples, 0)).toBe(taken);
    const all = profilesOf(otlp).sort((a, b) => a.profile.timeMs - b.profile.timeMs);
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < all.length; i++) expect(all[i]!.profile.timeMs).toBe(all[i - 1]!.profile.timeMs + all[i - 1]!.profile.durationMs);
    for (const { res: resource, profile } of all) {
      expect(resource.attributes).toMatchObject({
        'service.name': 'e2e-app', 'process.pid': child.pid, 'process.runtime.name': 'CPython', env: 'ci',
        'process.executable.name': expect.stringMatching(/^python/), 'process.command_line': expect.stringContaining('heavy_light.py'),
      });
      expect(String(resource.attributes['process.runtime.version'])).toMatch(new RegExp(`^${host!.version.replace(/\./g, '\\.')}`));
      expect(resource.attributes['host.name']).toBeTruthy();
      expect(profile).toMatchObject<Partial<Profile>>({ sampleType: 'cpu/nanoseconds', period: 10_000_000, valueSum: profile.samples * 10_000_000 });
      expect(profile.minTimestampMs).toBeGreaterThanOrEqual(profile.timeMs);
      expect(profile.maxTimestampMs).toBeLessThan(profile.timeMs + profile.durationMs + 1);
    }
    for (const e of otlp.exports) {
      expect(e.headers['x-tenant']).toBe('team-a');
      expect(e.headers['authorization']).toBe('Bearer tok');
      expect(e.headers['content-encoding']).toBe('gzip');
    }
    expect(res.stderr).toMatch(/OTLP: \d+ windows sent to http:\/\/127\.0\.0\.1:\d+, 0 retried, 0 dropped/);
    // the official Python bindings read the same bytes alike
    if (existsSync(otlpProtoPython)) {
      const files = otlp.exports.map((e, i) => {
        const file = join(suite.dir, `record-${i}.bin`);
        writeFileSync(file, e.bytes);
        return file;
      });
      const python = JSON.parse(execFileSync(otlpProtoPython, [join(repoRoot, 'tools/testing/otlp_summary.py'), ...files], { encoding: 'utf8' })) as unknown;
      expect(python).toEqual(otlp.exports.map((e) => e.summary));
    } else console.log(`[otlp e2e] the Python bindings' check skipped: no ${otlpProtoPython} (tools/pythons/provision.sh otlp)`);
    expect(res.stderr).toMatch(/Pyroscope: \d+ windows sent/);
    expect(res.stderr).toContain('Sent to Pyroscope and OTLP.');
  }, 300_000);

  it('--otlp without a URL takes OTEL_EXPORTER_OTLP_PROFILES_ENDPOINT as is; 503s are retried', async () => {
    const otlp = await up(new OtlpReceiver());
    otlp.answer = (n) => (n <= 2 ? 503 : 200);
    const child = await target(host!);
    const res = await pyglassRun(['record', '-p', String(child.pid), '-d', '2', '--otlp', '--upload-interval', '1', '--idle'], {
      timeout: 90_000,
      env: plainEnv({ OTEL_EXPORTER_OTLP_PROFILES_ENDPOINT: `${otlp.url}/v1development/profiles`, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' }),
    });
    expect(res.status, res.stderr).toBe(0);
    expect(otlp.samples).toBe(recordedSamples(res.stderr));
    expect(profilesOf(otlp)[0]!.profile.sampleType).toBe('wall/nanoseconds');
    expect(res.stderr).toMatch(/OTLP: \d+ windows sent .*, [1-9]\d* retried, 0 dropped/);
  });

  it('bad OTLP settings fail before sampling, in one line', async () => {
    const noEndpoint = await pyglassRun(['record', '-p', '1', '--otlp', '-d', '1'], { env: plainEnv({}) });
    expect(noEndpoint.status).not.toBe(0);
    expect(noEndpoint.stderr).toContain('no OTLP endpoint');
    expect(noEndpoint.stderr.trim().split('\n')).toHaveLength(1);
    const header = await pyglassRun(['record', '-p', '1', '--otlp', 'http://127.0.0.1:1', '--otlp-header', 'novalue', '-d', '1']);
    expect(header.status).toBe(2);
    expect(header.stderr).toContain('NAME=VALUE');
    const compression = await pyglassRun(['record', '-p', '1', '--otlp', 'http://127.0.0.1:1', '-d', '1'], { env: plainEnv({ OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd' }) });
    expect(compression.status).not.toBe(0);
    expect(compression.stderr).toContain('OTEL_EXPORTER_OTLP_COMPRESSION');
    const agent = await pyglassRun(['agent']);
    expect(agent.status).not.toBe(0);
    expect(agent.stderr).toContain('--pyroscope URL, --otlp URL, or both');
  });
});

describe('--match-container / --exclude-container', () => {
  const info = (id: string) => ({ id, runtime: 'docker' as const, cgroupPath: `/docker/${id}` });
  it('prefixes select and exclude; a host process never matches --match-container', () => {
    const a = info('ab12'.padEnd(64, '0'));
    expect(containerSelected(a, { match: [], exclude: [] })).toBe(true);
    expect(containerSelected(undefined, { match: [], exclude: ['ab'] })).toBe(true);
    expect(containerSelected(undefined, { match: ['ab'], exclude: [] })).toBe(false);
    expect(containerSelected(a, { match: ['cd', 'ab1'], exclude: [] })).toBe(true);
    expect(containerSelected(a, { match: ['ab'], exclude: ['ab12'] })).toBe(false);
    expect(containerSelected(a, { match: [], exclude: ['cd'] })).toBe(true);
  });
});

// As root: cgroups whose paths name containers (v1 pids hierarchy), and a pid namespace.
const isRoot = process.getuid?.() === 0;
const pidsV1 = '/sys/fs/cgroup/pids';
const containerReason = !isRoot ? 'needs root' : !existsSync(`${pidsV1}/cgroup.procs`) ? `no cgroup v1 hierarchy at ${pidsV1}` : host === undefined ? 'no host interpreter' : sid === undefined ? 'no sid root interpreter' : undefined;
if (containerReason !== undefined) console.log(`[otlp e2e] SKIPPED the container case: ${containerReason}`);

const cgroups = new TestCgroups(pidsV1);
// cgroup v2 (the unified hierarchy of this hybrid set-up) where it is writable: a systemd-driver Docker scope
const unified = '/sys/fs/cgroup/unified';
const v2Cgroups = new TestCgroups(unified);
const v2Writable = v2Cgroups.writable;
if (containerReason === undefined && !v2Writable) console.log(`[otlp e2e] the cgroup v2 target is skipped: ${unified} is not writable`);
afterAll(() => {
  cgroups.removeAll();
  v2Cgroups.removeAll();
});

/** A sid-root interpreter as pid 1 of a new pid namespace (`unshare --pid --fork`); resolves to its host pid. */
async function inPidNamespace(py: PythonInterpreter): Promise<number> {
  // --kill-child: the interpreter (pid 1 there) dies with unshare rather than being reparented
  const [cmd, ...args] = ['unshare', '--pid', '--fork', '--kill-child', '--', ...pythonCommand(py, heavyLight, ['0'])];
  const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  await waitForOutput(child, 'READY');
  const inner = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]);
  innerPids.push(inner);
  // unshare's child is the interpreter itself (chroot execs it)
  expect(readFileSync(`/proc/${inner}/status`, 'utf8')).toMatch(/^NSpid:\s+\d+\s+1$/m);
  return inner;
}

describe.skipIf(containerReason !== undefined)('agent with containers (root)', () => {
  it('--match-container picks the containers; container and pod labels, NSpid, --app-name-from container', async () => {
    const otlp = await up(new OtlpReceiver());
    const pyro = await up(new PyroscopeReceiver());
    const dockerId = randomBytes(32).toString('hex');
    const podId = randomBytes(32).toString('hex');
    const podUid = '3c1f0e2a-7b6d-4e5f-9a8b-0c1d2e3f4a5b';
    const inDocker = await target(host!);
    writeFileSync(`${cgroups.make(['docker', dockerId])}/cgroup.procs`, String(inDocker.pid));
    const inPod = await inPidNamespace(sid!);
    writeFileSync(`${cgroups.make(['kubepods', 'besteffort', `pod${podUid}`, podId])}/cgroup.procs`, String(inPod));
    const v2Id = randomBytes(32).toString('hex');
    const inV2 = v2Writable ? await target(host!) : undefined;
    if (inV2 !== undefined) writeFileSync(`${v2Cgroups.make(['system.slice', `docker-${v2Id}.scope`])}/cgroup.procs`, String(inV2.pid));
    const outside = await target(host!);
    let agent: ChildProcess | undefined;
    const run = pyglassRun(
      ['agent', '--otlp', otlp.url, '--pyroscope', pyro.url, '--match', 'heavy_light', '--match-container', dockerId.slice(0, 10), '--match-container', podId.slice(0, 6),
        '--match-container', v2Id.slice(0, 8), '--app-name-from', 'container', '--rate', '50', '--upload-interval', '1'],
      { timeout: 120_000, onSpawn: (c) => (agent = c) },
    );
    const otlpPids = () => new Set(profilesOf(otlp).map((p) => p.res.attributes['process.pid']));
    const expected = new Set([inDocker.pid!, inPod, ...(inV2 !== undefined ? [inV2.pid!] : [])]);
    await until(() => [...expected].every((pid) => otlpPids().has(pid)), 60_000, 'OTLP uploads from every container');
    await until(() => new Set(pyro.profiles.map((p) => Number(p.labels['pid']))).size >= expected.size, 30_000, 'Pyroscope uploads from every container');
    agent!.kill('SIGTERM');
    const res = await run;
    expect(res.status, res.stderr).toBe(0);
    expect(otlpPids()).toEqual(expected);
    expect(pyro.profiles.some((p) => Number(p.labels['pid']) === outside.pid)).toBe(false);
    for (const { res: r } of profilesOf(otlp)) {
      if (inV2 !== undefined && r.attributes['process.pid'] === inV2.pid) {
        expect(r.attributes).toMatchObject({ 'container.id': v2Id, 'service.name': v2Id.slice(0, 12) });
      } else if (r.attributes['process.pid'] === inDocker.pid) {
        expect(r.attributes).toMatchObject({ 'container.id': dockerId, 'service.name': dockerId.slice(0, 12) });
        expect(r.attributes['k8s.pod.uid']).toBeUndefined();
        expect(r.attributes['pyglass.ns_pid']).toBeUndefined();
      } else {
        expect(r.attributes).toMatchObject({ 'container.id': podId, 'k8s.pod.uid': podUid, 'pyglass.ns_pid': 1, 'service.name': podId.slice(0, 12) });
        expect(String(r.attributes['process.runtime.version'])).toMatch(new RegExp(`^${sid!.version.replace(/\./g, '\\.')}`));
      }
    }
    for (const p of pyro.profiles) {
      if (inV2 !== undefined && Number(p.labels['pid']) === inV2.pid) expect(p.labels).toMatchObject({ container_id: v2Id });
      else if (Number(p.labels['pid']) === inDocker.pid) expect(p.labels).toMatchObject({ container_id: dockerId, service_name: dockerId.slice(0, 12) });
      else expect(p.labels).toMatchObject({ pid: String(inPod), container_id: podId, k8s_pod_uid: podUid, service_name: podId.slice(0, 12) });
    }
    expect(res.stderr).toContain(`in container ${podId.slice(0, 12)} (pid 1 there)`);
    expect(res.stderr).toMatch(/OTLP: \d+ windows sent/);
  });
});

// Span links against the real OpenTelemetry SDK (Debian's, extracted for host interpreters by
// tools/pythons/provision.sh otel): scripts/otel_servers.py serves requests in spans, each span name
// with its own heavy function, and writes the spans the SDK finished to a file.
const otelSitePackages = join(cacheDir, 'otel-host', 'usr', 'lib', 'python3', 'dist-packages');
const spanPython = existsSync(join(otelSitePackages, 'opentelemetry', 'sdk')) ? firstOf('3.12', '3.11', '3.13', '3.10') : undefined;
if (spanPython === undefined) console.log('[otlp e2e] SKIPPED the span link case: no host 3.10+ with the SDK (tools/pythons/provision.sh otel)');

describe.skipIf(spanPython === undefined)('record --otlp with span-linked samples', () => {
  it('samples in a span carry a Link to the span the SDK reported, and its span_name; none outside spans', async () => {
    const otlp = await up(new OtlpReceiver());
    const spansFile = join(suite.dir, 'spans.jsonl');
    const server = spawn(spanPython!.executable, [join(import.meta.dirname, 'scripts', 'otel_servers.py'), 'threaded', spansFile, '24'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONPATH: otelSitePackages },
    });
    children.push(server);
    await waitForOutput(server, 'ready', 60_000);
    const res = await pyglassRun(['record', '-p', String(server.pid), '--otlp', otlp.url, '-r', '200', '--upload-interval', '1'], {
      timeout: 180_000,
      onSpawn: goOnSampling(server),
    });
    expect(res.status, res.stderr).toBe(0);
    const reported = new Map(
      readFileSync(spansFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { name: string; trace_id: string; span_id: string }).map((s) => [s.span_id, s]),
    );
    const heavy: Record<string, string> = { heavy_alpha: 'work-alpha', heavy_beta: 'work-beta', heavy_inner: 'inner-beta' };
    let inHeavy = 0;
    let linked = 0;
    let outside = 0;
    for (const { message } of otlp.exports) {
      const d = message.dictionary!;
      const str = (i: number) => d.stringTable[i]!;
      for (const rp of message.resourceProfiles) {
        for (const s of rp.scopeProfiles[0]!.profiles[0]!.samples) {
          const functions = d.stackTable[s.stackIndex]!.locationIndices.map((l) => str(d.functionTable[d.locationTable[l]!.lines[0]!.functionIndex]!.nameStrindex));
          const attributes = Object.fromEntries(s.attributeIndices.map((a) => [str(d.attributeTable[a]!.keyStrindex), d.attributeTable[a]!.value?.value.value]));
          const link = s.linkIndex === 0 ? undefined : d.linkTable[s.linkIndex]!;
          const n = s.timestampsUnixNano.length;
          const fn = functions.find((f) => heavy[f] !== undefined);
          if (fn !== undefined) {
            inHeavy += n;
            if (link === undefined) continue;
            linked += n;
            const span = reported.get(Buffer.from(link.spanId).toString('hex'));
            expect(span, `a ${fn} sample links to a span the SDK did not report`).toBeDefined();
            expect({ trace: Buffer.from(link.traceId).toString('hex'), name: attributes['span_name'] }).toEqual({ trace: span!.trace_id, name: heavy[fn] });
          } else if (functions.some((f) => f === 'outside_span' || f === 'client' || f === 'serve_forever')) {
            outside += n;
            expect(link, `a sample outside every span (${functions.slice(0, 4).join(' < ')}) has a link`).toBeUndefined();
            expect(attributes['span_name']).toBeUndefined();
          }
        }
      }
    }
    console.log(`[otlp e2e] ${spanPython!.label}: ${linked}/${inHeavy} heavy-function samples link to their span; ${outside} samples outside spans, none linked; ${otlp.samples} sent, record says ${recordedSamples(res.stderr)}`);
    expect(otlp.samples).toBe(recordedSamples(res.stderr));
    // the heavy functions run only inside their spans (burning CPU time: a loaded machine stretches
    // them) and a blocking read sees the context whole: every one of their samples links its span
    expect(inHeavy).toBeGreaterThan(0);
    expect(linked).toBe(inHeavy);
  }, 240_000);
});

describe('docs/pyglass-agent-daemonset.yaml', () => {
  it('runs the agent with hostPID and SYS_PTRACE, and its flags parse', async () => {
    const text = readFileSync(join(repoRoot, 'docs', 'pyglass-agent-daemonset.yaml'), 'utf8');
    expect(text).toMatch(/^\s+hostPID: true$/m);
    expect(text).toMatch(/^\s+add: \["SYS_PTRACE"\]$/m);
    const command = JSON.parse(/^\s+command: (\[.*\])$/m.exec(text)![1]!) as string[];
    expect(command.slice(0, 3)).toEqual(['npx', '-y', 'pyglass']);
    const argsBlock = text.slice(text.indexOf('args:'), text.search(/^\s+env:$/m));
    const args = [...argsBlock.matchAll(/^\s+- (--\S+)/gm)].map((m) => m[1]!.replace(/\$\(\w+\)/g, 'x'));
    expect(args.length).toBeGreaterThan(0);
    const requests: CommandRequest[] = [];
    expect(await main([...command.slice(3), ...args], async (r) => (requests.push(r), 0))).toBe(0);
    expect(requests[0]).toMatchObject({ command: 'agent', options: { otlp: 'http://otel-collector.monitoring:4318', pyroscope: 'http://pyroscope.monitoring:4040' } });
  });
});
