import { LineNo } from '@pyglass/model';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { WindowUploader } from '../continuous.js';
import { ExportProfilesServiceRequestSchema, ExportProfilesServiceResponseSchema } from '../gen/opentelemetry/proto/collector/profiles/v1development/profiles_service_pb.js';
import { StatusSchema } from '../gen/google/rpc/status_pb.js';
import type { ResponseRules } from '../http.js';
import { unknownProcess } from '../process.js';
import type { Sender } from '../queue.js';
import type { PreparedRequest } from '../request.js';
import type { ProfileWindow } from '../window.js';
import { encodeWindow } from './encode.js';
import { resolveOtlpOptions, type OtlpOptions, type ResolvedOtlpOptions } from './options.js';
import { OtlpSeries } from './series.js';

const gzipAsync = promisify(gzip);

function isProtobuf(contentType: string | null): boolean {
  return contentType !== null && contentType.split(';')[0]!.trim().toLowerCase() === 'application/x-protobuf';
}

/** Decoding a server's answer must not fail the upload: a body that is not what it says is ignored. */
function tryDecode<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch (error) {
    if (error instanceof Error) return undefined;
    throw error;
  }
}

/**
 * OTLP/HTTP's answers: 429, 502, 503 and 504 are worth retrying (the specification's list; any other
 * 4xx or 5xx is not), an error body is a google.rpc.Status, and a 200 may carry a partial success.
 */
export const otlpResponses: ResponseRules = {
  retryable: (status) => status === 429 || status === 502 || status === 503 || status === 504,
  errorMessage(body, contentType) {
    if (!isProtobuf(contentType) || body.length === 0) return undefined;
    return tryDecode(() => fromBinary(StatusSchema, body).message) || undefined;
  },
  partialSuccess(body, contentType) {
    if (!isProtobuf(contentType) || body.length === 0) return undefined;
    const partial = tryDecode(() => fromBinary(ExportProfilesServiceResponseSchema, body).partialSuccess);
    if (partial === undefined || (partial.rejectedProfiles === 0n && partial.errorMessage === '')) return undefined;
    return `${partial.rejectedProfiles} profile${partial.rejectedProfiles === 1n ? '' : 's'} rejected${partial.errorMessage ? ` (${partial.errorMessage})` : ''}`;
  },
};

/**
 * Continuous profiling into an OTLP profiles receiver (an OpenTelemetry Collector, Pyroscope 2.0):
 * each window becomes one ExportProfilesServiceRequest (a resource per process) POSTed to
 * `…/v1development/profiles` as binary protobuf, by the same window uploader as Pyroscope's.
 */
export class OtlpUploader extends WindowUploader<OtlpSeries> {
  readonly options: ResolvedOtlpOptions;

  constructor(options: OtlpOptions, start = Date.now(), sender?: Sender) {
    const resolved = resolveOtlpOptions(options);
    super(
      resolved,
      { name: 'OTLP', target: resolved.endpoint.origin, log: resolved.log, rejectionHint },
      { serviceName: resolved.serviceName, describe: resolved.describeProcess ?? (() => unknownProcess) },
      () => new OtlpSeries(resolved.lineNo !== LineNo.NoLine),
      start,
      sender,
    );
    this.options = resolved;
  }

  protected async encode(window: ProfileWindow<OtlpSeries>): Promise<PreparedRequest[]> {
    const message = toBinary(ExportProfilesServiceRequestSchema, encodeWindow(window, this.options));
    const gzipped = this.options.compression === 'gzip';
    const headers: Record<string, string> = { 'User-Agent': this.options.userAgent, ...this.options.headers, 'Content-Type': 'application/x-protobuf' };
    if (gzipped) headers['Content-Encoding'] = 'gzip';
    return [{ url: this.options.endpoint.href, headers, body: gzipped ? await gzipAsync(message) : message, responses: otlpResponses }];
  }
}

function rejectionHint(status: number): string {
  if (status === 401 || status === 403) return 'Check the credentials (--otlp-header, OTEL_EXPORTER_OTLP_HEADERS).';
  if (status === 404) return `Check the URL: pyglass posts to URL + /v1development/profiles; the receiver must have the profiles signal enabled (the Collector's service.profilesSupport feature gate).`;
  if (status === 413) return 'The request is larger than the receiver accepts: try a shorter --upload-interval.';
  if (status === 415) return 'The receiver does not take binary protobuf.';
  return 'The receiver may expect another revision of the profiles signal (pyglass sends the one of opentelemetry-proto 1.45.0).';
}
