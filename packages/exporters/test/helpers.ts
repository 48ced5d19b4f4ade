import type { Frame, ProcessInfo, Sample, StackTrace } from '@pyglass/model';
import type { RecorderOptions } from '../src/index.js';

/** A Python frame; `spec` is "name@file:line" (file without directory → short name; full name is /app/<file>). */
export function frame(spec: string): Frame {
  const m = /^(.*)@(.*?)(?::(\d+))?$/.exec(spec);
  if (!m) return { name: spec, filename: '', line: 0, isEntry: false, isShimEntry: false };
  const file = m[2]!;
  return { name: m[1]!, filename: file === '' ? '' : `/app/${file}`, shortFilename: file === '' ? undefined : file, line: Number(m[3] ?? 0), isEntry: false, isShimEntry: false };
}

/** A trace from root→leaf frame specs (stored leaf-first like the sampler does). */
export function trace(rootToLeaf: string[], extra: Partial<StackTrace> = {}): StackTrace {
  return {
    pid: 100,
    threadId: 0x7f0000001000,
    threadName: 'MainThread',
    osThreadId: 101,
    active: true,
    ownsGil: true,
    frames: rootToLeaf.map(frame).reverse(),
    ...extra,
  };
}

export function sample(time: number, ...traces: StackTrace[]): Sample {
  return { traces, time };
}

export const baseOptions: RecorderOptions = { sampleRate: 100, includeThreadIds: false, title: 'pyglass record -o out python app.py' };

export function opts(o: Partial<RecorderOptions> = {}): RecorderOptions {
  return { ...baseOptions, ...o };
}

export const MAIN = ['<module>@app.py:10', 'main@app.py:5', 'work@lib.py:3'];
export const MAIN2 = ['<module>@app.py:10', 'main@app.py:6', 'idle@lib.py:20'];
export const WORKER = ['run@threading.py:900', 'loop@worker.py:7'];

export function worker(rootToLeaf: string[] = WORKER, extra: Partial<StackTrace> = {}): StackTrace {
  return trace(rootToLeaf, { threadId: 0x7f0000002000, threadName: 'Worker-1', osThreadId: 102, ...extra });
}

/** A deterministic small recording: two threads, a few stacks, times 10 ms apart. */
export function fixtureSamples(): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = 1_700_000_000_000 + i * 10;
    const main = i % 3 === 2 ? trace(MAIN2) : trace(MAIN);
    const w = i < 6 ? worker() : worker(['run@threading.py:900', 'loop@worker.py:8', 'sleep@time.py']);
    out.push(sample(t0, main, w));
  }
  return out;
}

export const child: ProcessInfo = { pid: 200, commandLine: 'python child.py', parent: { pid: 100, commandLine: 'python parent.py' } };

export const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
