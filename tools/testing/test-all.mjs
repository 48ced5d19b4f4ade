#!/usr/bin/env node
// `npm test` after provisioning: builds every package once, then runs the CLI's suite (the longest,
// ~2/3 of the run) from the start beside the other packages' suites, one of those at a time.
// Nx alone would start the CLI's suite last: its scheduler runs the tests of the packages with the
// most dependents first, and nothing depends on the CLI. Each lane is its own Nx process with its own
// workspace-data directory (Nx's task database is not safe for two processes at once); both keep
// Nx's cache, so a package whose inputs did not change replays its last result.
// Arguments go to Nx (`--skip-nx-cache`); with `--projects=…` one `nx run-many` runs what was asked.
import { execFileSync, spawn } from 'node:child_process';

const args = process.argv.slice(2);
const nx = ['node_modules/.bin/nx'];
const started = performance.now();
const seconds = (from) => `${((performance.now() - from) / 1000).toFixed(0)} s`;

/** Runs one Nx command with its output streamed; resolves to its exit status. */
function run(label, nxArgs, env = {}) {
  const from = performance.now();
  return new Promise((resolve) => {
    const child = spawn(nx[0], nxArgs, { stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', ...env } });
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
    child.on('exit', (code, signal) => {
      console.log(`[test-all] ${label}: ${signal ?? `status ${code}`} after ${seconds(from)}`);
      resolve(code ?? 1);
    });
  });
}

const common = ['--outputStyle=stream', ...args];
let status;
if (args.some((a) => a.startsWith('--projects') || a === '-p')) {
  status = await run('tests', ['run-many', '-t', 'test', '--parallel=2', ...common]);
} else {
  status = await run('build', ['run-many', '-t', 'build', '--parallel=2', ...common]);
  if (status === 0) {
    // the build above made the CLI's bundle: its test files need not build it again (tools/testing/cli.ts)
    process.env.PYGLASS_CLI_BUILT = '1';
    // the interpreter matrix, probed once for every package's run (each probe starts 15 interpreters)
    Object.assign(process.env, JSON.parse(execFileSync(process.execPath, ['tools/pythons/list.mjs', '--share'], { encoding: 'utf8' })));
    const lanes = await Promise.all([
      run('pyglass (CLI) tests', ['run', 'pyglass:test', '--exclude-task-dependencies', ...common],
        { NX_WORKSPACE_DATA_DIRECTORY: '.nx/workspace-data-cli' }),
      run('the other packages\' tests', ['run-many', '-t', 'test', '--exclude=pyglass', '--exclude-task-dependencies', '--parallel=1', ...common]),
    ]);
    status = lanes.find((s) => s !== 0) ?? 0;
  }
}
console.log(`[test-all] ${status === 0 ? 'all passed' : 'FAILED'} after ${seconds(started)}`);
process.exit(status);
