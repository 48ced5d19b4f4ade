/**
 * py-spy's one-shot example, in pyglass: attach to a running Python with `PythonSpy`, read every
 * thread's stack once, and print how deep each one is and whether it holds the GIL.
 *
 *   node examples/dist/dump-threads.js PID       (after `npm run build`; run as root or with CAP_SYS_PTRACE)
 */
import { defaultConfig, PythonSpy } from '@pyglass/sampler';

function analyzePythonProcess(pid: number): void {
  const config = defaultConfig();
  const spy = PythonSpy.create(pid, config);
  try {
    const traces = spy.getStackTraces();
    for (const trace of traces) {
      console.log(`Thread ${trace.threadId}: ${trace.frames.length} frames`);
      if (trace.ownsGil) {
        console.log(' (holds GIL)');
      }
    }
  } finally {
    spy.close();
  }
}

const pid = Number(process.argv[2]);
if (!Number.isSafeInteger(pid) || pid <= 0) {
  console.error('usage: node examples/dist/dump-threads.js PID');
  process.exit(2);
}
try {
  analyzePythonProcess(pid);
} catch (err) {
  // every pyglass error message is one line: what failed, why, what to try
  console.error(`Error: ${(err as Error).message}`);
  process.exitCode = 1;
}
