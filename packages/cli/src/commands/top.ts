/**
 * `pyglass top`: a live, top-like table of where a Python program spends its time.
 * The aggregation, layout and loop live in ../top/; this file wires the target, the sampler
 * and the terminal together and decides the exit status.
 */
import { processCmdline } from '@pyglass/memory-reader';
import { LockingStrategy, LineNo, type Config, type Sampler } from '@pyglass/sampler';
import type { TopOptions } from '../main.js';
import { UsageError } from '../errors.js';
import { requireTarget } from '../options.js';
import { attachSampler, checkLaunched, launchedExitStatus, startTarget, type Target } from '../target.js';
import { TopStats } from '../top/stats.js';
import type { HeaderInfo } from '../top/render.js';
import { TopSession } from '../top/session.js';
import { PlainScreen, TtyScreen, type TopScreen } from '../top/terminal.js';

function versionString(sampler: Sampler): string | undefined {
  return sampler.version?.string;
}

function describeCommand(target: Target, program: string[]): string {
  if (program.length > 0) return program.join(' ');
  try {
    const cmdline = processCmdline(target.pid);
    if (cmdline.length > 0) return cmdline.join(' ');
  } catch {
    // the header falls back to the pid
  }
  return `pid ${target.pid}`;
}

export function topConfig(options: TopOptions): Partial<Config> {
  return {
    blocking: options.nonblocking ? LockingStrategy.NonBlocking : LockingStrategy.Lock,
    native: options.native,
    samplingRate: options.rate,
    includeIdle: options.idle,
    gilOnly: options.gil,
    subprocesses: options.subprocesses,
    fullFilenames: options.fullFilenames,
    greenlets: options.greenlets,
    lineNo: LineNo.LastInstruction,
    // top aggregates by function until L is pressed; it keeps line numbers to be able to switch
    showLineNumbers: true,
    asyncStacks: options.async,
  };
}

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** "process N ended", the launched program's output if it failed, and its status. */
async function reportEnded(target: Target): Promise<number> {
  process.stdout.write(`process ${target.pid} ended\n`);
  if (!target.child) return 0;
  const status = await launchedExitStatus(target, 2000);
  if (status === 'running') return 0; // the samples ended but the program is still running
  if (status !== 0) {
    const output = target.capturedOutput();
    if (output) process.stderr.write(output.endsWith('\n') ? output : `${output}\n`);
  }
  return status ?? 1;
}

export async function runTop(options: TopOptions, program: string[]): Promise<number> {
  requireTarget(options.pid, program, 'top');
  if (options.native && options.nonblocking) throw new UsageError("Can't get native stack traces with the --nonblocking option.");
  // top owns the terminal: a launched program's output is captured, shown if it fails
  const target = startTarget(options.pid, program, { capture: true });
  let screen: TopScreen | undefined;
  try {
    await checkLaunched(target);
    const sampler = await attachSampler(target, topConfig(options));
    if (!sampler) return await reportEnded(target);
    const info: HeaderInfo = {
      command: describeCommand(target, program),
      get version() {
        return versionString(sampler);
      },
      subprocesses: options.subprocesses,
      rate: options.rate,
      delay: options.delay,
    };
    const stats = new TopStats({ includeIdle: options.idle, gilOnly: options.gil, fullFilenames: options.fullFilenames });
    const tty = process.stdout.isTTY === true;
    screen = tty ? new TtyScreen() : new PlainScreen();
    const session = new TopSession({ source: sampler, stats, info, screen, targetExited: target.child ? target.exited : undefined });
    const end = await session.run((s) => {
      if (screen instanceof TtyScreen) screen.start((input) => s.onKeys(input), () => s.redraw());
    });
    screen.restore();
    if (!tty && stats.currentSamples > 0) session.refresh(); // the last partial interval
    if (end.reason === 'quit') return 0;
    if (end.reason === 'signal') return end.signal === 'SIGINT' ? 0 : 128 + (signalNumbers[end.signal] ?? 0);
    return await reportEnded(target);
  } finally {
    screen?.restore();
    target.dispose();
  }
}
