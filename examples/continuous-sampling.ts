/**
 * py-spy's continuous-sampling example, in pyglass: a `Sampler` at 100 samples a second, 1,000
 * samples, warning about samples taken more than 10 ms late and reporting sampling errors, and
 * handing the active GIL-holding threads to `analyzeTrace` (here: a count of their innermost
 * functions, printed at the end).
 *
 *   node examples/dist/continuous-sampling.js PID   (after `npm run build`; takes 10 s)
 */
import { defaultConfig, Sampler, type StackTrace } from '@pyglass/sampler';

const innermost = new Map<string, number>();

function analyzeTrace(trace: StackTrace): void {
  const top = trace.frames[0];
  if (top === undefined) return;
  const key = `${top.name} (${top.shortFilename ?? top.filename})`;
  innermost.set(key, (innermost.get(key) ?? 0) + 1);
}

/** A duration the way Rust's `{:?}` prints one (`12.3456ms`, `1.5s`). */
function formatDelay(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(9)}s` : `${+ms.toFixed(6)}ms`;
}

async function continuousProfiling(pid: number): Promise<number> {
  const config = defaultConfig();
  config.samplingRate = 100; // 100 Hz

  const sampler = await Sampler.create(pid, config);

  let taken = 0;
  for await (const sample of sampler) {
    if (sample.late !== undefined) {
      const delay = sample.late;
      if (delay > 10) {
        console.log(`Warning: sampling delay of ${formatDelay(delay)}`);
      }
    }

    if (sample.samplingErrors !== undefined) {
      for (const { pid, error } of sample.samplingErrors) {
        console.error(`Sampling error for PID ${pid}: ${error.message}`);
      }
    }

    // Process traces
    for (const trace of sample.traces) {
      if (trace.active && trace.ownsGil) {
        // Analyze active GIL-holding threads
        analyzeTrace(trace);
      }
    }
    if (++taken === 1000) break; // Collect 1000 samples
  }
  sampler.stop();
  return taken;
}

const pid = Number(process.argv[2]);
if (!Number.isSafeInteger(pid) || pid <= 0) {
  console.error('usage: node examples/dist/continuous-sampling.js PID');
  process.exit(2);
}
try {
  const taken = await continuousProfiling(pid);
  const hottest = [...innermost].sort((a, b) => b[1] - a[1]).slice(0, 3);
  console.log(`${taken} samples; busiest functions: ${hottest.map(([f, n]) => `${f} ${n}`).join(', ') || 'none'}`);
} catch (err) {
  console.error(`Error: ${(err as Error).message}`);
  process.exitCode = 1;
}
