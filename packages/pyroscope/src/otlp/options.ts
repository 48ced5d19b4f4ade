import { LineNo } from '@pyglass/model';
import { defaultMaxQueueBytes, defaultMaxQueueWindows, defaultUploadIntervalSeconds, defaultUploadTimeoutSeconds } from '../options.js';
import { OtlpOptionsError } from '../errors.js';
import type { ProcessDescription } from '../process.js';

/** The path of the profiles signal, appended to a base URL (`--otlp`, OTEL_EXPORTER_OTLP_ENDPOINT). */
export const profilesPath = 'v1development/profiles';

export const otlpCompressions = ['gzip', 'none'] as const;
export type OtlpCompression = (typeof otlpCompressions)[number];

export interface OtlpOptions {
  /**
   * Base URL of the receiver (an OTel Collector's OTLP/HTTP port, e.g. http://localhost:4318): the
   * request goes to URL + `/v1development/profiles`. Undefined: the endpoint comes from the
   * environment (OTEL_EXPORTER_OTLP_PROFILES_ENDPOINT as is, else OTEL_EXPORTER_OTLP_ENDPOINT + the path).
   */
  url?: string | undefined;
  /** Extra request headers (`--otlp-header K=V`), over those of the environment. */
  headers?: ReadonlyArray<readonly [string, string]> | undefined;
  /** The variables OTEL_EXPORTER_OTLP_* are read from (default: process.env). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** `service.name` of every resource, or a function giving it per process (the agent). */
  serviceName: string | ((pid: number) => string);
  /** What is known of a process (`process.*`, `container.id`, `k8s.pod.uid`); asked once per process and window. */
  describeProcess?: ((pid: number) => ProcessDescription) | undefined;
  /** `host.name` (default: os.hostname()). */
  hostName?: string | undefined;
  /** Extra attributes of every resource (`--tag KEY=VALUE`). */
  resourceAttributes?: ReadonlyArray<readonly [string, string]> | undefined;
  /** Samples per second: the profile's period is 1e9 / rate ns. */
  sampleRate: number;
  /** Idle traces are included: the sample type is wall, not cpu. */
  wallTime?: boolean | undefined;
  /** The sampler's line numbers (Config.lineNo): `LineNo.First` with --function, `LineNo.NoLine` with --nolineno. */
  lineNo?: LineNo | `${LineNo}` | undefined;
  uploadIntervalSeconds?: number | undefined;
  /** One request's timeout and the bound on the final flush (default: the environment's, else 10 s). */
  uploadTimeoutSeconds?: number | undefined;
  maxQueueBytes?: number | undefined;
  maxQueueWindows?: number | undefined;
  /** Default: the environment's, else gzip. */
  compression?: OtlpCompression | undefined;
  log?: ((line: string) => void) | undefined;
  /** `User-Agent`, and the instrumentation scope's name/version (`pyglass/0.1.0`). */
  userAgent?: string | undefined;
}

export interface ResolvedOtlpOptions {
  endpoint: URL;
  headers: Record<string, string>;
  serviceName: (pid: number) => string;
  describeProcess: ((pid: number) => ProcessDescription) | undefined;
  hostName: string | undefined;
  resourceAttributes: ReadonlyArray<readonly [string, string]>;
  sampleRate: number;
  wallTime: boolean;
  lineNo: LineNo | `${LineNo}`;
  uploadIntervalSeconds: number;
  uploadTimeoutSeconds: number;
  maxQueueBytes: number;
  maxQueueWindows: number;
  compression: OtlpCompression;
  log: (line: string) => void;
  userAgent: string;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new OtlpOptionsError(`invalid ${name} ${String(value)}: it must be a positive number.`);
  return v;
}

function httpUrl(text: string, from: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e; // ERR_INVALID_URL
    throw new OtlpOptionsError(`invalid OTLP endpoint '${text}' (${from}): give an http:// or https:// URL such as http://localhost:4318.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OtlpOptionsError(`invalid OTLP endpoint '${text}' (${from}): only OTLP/HTTP (http:// or https://) is supported.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new OtlpOptionsError(`invalid OTLP endpoint '${text}' (${from}): give credentials as a header (--otlp-header Authorization=…), not in the URL.`);
  }
  return url;
}

/** A base URL with the signal's path appended, as the OTel SDKs do for OTEL_EXPORTER_OTLP_ENDPOINT. */
export function signalUrl(base: URL): URL {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}${profilesPath}`;
  return url;
}

/** The endpoint: the option (a base), else the signal-specific variable as is, else the generic one + the path. */
export function resolveEndpoint(url: string | undefined, env: Readonly<Record<string, string | undefined>>): URL {
  if (url !== undefined) return signalUrl(httpUrl(url, '--otlp'));
  const specific = env['OTEL_EXPORTER_OTLP_PROFILES_ENDPOINT']?.trim();
  if (specific) return httpUrl(specific, 'OTEL_EXPORTER_OTLP_PROFILES_ENDPOINT');
  const generic = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (generic) return signalUrl(httpUrl(generic, 'OTEL_EXPORTER_OTLP_ENDPOINT'));
  throw new OtlpOptionsError('no OTLP endpoint: give --otlp URL, or set OTEL_EXPORTER_OTLP_PROFILES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT.');
}

/** An HTTP header name (RFC 9110 token). */
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * OTEL_EXPORTER_OTLP_*_HEADERS: comma-separated `key=value` pairs, values percent-decoded (the W3C
 * baggage form the specification names). Throws OtlpOptionsError for an entry without `=`.
 */
export function parseHeaderList(text: string, from: string): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const key = eq < 0 ? '' : entry.slice(0, eq).trim();
    if (!headerName.test(key)) throw new OtlpOptionsError(`invalid header '${entry.trim()}' in ${from}: write key=value pairs separated by commas.`);
    let value = entry.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch (error) {
      if (!(error instanceof URIError)) throw error;
    }
    headers.push([key, value]);
  }
  return headers;
}

/** `K=V` of --otlp-header: the value as given (not percent-decoded). */
export function parseHeaderFlag(text: string): [string, string] {
  const eq = text.indexOf('=');
  const key = eq < 0 ? '' : text.slice(0, eq).trim();
  if (!headerName.test(key)) throw new OtlpOptionsError(`invalid header '${text}': write it as NAME=VALUE.`);
  return [key, text.slice(eq + 1)];
}

/** The signal-specific variable if set, else the generic one (OTEL_EXPORTER_OTLP_PROFILES_X, OTEL_EXPORTER_OTLP_X). */
function envSetting(env: Readonly<Record<string, string | undefined>>, what: string): [string, string] | undefined {
  for (const name of [`OTEL_EXPORTER_OTLP_PROFILES_${what}`, `OTEL_EXPORTER_OTLP_${what}`]) {
    const value = env[name]?.trim();
    if (value) return [name, value];
  }
  return undefined;
}

/** Applies the environment and the defaults, checks everything once, before sampling starts. */
export function resolveOtlpOptions(options: OtlpOptions): ResolvedOtlpOptions {
  const env = options.env ?? process.env;
  const endpoint = resolveEndpoint(options.url, env);
  const headers: Record<string, string> = {};
  const envHeaders = envSetting(env, 'HEADERS');
  if (envHeaders !== undefined) for (const [k, v] of parseHeaderList(envHeaders[1], envHeaders[0])) headers[k] = v;
  for (const [k, v] of options.headers ?? []) headers[k] = v;
  let timeoutSeconds = options.uploadTimeoutSeconds;
  const envTimeout = envSetting(env, 'TIMEOUT');
  if (timeoutSeconds === undefined && envTimeout !== undefined) {
    // milliseconds, as the specification says
    const ms = Number(envTimeout[1]);
    if (!/^\d+$/.test(envTimeout[1]) || ms <= 0) throw new OtlpOptionsError(`invalid ${envTimeout[0]} '${envTimeout[1]}': a positive number of milliseconds.`);
    timeoutSeconds = ms / 1000;
  }
  let compression = options.compression;
  const envCompression = envSetting(env, 'COMPRESSION');
  if (compression === undefined && envCompression !== undefined) {
    if (!(otlpCompressions as readonly string[]).includes(envCompression[1])) {
      throw new OtlpOptionsError(`invalid ${envCompression[0]} '${envCompression[1]}': choose ${otlpCompressions.join(' or ')}.`);
    }
    compression = envCompression[1] as OtlpCompression;
  }
  const name = options.serviceName;
  if (typeof name === 'string' && name === '') throw new OtlpOptionsError('the service name is empty.');
  return {
    endpoint,
    headers,
    serviceName: typeof name === 'string' ? () => name : name,
    describeProcess: options.describeProcess,
    hostName: options.hostName,
    resourceAttributes: options.resourceAttributes ?? [],
    sampleRate: positive('sample rate', options.sampleRate, 100),
    wallTime: options.wallTime ?? false,
    lineNo: options.lineNo ?? LineNo.LastInstruction,
    uploadIntervalSeconds: positive('upload interval', options.uploadIntervalSeconds, defaultUploadIntervalSeconds),
    uploadTimeoutSeconds: positive('upload timeout', timeoutSeconds, defaultUploadTimeoutSeconds),
    maxQueueBytes: positive('queue size', options.maxQueueBytes, defaultMaxQueueBytes),
    maxQueueWindows: Math.floor(positive('queue length', options.maxQueueWindows, defaultMaxQueueWindows)),
    compression: compression ?? 'gzip',
    log: options.log ?? ((line: string) => process.stderr.write(`${line}\n`)),
    userAgent: options.userAgent ?? 'pyglass',
  };
}
