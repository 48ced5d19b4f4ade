import { setFlagsFromString } from 'node:v8';
import { exporters, formatExtension, isIncrementalFormat, recordedTrace, traceFilter, type CaptureProcess, type Format as ExportFormat } from '@pyglass/exporters';
import { isGoneOrHidden, openProcess } from '@pyglass/memory-reader';
import type { Config, Sampler } from '@pyglass/sampler';
import { describeError, UsageError } from '../../errors.js';
import { requireTarget } from '../shared-flags.js';
import type { RecordOptions } from './flags.js';
import { describeDestination, isStandardOutput } from '../../output.js';
import { ProcessDescriptions, targetHostPath } from '../../process-description.js';
import { planOutputs, ProfileOutputs } from '../../profile-outputs.js';
import { serviceNameFromCommandLine } from '../../program-name.js';
import { ProcessTable, withRecording } from '../../recording.js';
import type { Uploads } from '../../uploads.js';
import { samplerConfigFrom } from '../../sampler-config.js';
import { pyglassVersion } from '../../version.js';
import { attachSampler, checkLaunched, exitNote, launchedExitStatus, startTarget } from '../../target.js';

/** py-spy's default name: `{program or pid}-{local time, RFC 3339 to the second}.{ext}` */
export function defaultOutputName(name: string, format: ExportFormat, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = -now.getTimezoneOffset();
  const tz = offset === 0 ? 'Z' : `${offset > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}${tz}`;
  return `${name}-${stamp}.${formatExtension(format)}`;
}

interface RecordStats {
  /** thread stacks recorded (py-spy's "Samples") */
  samples: number;
  /** sampling errors (py-spy's "Errors") */
  errors: number;
  /** sampling rounds (ticks) */
  intervals: number;
  /** rounds with at least one error */
  errorIntervals: number;
  lateIntervals: number;
  maxLateMs: number;
  /** the errors by kind: how many, and the first one's message */
  errorKinds: Map<string, { count: number; message: string }>;
}

/** Late rounds above this share get advice. */
const lateAdviceShare = 0.1;
/** py-spy's default rate: below it, lowering the rate is not the advice. */
const defaultRate = 100;

export async function runRecord(options: RecordOptions, program: string[]): Promise<number> {
  // A long record allocates little but steadily: V8 would grow its young generation to 16 MB
  // semi-spaces (~+30 MB RSS) for nothing. Keeping it at its initial size costs no measurable CPU.
  setFlagsFromString('--semi-space-growth-factor=1');
  // At ordinary rates, also collect the old generation before it grows: without this RSS peaks
  // ~15 MB above its steady state until the first full GC (measured at 100 Hz: 88 MB peak vs 72 MB
  // flat). It costs ~20 % more CPU per sample, so fast records (≥ 250 Hz) keep V8's defaults.
  if (options.rate < 250) setFlagsFromString('--optimize-for-size');
  requireTarget(options.pid, program, 'record');
  const log = (line: string) => process.stderr.write(`pyglass> ${line}\n`);
  const format = options.format;
  // named after the script (app-<time>.svg for `python3 app.py`), or the pid
  const target0Name = options.pid !== undefined ? String(options.pid) : serviceNameFromCommandLine(program);
  const names = options.output ?? [];
  // with --pyroscope or --otlp a file is written only when -o asks for one
  const writesFile = (options.pyroscope === undefined && options.otlp === undefined) || names.length > 0;
  const fallback = format ?? 'flamegraph';
  const plans = !writesFile ? [] : planOutputs(names.length > 0 ? names : [defaultOutputName(target0Name, fallback)], format, fallback, log);
  const config = samplerConfigFrom({ command: 'record', options, program }, plans.map((p) => p.format));
  let sampler: Sampler | undefined;
  const startUploads = await recordUploads(options, program, config, () => sampler, log);

  // with -o - (or /dev/stdout), standard output is the profile's: a launched program's output goes to stderr
  const target = startTarget(options.pid, program, { capture: options.capture, stdoutToStderr: plans.some((p) => isStandardOutput(p.destination)) });
  let outputs: ProfileOutputs | undefined;
  type StopReason = 'process exited' | 'Control-C pressed' | 'the duration ended';
  let stopReason = 'process exited' as StopReason;
  const onSignal = () => {
    stopReason = 'Control-C pressed';
    sampler?.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let failed = true;
  let uploads: Uploads | undefined;
  const stats: RecordStats = { samples: 0, errors: 0, intervals: 0, errorIntervals: 0, lateIntervals: 0, maxLateMs: 0, errorKinds: new Map() };
  let workFailed = false;
  try {
    await checkLaunched(target);
    const attached = await attachSampler(target, config);
    if (!attached) {
      throw new UsageError(`the program exited${await exitNote(target)} before pyglass could attach to it: it ran too briefly to sample; check that it runs on its own, or profile something that runs longer.`, 1);
    }
    sampler = attached;
    if (stopReason === 'Control-C pressed') sampler.stop();
    if (startUploads !== undefined) uploads = startUploads();
    const running = sampler;
    const processes = new ProcessTable((pid, time) => describeProcess(running, pid, time));
    const base = {
      sampleRate: options.rate,
      lineNo: config.lineNo,
      includeThreadIds: options.threads,
      // pprof's sample type is wall time when idle threads count
      includeIdle: options.idle || options.mode === 'wall',
      gilOnly: options.gil,
      mode: options.mode,
      gc: options.gc,
      title: ['pyglass', ...process.argv.slice(2)].join(' '),
      startTime: Date.now(),
      hostPath: targetHostPath,
    };
    const recording = {
      commandLine: process.argv.slice(2),
      target: options.pid !== undefined ? { pid: options.pid } : { program },
      options: {
        subprocesses: options.subprocesses, native: options.native, nonblocking: options.nonblocking, async: options.async,
        greenlets: options.greenlets, fullFilenames: options.fullFilenames,
      },
      pyglassVersion: pyglassVersion(),
      ended: () => ({ stopReason, endTime: Date.now() }),
    };
    outputs = plans.length === 0 ? undefined : new ProfileOutputs(plans, () => withRecording(base, processes, recording), { incremental: isIncrementalFormat });
    const out = outputs;
    const duration = config.duration;
    log(`Sampling process ${options.rate} times a second${duration ? ` for ${duration} seconds` : ''}. Press Control-C to exit.`);
    // A launched program writes to our terminal (unless --capture): a redrawn line would splice into
    // its output, so, like py-spy, stay quiet then.
    const sharesTerminal = target.child !== undefined && !options.capture;
    const progress = new ProgressLine(!options.hideprogress && !sharesTerminal && process.stderr.isTTY === true);
    const start = Date.now();
    const filter = traceFilter(options);
    let lastLateWarning = 0;
    for await (const sample of sampler) {
      stats.intervals++;
      if (sample.late !== undefined && sample.late > 1000 / options.rate) {
        stats.lateIntervals++;
        stats.maxLateMs = Math.max(stats.maxLateMs, sample.late);
      }
      out?.add(sample);
      for (const sampled of sample.traces) {
        const trace = recordedTrace(sampled, filter);
        if (trace === undefined) continue;
        uploads?.add(trace, sample.time);
        stats.samples++;
      }
      if (sample.samplingErrors?.length) {
        stats.errors += sample.samplingErrors.length;
        stats.errorIntervals++;
        for (const { error } of sample.samplingErrors) {
          const kind = stats.errorKinds.get(error.name) ?? { count: 0, message: describeError(error) };
          kind.count++;
          stats.errorKinds.set(error.name, kind);
        }
      }
      const elapsed = Date.now() - start;
      if (sample.late !== undefined && sample.late > 1000 && elapsed - lastLateWarning > 1000) {
        lastLateWarning = elapsed;
        progress.clear();
        log(`${(sample.late / 1000).toFixed(2)}s behind in sampling, results may be inaccurate. Try reducing the sampling rate.`);
      }
      progress.update(elapsed, stats);
    }
    if (stopReason === 'process exited' && sampler.durationEnded) stopReason = 'the duration ended';
    progress.clear();
    log(`Stopped sampling because ${stopReason}`);
    // every window went out and none arrived: the run did not do what it was asked
    let unreached: string[] = [];
    if (uploads !== undefined) {
      for (const line of await uploads.close()) log(line);
      unreached = uploads.unreached;
    }
    uploads = undefined;
    const wrote = out !== undefined ? await out.finish() : [];
    outputs = undefined;
    if (stats.samples === 0 && stats.errors === 0) log('No samples were collected (is the program idle? try --idle).');
    const sent = wrote.length > 0 ? wrote : [unreached.length > 0 ? 'Nothing was sent.' : `Sent to ${uploadDestinations(options)}.`];
    // one line per file, the last with the counts (one output: py-spy's single line)
    sent.forEach((line, i) => log(i < sent.length - 1 ? line : `${line} Samples: ${stats.samples} Errors: ${stats.errors}`));
    for (const line of closingNotes(stats, options)) log(line);
    for (const p of plans) {
      const hint = exporters[p.format].viewHint?.(p.destination.kind === 'stdout' ? undefined : p.name);
      if (hint !== undefined) log(hint);
    }
    // the run did not do what was asked: the last lines say so, and the exit status
    if (unreached.length > 0) {
      const files = plans.map((p) => describeDestination(p.destination)).join(', ');
      log(`Error: no profile reached ${unreached.join(' or ')}: every upload failed (see above); check the URL and that the server is up${plans.length > 0 ? `; the profile was still written to ${files}` : ''}.`);
    }
    const mostFailed = stats.intervals > 0 && stats.errorIntervals * 2 > stats.intervals;
    if (mostFailed) log(`Error: ${mostlyFailedMessage(stats)}`);
    workFailed = unreached.length > 0 || mostFailed;
    failed = false;
  } finally {
    // failing mid-record: what was sampled still goes out (bounded wait)
    if (uploads !== undefined) for (const line of await uploads.close()) log(line);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    outputs?.abort();
    if (target.child && (failed || stopReason !== 'process exited')) {
      // py-spy too stops the program it launched when the profile ends before it
      target.dispose();
    }
  }
  if (!target.child) return workFailed ? 1 : 0;
  // A launched program's own exit status is ours: a profiler must not hide a failing program.
  if (stopReason !== 'process exited') return workFailed ? 1 : 0;
  const code = await launchedExitStatus(target, launchedEndWaitMs);
  if (code === 'running') {
    // Sampling saw it end, yet its pid is still there: never wait on it without limit (a zombie
    // leader is held until every thread is reaped). Stopped, as when a profile ends before it.
    target.dispose();
    target.child?.unref();
    log(`the program (pid ${target.pid}) could no longer be sampled but had not ended ${launchedEndWaitMs / 1000} s later; pyglass stopped it. Its exit status is unknown: exiting with status 1.`);
    return 1;
  }
  if (code === null) {
    log(`the program (pid ${target.pid}) has exited but its exit status was lost (reaped by another waiter); exiting with status 1.`);
    return 1;
  }
  if (code && options.capture) process.stderr.write(target.capturedOutput());
  target.dispose();
  return code || (workFailed ? 1 : 0);
}

/** How long a launched program that sampling saw end may take to be reaped. */
const launchedEndWaitMs = 10_000;

/**
 * After "Samples: N Errors: M": what those counts and the late share mean, and advice when samples
 * came late. The `Late samples: X%` line is parsed by bench/ scripts and tests: keep its start.
 */
function closingNotes(stats: RecordStats, options: RecordOptions): string[] {
  const share = stats.intervals ? stats.lateIntervals / stats.intervals : 0;
  const notes = [
    `Late samples: ${(100 * share).toFixed(1)}% (${stats.lateIntervals} of ${stats.intervals} sampling rounds came over one interval late, max ${stats.maxLateMs.toFixed(0)} ms). `
      + `Samples are the thread stacks in the profile (one per ${options.idle ? '' : 'running '}thread per round), Errors the stacks that could not be read.`,
  ];
  if (share >= lateAdviceShare) {
    const late = `${(100 * share).toFixed(0)}% of the samples were late`;
    const meaning = 'the shares in the profile stay meaningful, but it holds fewer samples than asked for';
    if (options.rate > defaultRate) {
      notes.push(`${late}: pyglass cannot take ${options.rate} samples a second here; ${meaning}. Try a lower rate (-r ${Math.max(defaultRate, Math.floor(options.rate / 4))})${options.nonblocking ? '' : ' or --nonblocking'}.`);
    } else {
      notes.push(`${late}: the machine is too busy for pyglass to keep time (other processes hold the CPUs); ${meaning}.${options.nonblocking ? '' : ' --nonblocking costs less per sample.'}`);
    }
  }
  return notes;
}

/** Most sampling rounds failed: how many, and the most frequent cause in its own words. */
function mostlyFailedMessage(stats: RecordStats): string {
  const [, top] = [...stats.errorKinds.entries()].sort((a, b) => b[1].count - a[1].count)[0] ?? [undefined, undefined];
  const cause = top ? `the most frequent error (${top.count} of ${stats.errors}): ${top.message.replace(/\.$/, '')}` : 'no error was recorded';
  return `most samples failed (${stats.errorIntervals} of ${stats.intervals} sampling rounds), so this profile shows only a small part of the run; ${cause}.`;
}

/** A process as a capture describes it, when the record first samples it: command line, Python, build. */
function describeProcess(sampler: Sampler, pid: number, time: number): CaptureProcess {
  let commandLine: string[] = [];
  try {
    commandLine = openProcess(pid).cmdline();
  } catch (error) {
    if (!isGoneOrHidden(error)) throw error;
  }
  const spy = sampler.spyFor(pid);
  return {
    pid, commandLine, firstSeen: time,
    pythonVersion: spy?.version.string, executable: spy?.executable,
    build: spy === undefined ? undefined : spy.location.freeThreaded ? 'free-threaded' : 'default',
  };
}

/** One redrawn status line on stderr: elapsed, samples, errors, late %. */
class ProgressLine {
  private lastDraw = 0;
  private drawn = false;
  constructor(private readonly enabled: boolean) {}
  update(elapsedMs: number, s: RecordStats): void {
    if (!this.enabled || elapsedMs - this.lastDraw < 100) return;
    this.lastDraw = elapsedMs;
    const late = s.intervals ? (100 * s.lateIntervals) / s.intervals : 0;
    const behind = late >= 10 ? ` — falling behind: ${late.toFixed(0)}% of samples late (max ${(s.maxLateMs / 1000).toFixed(2)}s); try a lower --rate` : ` late ${late.toFixed(1)}%`;
    process.stderr.write(`\r\x1b[2K${(elapsedMs / 1000).toFixed(1)}s  samples ${s.samples}  errors ${s.errors}${behind}`);
    this.drawn = true;
  }
  clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/** Pyroscope, OTLP or both, for the closing line. */
function uploadDestinations(options: RecordOptions): string {
  return [options.pyroscope !== undefined ? 'Pyroscope' : undefined, options.otlp !== undefined ? 'OTLP' : undefined].filter((d) => d !== undefined).join(' and ');
}

/**
 * The uploads of `record --pyroscope` / `--otlp`, planned (and checked) before sampling starts: what
 * starts them once the sampler is attached, or undefined without either flag. The uploaders (and their
 * protobuf descriptors) are loaded only then: a record without uploads starts without them.
 */
async function recordUploads(
  options: RecordOptions, program: string[], config: Partial<Config>, sampler: () => Sampler | undefined, log: (line: string) => void,
): Promise<(() => Uploads) | undefined> {
  if (options.pyroscope === undefined && options.otlp === undefined) return undefined;
  const { planUploads, sanitizeServiceName, Uploads } = await import('../../uploads.js');
  const appName = options.appName ?? serviceNameFromCommandLine(options.pid !== undefined ? targetCommandLine(options.pid) : program);
  const name = options.appName !== undefined ? appName : sanitizeServiceName(appName);
  // the target's version once attached (subprocesses: the interpreter is not known per process)
  const descriptions = new ProcessDescriptions((pid) => (pid === sampler()?.pid ? sampler()?.version?.string : undefined));
  const plan = planUploads(
    options,
    {
      serviceName: () => name,
      describeProcess: (pid) => descriptions.get(pid),
      sampleRate: options.rate,
      wallTime: options.idle,
      threadLabels: options.threads,
      lineNo: config.lineNo,
      userAgent: `pyglass/${pyglassVersion()}`,
      log,
    },
    options.appName !== undefined ? appName : undefined,
  );
  return () => new Uploads(plan);
}

/** The command line of `pid`, or none when it cannot be read (attaching then says why). */
function targetCommandLine(pid: number): string[] {
  try {
    return openProcess(pid).cmdline();
  } catch (error) {
    if (isGoneOrHidden(error)) return [];
    throw error;
  }
}
