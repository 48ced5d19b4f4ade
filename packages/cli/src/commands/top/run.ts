/**
 * `pyglass top`: a live, top-like table of where a Python program spends its time.
 * The aggregation, layout and loop live in ../top/; this file wires the target, the sampler
 * and the terminal together and decides the exit status.
 */
import { constants } from 'node:os';
import { isGoneOrHidden, openProcess } from '@pyglass/memory-reader';
import type { Sampler } from '@pyglass/sampler';
import { requireTarget } from '../shared-flags.js';
import type { TopOptions } from './flags.js';
import { samplerConfigFrom } from '../../sampler-config.js';
import { attachSampler, checkLaunched, launchedExitStatus, startTarget, type Target } from '../../target.js';
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
    const cmdline = openProcess(target.pid).cmdline();
    if (cmdline.length > 0) return cmdline.join(' ');
  } catch (e) {
    // the header falls back to the pid
    if (!(isGoneOrHidden(e))) throw e;
  }
  return `pid ${target.pid}`;
}


/** "process N ended" and the launched program's status. */
async function reportEnded(target: Target): Promise<number> {
  process.stdout.write(`process ${target.pid} ended\n`);
  if (!target.child) return 0;
  const status = await launchedExitStatus(target, 2000);
  if (status === 'running') return 0; // the samples ended but the program is still running
  return status ?? 1;
}

/** What a launched program wrote while top had the screen (captured), printed once top has ended. */
function printCapturedOutput(target: Target): void {
  const output = target.capturedOutput();
  if (output) process.stderr.write(output.endsWith('\n') ? output : `${output}\n`);
}

export async function runTop(options: TopOptions, program: string[]): Promise<number> {
  requireTarget(options.pid, program, 'top');
  const config = samplerConfigFrom({ command: 'top', options, program });
  // top owns the terminal: a launched program's output is captured, shown if it fails
  const target = startTarget(options.pid, program, { capture: true });
  let screen: TopScreen | undefined;
  try {
    await checkLaunched(target);
    const sampler = await attachSampler(target, config);
    if (!sampler) {
      printCapturedOutput(target);
      return await reportEnded(target);
    }
    const info: HeaderInfo = {
      command: describeCommand(target, program),
      get version() {
        return versionString(sampler);
      },
      subprocesses: options.subprocesses,
      rate: options.rate,
      delay: options.delay,
    };
    const stats = new TopStats({ includeIdle: options.idle, gilOnly: options.gil, mode: options.mode, gc: options.gc, fullFilenames: options.fullFilenames });
    const tty = process.stdout.isTTY === true;
    screen = tty ? new TtyScreen() : new PlainScreen();
    const session = new TopSession({ source: sampler, stats, info, screen, targetExited: target.child ? target.exited : undefined });
    const end = await session.run((s) => {
      if (screen instanceof TtyScreen) screen.start((input) => s.onKeys(input), () => s.redraw());
    });
    screen.restore();
    if (!tty && stats.currentSamples > 0) session.refresh(); // the last partial interval
    // the full screen is gone with the alternate screen: leave the last table on the terminal
    if (tty) process.stdout.write(`${session.finalTable().join('\n')}\n`);
    if (target.child) printCapturedOutput(target);
    if (end.reason === 'quit') return 0;
    if (end.reason === 'signal') return end.signal === 'SIGINT' ? 0 : 128 + (constants.signals[end.signal] ?? 0);
    return await reportEnded(target);
  } finally {
    screen?.restore();
    target.dispose();
  }
}
