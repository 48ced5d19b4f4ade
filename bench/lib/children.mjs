// Processes a bench starts (targets, servers, the profiler under test), each in its own process
// group, so that they and everything they started are killed when the bench ends: normally, on an
// error, or on SIGINT/SIGTERM/SIGHUP. A bench stopped half-way leaves no target behind.
import { spawn } from 'node:child_process';

const groups = new Set();

/** `spawn` in a new process group that dies with the bench. */
export function spawnGroup(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true });
  groups.add(child);
  return child;
}

/** Kills a child started by spawnGroup, with every descendant still in its group. */
export function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch (e) {
    if (e.code !== 'ESRCH') throw e;
  }
}

process.on('exit', () => {
  for (const child of groups) killGroup(child);
});
for (const [signal, number] of [['SIGHUP', 1], ['SIGINT', 2], ['SIGTERM', 15]]) {
  process.on(signal, () => process.exit(128 + number));
}
