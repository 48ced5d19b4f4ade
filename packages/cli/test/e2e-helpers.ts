/** Shared by dump-e2e and record-e2e: async runs of the built `pyglass` bin and of other tools (from tools/testing). */
export { run, kill, type RunOptions } from '../../../tools/testing/run.js';
export { plainEnv, pyglassRun, pyglassUntilShown } from '../../../tools/testing/cli.js';
export { lineTags } from '../../../tools/testing/line-tags.js';

export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}

/** "Samples: N" of record's closing line. */
export function recordedSamples(stderr: string): number {
  const m = /Samples: (\d+)/.exec(stderr);
  if (m === null) throw new Error(`no sample count in: ${stderr}`);
  return Number(m[1]);
}
