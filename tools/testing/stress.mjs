#!/usr/bin/env node
// The suite under load: `npm run test:stress [-- COMMAND…]` starts 2 CPU-bound processes per core
// (busy loops at the tests' own priority), runs `npm test` (or COMMAND) while they compete for the
// CPUs, stops them whatever happens, prints how long it took and exits with the command's status.
// A test that passes here does not depend on how busy the machine is.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const perCore = Number(process.env.PYGLASS_STRESS_PER_CORE ?? 2);
const hogs = Array.from({ length: perCore * availableParallelism() }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopHogs = () => {
  for (const h of hogs) if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
};
process.on('exit', stopHogs);

// (--skip-nx-cache: a package whose inputs did not change would otherwise replay its last result)
const [cmd, ...args] = process.argv.length > 2 ? process.argv.slice(2) : ['npm', 'test', '--', '--skip-nx-cache'];
console.log(`[stress] ${hogs.length} CPU-bound processes (${perCore} per core) compete with: ${[cmd, ...args].join(' ')}`);
const started = performance.now();
const child = spawn(cmd, args, { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    child.kill(sig);
  });
}
child.on('exit', (code, signal) => {
  stopHogs();
  const minutes = (performance.now() - started) / 60_000;
  console.log(`[stress] ${[cmd, ...args].join(' ')} ended (${signal ?? `status ${code}`}) after ${minutes.toFixed(1)} min under load`);
  process.exit(code ?? 1);
});
