#!/usr/bin/env node
// What thread states cost per sample. Target: two CPU-bound threads taking turns with the GIL and N
// threads in time.sleep (default 20). Prints, blocking and nonblocking, the wall time of a sample
// (getStackTraces, 1 ms apart) and what it is made of per thread: the kernel reads the states add on
// versions before 3.15 (the futex a thread not on a CPU sleeps on, /proc/PID/task/TID/syscall) next
// to the scheduler-state read every sample already does (/proc/PID/task/TID/stat).
// Usage: node bench/thread-states.mjs [python] [sleepers] [samples]   (builds the packages first)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const python = process.argv[2] ?? join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions/3.12.1/bin/python3.12');
const sleepers = Number(process.argv[3] ?? 20);
const samples = Number(process.argv[4] ?? 1000);
if (!existsSync(python)) {
  console.error(`${python} not found: pass a python (node bench/thread-states.mjs /path/to/python3.12)`);
  process.exit(1);
}
execFileSync('npx', ['tsc', '-b', 'packages/sampler'], { cwd: root, stdio: 'inherit' });
const { PythonSpy, ThreadStates } = await import(join(root, 'packages/sampler/dist/index.js'));
const { ThreadStateReader, ThreadSyscallReader } = await import(join(root, 'packages/memory-reader/dist/index.js'));

const code = `
import threading, time, sys
def burn():
    x = 0
    while True: x += 1
for _ in range(2): threading.Thread(target=burn, daemon=True).start()
for _ in range(${sleepers}): threading.Thread(target=time.sleep, args=(100000,), daemon=True).start()
print("READY", flush=True)
time.sleep(100000)
`;
const child = spawn(python, ['-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((r) => child.stdout.once('data', r));
await new Promise((r) => setTimeout(r, 300));

const tick = () => new Promise((r) => setTimeout(r, 1));
const perThread = (reader, tids, rounds) => {
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) for (const tid of tids) reader(tid);
  return ((performance.now() - t0) * 1000) / (rounds * tids.length);
};
const tids = readdirSync(`/proc/${child.pid}/task`).map(Number);
const stat = new ThreadStateReader(child.pid);
const sys = new ThreadSyscallReader(child.pid);
perThread((t) => stat.isRunning(t), tids, 50);
perThread((t) => sys.futexAddress(t), tids, 50);
console.log(`python ${python}, ${tids.length} threads (2 burning, ${sleepers} asleep, main asleep)`);
console.log(`  scheduler state (stat) read: ${perThread((t) => stat.isRunning(t), tids, 200).toFixed(1)} µs per thread`);
console.log(`  futex (syscall) read:        ${perThread((t) => sys.futexAddress(t), tids, 200).toFixed(1)} µs per thread not on a CPU`);
stat.close();
sys.close();

for (const blocking of ['nonblocking', 'lock']) {
  const spy = await PythonSpy.retry(child.pid, { blocking });
  const names = Object.entries(ThreadStates).filter(([, bit]) => spy.stateSupport & bit).map(([n]) => n).join(', ');
  for (let i = 0; i < 100; i++) spy.getStackTraces();
  let wall = 0;
  let waiting = 0;
  let done = 0;
  while (done < samples) {
    await tick();
    const t0 = performance.now();
    let traces;
    try {
      traces = spy.getStackTraces();
    } catch {
      continue; // a torn nonblocking read
    }
    wall += performance.now() - t0;
    done++;
    for (const t of traces) if (t.states & ThreadStates.WaitingForGil) waiting++;
  }
  console.log(`  ${blocking}: ${((wall * 1000) / samples).toFixed(0)} µs per sample (${samples} samples; states read: ${names}; ${waiting} thread-samples waiting for the GIL)`);
  spy.close();
}
child.kill('SIGKILL');
console.log('(figures on a shared machine vary with its load: compare the two per-thread reads of one run)');
