/**
 * `pyglass agent`: profiles every matching Python process on the host into Pyroscope, attaching to
 * new ones as they start and letting go of those that exit, until SIGTERM / SIGINT (then the last
 * window is sent, with a bounded wait, and the exit status is 0).
 */
import { setFlagsFromString } from 'node:v8';
import { traceFilter } from '@pyglass/exporters';
import { ProcessDiscovery } from '../agent/discovery.js';
import { Fleet } from '../agent/fleet.js';
import { UsageError } from '../../errors.js';
import { planUploads, Uploads } from '../../uploads.js';
import { pyglassVersion } from '../../version.js';
import { samplerConfigFrom } from '../../sampler-config.js';
import type { AgentOptions } from './flags.js';

/** Longest time between two looks for new processes (shorter when the upload interval is). */
const maxScanIntervalMs = 2000;
/** Attaching time per turn of the event loop, and the pause before attaching the rest. */
const attachBudgetMs = 100;
const attachPauseMs = 20;

export async function runAgent(options: AgentOptions): Promise<number> {
  // the agent runs for days: keep V8's heap at its small initial sizes (see record.ts)
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--optimize-for-size');
  const log = (line: string) => process.stderr.write(`pyglass> ${line}\n`);
  if (options.pyroscope === undefined && options.otlp === undefined) {
    throw new UsageError('pyglass agent: nowhere to send the profiles: give --pyroscope URL, --otlp URL, or both.');
  }
  let fleet: Fleet | undefined;
  const context = {
    serviceName: (pid: number) => fleet?.serviceName(pid) ?? 'python',
    describeProcess: (pid: number) => fleet!.describe(pid),
    sampleRate: options.rate,
    wallTime: options.idle || options.mode === 'wall',
    threadLabels: options.threads,
    userAgent: `pyglass/${pyglassVersion()}`,
    log,
  };
  const plan = planUploads(options, context);
  // a fixed --app-name is checked too (the plan's names come from the fleet)
  if (options.appName !== undefined) planUploads(options, context, options.appName);
  const uploads = new Uploads(plan);
  fleet = new Fleet(
    { ...samplerConfigFrom({ command: 'agent', options }), samplingRate: options.rate },
    traceFilter(options),
    uploads,
    { fixed: options.appName, source: options.appNameFrom },
    log,
  );
  const discovery = new ProcessDiscovery(options.match, process.pid, { match: options.matchContainer, exclude: options.excludeContainer });
  let followUp: NodeJS.Timeout | undefined;
  const scan = () => {
    fleet!.releaseGone();
    const { giveUp, deferred } = fleet!.attach(discovery.scan(fleet!.pids), attachBudgetMs);
    // not retried until its executable changes (the discovery cache remembers it)
    for (const pid of giveUp) discovery.reject(pid);
    // more new processes than one budget: the rest soon, with sampling ticks in between
    if (deferred && followUp === undefined) {
      followUp = setTimeout(() => {
        followUp = undefined;
        scan();
      }, attachPauseMs);
    }
  };
  const containers = options.matchContainer.length > 0 ? ` in containers ${options.matchContainer.join(', ')}…` : '';
  log(`agent: profiling Python processes${options.match ? ` matching /${options.match.source}/` : ''}${containers} ${options.rate} times a second into ${uploads.destinations}; stop with SIGTERM or Control-C.`);
  scan();
  fleet.start();
  const scanTimer = setInterval(scan, Math.min(maxScanIntervalMs, options.uploadInterval * 1000));
  // `on`, not `once`: while this listener is there, memory-reader's unlock hook does not re-raise the signal
  let onSignal: () => void = () => {};
  await new Promise<void>((resolve) => {
    onSignal = resolve;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  clearInterval(scanTimer);
  if (followUp !== undefined) clearTimeout(followUp);
  fleet.stop();
  const summaries = await uploads.close();
  const s = fleet.stats;
  log(`agent: stopped. Processes profiled: ${s.attached} (${s.exited} exited meanwhile); samples: ${s.samples}; errors: ${s.errors}; ticks skipped while behind: ${s.skippedTicks} of ${s.ticks + s.skippedTicks}.`);
  for (const line of summaries) log(line);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // windows went out and none arrived: the agent did not do its job
  if (uploads.unreached.length > 0) {
    log(`Error: no profile reached ${uploads.unreached.join(' or ')}: every upload failed (see above); check the URL and that the server is up.`);
    return 1;
  }
  return 0;
}
