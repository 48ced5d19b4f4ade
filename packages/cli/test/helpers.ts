/** The CLI tests' helpers: the shared ones of tools/testing (one definition for every package's tests). */
export { repoRoot } from '../../../tools/testing/repo.js';
export type { RunResult } from '../../../tools/testing/run.js';
export { bin, buildCli, cliSuite, goOnSampling, isOneLineError, pyglass, pyglassRun } from '../../../tools/testing/cli.js';
