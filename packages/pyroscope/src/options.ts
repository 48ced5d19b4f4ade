import { LineNo } from '@pyglass/model';
import { PyroscopeOptionsError } from './errors.js';
import type { ProcessDescription } from './process.js';
import { checkLabelName, checkLabelValue, checkServiceName } from './labels.js';

/** The two upload APIs: `/ingest` with a pprof body, or the Connect `PusherService/Push`. */
export const pyroscopeApis = ['ingest', 'push'] as const;
export type PyroscopeApi = (typeof pyroscopeApis)[number];

export interface PyroscopeOptions {
  /** Base URL of the server (Pyroscope, Grafana Cloud Profiles, or Alloy's pyroscope.receive_http). */
  url: string;
  /** Service name of every series, or a function giving it per process (the agent). */
  appName: string | ((pid: number) => string);
  /** Extra series labels (`--tag KEY=VALUE`). */
  tags?: ReadonlyArray<readonly [string, string]> | undefined;
  api?: PyroscopeApi | undefined;
  /** Window length in seconds (default 10, Pyroscope's). */
  uploadIntervalSeconds?: number | undefined;
  /** `X-Scope-OrgID`. */
  tenantId?: string | undefined;
  basicAuth?: { user: string; password: string } | undefined;
  /** `Authorization: Bearer …`. */
  authToken?: string | undefined;
  /** Samples per second the sampler takes (pprof period, ingest `sampleRate`). */
  sampleRate: number;
  /** Idle traces are included: the profile is wall time, not CPU. */
  wallTime?: boolean | undefined;
  /** Label samples with thread_id / thread_name (`--threads`). */
  threadLabels?: boolean | undefined;
  /** The sampler's line numbers (Config.lineNo): `LineNo.First` with --function, `LineNo.NoLine` with --nolineno. */
  lineNo?: LineNo | `${LineNo}` | undefined;
  /** Queued windows beyond this many bytes drop the oldest (default 64 MiB). */
  maxQueueBytes?: number | undefined;
  /** Queued windows beyond this many drop the oldest (default 360: an hour of 10 s windows). */
  maxQueueWindows?: number | undefined;
  /** One request's timeout, and the bound on the final flush, in seconds (default 10). */
  uploadTimeoutSeconds?: number | undefined;
  /** Where one-line notices go (outage, recovery, rejection). Default: stderr. */
  log?: ((line: string) => void) | undefined;
  /** User-Agent product token, e.g. `pyglass/0.1.0`. */
  userAgent?: string | undefined;
  /** What is known of a process (container labels); asked once per process and window. */
  describeProcess?: ((pid: number) => ProcessDescription) | undefined;
}

export const defaultUploadIntervalSeconds = 10;
export const defaultMaxQueueBytes = 64 * 1024 * 1024;
export const defaultMaxQueueWindows = 360;
export const defaultUploadTimeoutSeconds = 10;

/** Options with defaults applied, checked. */
export type ResolvedOptions = Required<Omit<PyroscopeOptions, 'tenantId' | 'basicAuth' | 'authToken' | 'describeProcess'>> &
  Pick<PyroscopeOptions, 'tenantId' | 'basicAuth' | 'authToken' | 'describeProcess'> & { baseUrl: URL };

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new PyroscopeOptionsError(`invalid ${name} ${String(value)}: it must be a positive number.`);
  return v;
}

/** Applies defaults and checks everything once, before any sampling starts. */
export function resolveOptions(options: PyroscopeOptions): ResolvedOptions {
  let baseUrl: URL;
  try {
    baseUrl = new URL(options.url);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e; // ERR_INVALID_URL
    throw new PyroscopeOptionsError(`invalid Pyroscope URL '${options.url}': give an http:// or https:// URL such as http://localhost:4040.`);
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') {
    throw new PyroscopeOptionsError(`invalid Pyroscope URL '${options.url}': only http:// and https:// are supported.`);
  }
  let basicAuth = options.basicAuth;
  // fetch refuses credentials in URLs: https://user:pass@host is turned into basic auth
  if (baseUrl.username !== '' || baseUrl.password !== '') {
    basicAuth ??= { user: decodeURIComponent(baseUrl.username), password: decodeURIComponent(baseUrl.password) };
    baseUrl.username = '';
    baseUrl.password = '';
  }
  if (basicAuth !== undefined && options.authToken !== undefined) {
    throw new PyroscopeOptionsError('give either basic auth or a bearer token, not both.');
  }
  if (typeof options.appName === 'string') checkServiceName(options.appName);
  const tags = options.tags ?? [];
  const seen = new Set<string>();
  for (const [k, v] of tags) {
    checkLabelName(k);
    checkLabelValue(k, v);
    if (seen.has(k)) throw new PyroscopeOptionsError(`tag '${k}' is given twice.`);
    seen.add(k);
  }
  const api = options.api ?? 'ingest';
  if (!(pyroscopeApis as readonly string[]).includes(api)) {
    throw new PyroscopeOptionsError(`unknown Pyroscope API '${String(api)}': choose ${pyroscopeApis.join(' or ')}.`);
  }
  return {
    url: options.url,
    baseUrl,
    appName: options.appName,
    tags,
    api,
    uploadIntervalSeconds: positive('upload interval', options.uploadIntervalSeconds, defaultUploadIntervalSeconds),
    tenantId: options.tenantId,
    basicAuth,
    authToken: options.authToken,
    sampleRate: positive('sample rate', options.sampleRate, 100),
    wallTime: options.wallTime ?? false,
    threadLabels: options.threadLabels ?? false,
    lineNo: options.lineNo ?? LineNo.LastInstruction,
    maxQueueBytes: positive('queue size', options.maxQueueBytes, defaultMaxQueueBytes),
    maxQueueWindows: Math.floor(positive('queue length', options.maxQueueWindows, defaultMaxQueueWindows)),
    uploadTimeoutSeconds: positive('upload timeout', options.uploadTimeoutSeconds, defaultUploadTimeoutSeconds),
    log: options.log ?? ((line: string) => process.stderr.write(`${line}\n`)),
    userAgent: options.userAgent ?? 'pyglass',
    describeProcess: options.describeProcess,
  };
}
