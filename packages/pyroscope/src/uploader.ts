import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PprofRecorder } from '@pyglass/exporters';
import { WindowUploader } from './continuous.js';
import { resolveOptions, type PyroscopeOptions, type ResolvedOptions } from './options.js';
import { unknownProcess } from './process.js';
import type { Sender } from './queue.js';
import { ingestRequests, pushRequest, type PreparedRequest } from './request.js';
import type { ProfileWindow } from './window.js';

const gzipAsync = promisify(gzip);

/**
 * Continuous profiling into Pyroscope: each window becomes one pprof profile per process (the
 * exporters' pprof encoder), uploaded over the ingest or push API by the shared window uploader.
 */
export class PyroscopeUploader extends WindowUploader<PprofRecorder> {
  readonly options: ResolvedOptions;

  constructor(options: PyroscopeOptions, start = Date.now(), sender?: Sender) {
    const resolved = resolveOptions(options);
    const name = resolved.appName;
    super(
      resolved,
      { name: 'Pyroscope', target: resolved.baseUrl.origin, log: resolved.log, rejectionHint },
      { serviceName: typeof name === 'string' ? () => name : name, describe: resolved.describeProcess ?? (() => unknownProcess) },
      (_pid, windowStart) =>
        new PprofRecorder(
          {
            sampleRate: resolved.sampleRate,
            lineNo: resolved.lineNo,
            includeThreadIds: false,
            includeIdle: resolved.wallTime,
            startTime: windowStart,
          },
          { threadLabels: resolved.threadLabels },
        ),
      start,
      sender,
    );
    this.options = resolved;
  }

  protected async encode(window: ProfileWindow<PprofRecorder>): Promise<PreparedRequest[]> {
    // the window, not first-to-last sample: Pyroscope places the profile by its time and duration
    const gzipped = await Promise.all(window.series.map((s) => gzipAsync(s.builder.encode({ startMs: window.from, durationMs: window.until - window.from }))));
    return this.options.api === 'push' ? [pushRequest(window, gzipped, this.options)] : ingestRequests(window, gzipped, this.options);
  }
}

function rejectionHint(status: number): string {
  if (status === 401 || status === 403) return 'Check the credentials (--basic-auth, --auth-token) and --tenant-id.';
  if (status === 404) return 'Check the URL (is it the Pyroscope server, and does --pyroscope-api match what it serves?).';
  if (status === 413) return 'The profile is larger than the server accepts: try a shorter --upload-interval.';
  return 'Check --app-name and the --tag values.';
}
