/**
 * The Pyroscope flags shared by `record --pyroscope` and `agent`: one definition of each, and the
 * conversion to the uploader's options.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { PyroscopeFlags } from './option-types.js';
import { defaultUploadTimeoutSeconds, OtlpOptionsError, parseHeaderFlag, parseTag, pyroscopeApis, PyroscopeOptionsError, type OtlpOptions, type PyroscopeOptions } from '@pyglass/pyroscope';

export type { PyroscopeFlags } from './option-types.js';

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) throw new InvalidArgumentError(`expected a positive number of seconds, not '${value}'.`);
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, not '${value}'.`);
  return n;
}

function collectTag(value: string, previous: Array<[string, string]>): Array<[string, string]> {
  try {
    return [...previous, parseTag(value)];
  } catch (error) {
    if (error instanceof PyroscopeOptionsError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

function collectHeader(value: string, previous: Array<[string, string]>): Array<[string, string]> {
  try {
    return [...previous, parseHeaderFlag(value)];
  } catch (error) {
    if (error instanceof OtlpOptionsError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

function basicAuthValue(value: string): string {
  if (!value.includes(':')) throw new InvalidArgumentError('write it as USER:PASSWORD.');
  return value;
}

/** Adds the Pyroscope and OTLP flags to `command` (record: beside a file; agent: one of the two is needed). */
export function addPyroscopeFlags(command: Command): Command {
  return command
    .addOption(new Option('--pyroscope <url>', 'Send the profile to this Grafana Pyroscope (or Alloy) URL continuously, one window per --upload-interval'))
    .addOption(
      new Option('--otlp [url]', 'Send the profile as OTLP profiles to this OTLP/HTTP receiver (e.g. an OpenTelemetry Collector, http://localhost:4318) continuously; without a URL, from OTEL_EXPORTER_OTLP_PROFILES_ENDPOINT / OTEL_EXPORTER_OTLP_ENDPOINT'),
    )
    .addOption(new Option('--otlp-header <name=value>', 'Header of every OTLP request, over OTEL_EXPORTER_OTLP_HEADERS (repeatable)').argParser(collectHeader).default([], 'none'))
    .addOption(new Option('--app-name <name>', 'Service name (Pyroscope application, OTLP service.name)'))
    .addOption(new Option('--tag <key=value>', 'Label on every series (Pyroscope) and attribute of every resource (OTLP) (repeatable)').argParser(collectTag).default([], 'none'))
    .addOption(new Option('--upload-interval <seconds>', 'Length of each uploaded window').argParser(positiveSeconds).default(10))
    .addOption(new Option('--upload-timeout <seconds>', 'Timeout of one upload, and the longest wait for the last uploads at exit (default: 10, or OTEL_EXPORTER_OTLP_TIMEOUT for OTLP)').argParser(positiveSeconds))
    .addOption(new Option('--tenant-id <id>', 'Pyroscope tenant (X-Scope-OrgID header)').env('PYROSCOPE_TENANT_ID'))
    .addOption(new Option('--basic-auth <user:password>', 'HTTP basic auth (Grafana Cloud: instance id and API token)').argParser(basicAuthValue).env('PYROSCOPE_BASIC_AUTH').conflicts('authToken'))
    .addOption(new Option('--auth-token <token>', 'Bearer token').env('PYROSCOPE_AUTH_TOKEN'))
    .addOption(new Option('--pyroscope-api <api>', 'Upload API: ingest (/ingest with pprof) or push (Connect push.v1)').choices(pyroscopeApis).default('ingest'))
    .addOption(new Option('--max-queued-windows <n>', 'While the server is unreachable keep at most this many windows (then drop the oldest)').argParser(positiveInteger).default(360))
    .addOption(new Option('--max-queue-mb <mb>', 'While the server is unreachable keep at most this many MiB of windows (then drop the oldest)').argParser(positiveInteger).default(64));
}

/** The uploader's options from the flags (the caller adds the rate, the name function and the log). */
export function pyroscopeOptionsFrom(flags: PyroscopeFlags & { pyroscope: string }): Omit<PyroscopeOptions, 'appName' | 'sampleRate'> {
  const colon = flags.basicAuth?.indexOf(':') ?? -1;
  return {
    url: flags.pyroscope,
    tags: flags.tag,
    api: flags.pyroscopeApi,
    uploadIntervalSeconds: flags.uploadInterval,
    uploadTimeoutSeconds: flags.uploadTimeout ?? defaultUploadTimeoutSeconds,
    tenantId: flags.tenantId,
    basicAuth: flags.basicAuth !== undefined && colon > 0 ? { user: flags.basicAuth.slice(0, colon), password: flags.basicAuth.slice(colon + 1) } : undefined,
    authToken: flags.authToken,
    maxQueueWindows: flags.maxQueuedWindows,
    maxQueueBytes: flags.maxQueueMb * 1024 * 1024,
  };
}

/** The OTLP uploader's options from the flags (the caller adds the rate, the name function and the log). */
export function otlpOptionsFrom(flags: PyroscopeFlags & { otlp: string | true }): Omit<OtlpOptions, 'serviceName' | 'sampleRate'> {
  return {
    url: flags.otlp === true ? undefined : flags.otlp,
    headers: flags.otlpHeader,
    resourceAttributes: flags.tag,
    uploadIntervalSeconds: flags.uploadInterval,
    uploadTimeoutSeconds: flags.uploadTimeout,
    maxQueueWindows: flags.maxQueuedWindows,
    maxQueueBytes: flags.maxQueueMb * 1024 * 1024,
  };
}

// The service name of a Python command line is also the default output file's name (program-name.ts).
export { serviceNameFromCommandLine } from '../program-name.js';
