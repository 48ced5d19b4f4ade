import { randomUUID } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import { PushRequestSchema } from './gen/push/v1/push_pb.js';
import type { PreparedRequest } from './http.js';

export type { PreparedRequest } from './http.js';
import { ingestName } from './labels.js';
import type { ResolvedOptions } from './options.js';
import { processLabels } from './process.js';
import type { ProfileWindow, SeriesBuilder, WindowSeries } from './window.js';

/** One HTTP request ready to send. */

/** The profile types Pyroscope derives from the sample types (`process_cpu`, or `wall` with --idle). */
export function profileTypeName(wallTime: boolean): string {
  return wallTime ? 'wall' : 'process_cpu';
}

function endpoint(base: URL, path: string): URL {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = '';
  url.hash = '';
  return url;
}

/** Tenant, auth and user agent headers, shared by both APIs. */
export function commonHeaders(options: Pick<ResolvedOptions, 'tenantId' | 'basicAuth' | 'authToken' | 'userAgent'>): Record<string, string> {
  const headers: Record<string, string> = { 'User-Agent': options.userAgent };
  if (options.tenantId !== undefined) headers['X-Scope-OrgID'] = options.tenantId;
  if (options.basicAuth !== undefined) {
    headers['Authorization'] = `Basic ${Buffer.from(`${options.basicAuth.user}:${options.basicAuth.password}`).toString('base64')}`;
  } else if (options.authToken !== undefined) {
    headers['Authorization'] = `Bearer ${options.authToken}`;
  }
  return headers;
}

/** Series labels besides the service name: pid, the container's, then the tags. */
function seriesLabels(series: WindowSeries<SeriesBuilder>, options: Pick<ResolvedOptions, 'tags'>): Array<readonly [string, string]> {
  return [['pid', String(series.pid)], ...processLabels(series.process), ...options.tags];
}

/**
 * `POST /ingest?name=APP{pid=…,k=v}&from=&until=&sampleRate=&spyName=pyglass&format=pprof`, one per
 * series, body the gzipped pprof. `from`/`until` are in ms (13 digits, which Pyroscope reads as ms).
 */
export function ingestRequests(window: ProfileWindow, gzipped: Uint8Array[], options: ResolvedOptions): PreparedRequest[] {
  const headers = { ...commonHeaders(options), 'Content-Type': 'application/octet-stream' };
  return window.series.map((series, i) => {
    const url = endpoint(options.baseUrl, '/ingest');
    url.search = new URLSearchParams({
      name: ingestName(series.serviceName, seriesLabels(series, options)),
      from: String(window.from),
      until: String(window.until),
      sampleRate: String(options.sampleRate),
      spyName: 'pyglass',
      format: 'pprof',
    }).toString();
    return { url: url.href, headers, body: gzipped[i]! };
  });
}

/** `POST /push.v1.PusherService/Push`: one PushRequest with a series per process (Connect unary, binary protobuf). */
export function pushRequest(window: ProfileWindow, gzipped: Uint8Array[], options: ResolvedOptions): PreparedRequest {
  const message = create(PushRequestSchema, {
    series: window.series.map((series, i) => ({
      labels: [
        { name: '__name__', value: profileTypeName(options.wallTime) },
        { name: 'service_name', value: series.serviceName },
        { name: 'pyroscope_spy', value: 'pyglass' },
        ...seriesLabels(series, options).map(([name, value]) => ({ name, value })),
      ],
      samples: [{ rawProfile: gzipped[i]!, ID: randomUUID() }],
    })),
  });
  return {
    url: endpoint(options.baseUrl, '/push.v1.PusherService/Push').href,
    headers: { ...commonHeaders(options), 'Content-Type': 'application/proto', 'Connect-Protocol-Version': '1' },
    body: toBinary(PushRequestSchema, message),
  };
}
