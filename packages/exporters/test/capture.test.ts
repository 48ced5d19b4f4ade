/**
 * The capture file: a round trip keeps every sample whole (times, threads, stacks, states, spans,
 * greenlets, tasks, process roots, errors); a file cut anywhere reads as cut short with a prefix of
 * the samples; thousands of bit-flipped or truncated copies parse or fail with CaptureError, never
 * another exception (seeded, like the ELF mutation test).
 */
import { describe, expect, it } from 'vitest';
import type { Sample, StackTrace } from '@pyglass/model';
import { CaptureWriter, createExporter, readCapture, isCaptureError, CAPTURE_VERSION, type Capture } from '../src/index.js';
import { isInternedStack } from '../src/interned.js';
import { seededRandom } from '../../../tools/testing/random.js';
import { child, fixtureSamples, sample, trace, worker, MAIN, MAIN2 } from './helpers.js';

const START = 1_700_000_000_000;

function metadata() {
  return {
    pyglassVersion: '0.0.0-test', commandLine: ['record', '-o', 'x.pyglass', '--', 'python3', 'app.py'], title: 'pyglass record -o x.pyglass -- python3 app.py',
    target: { program: ['python3', 'app.py'] }, startTime: START, platform: 'linux', arch: 'x64',
    options: {
      rate: 100, lineNo: 'last-instruction' as const, idle: false, gil: false, threads: false, subprocesses: false, native: false,
      nonblocking: false, async: false, greenlets: false, fullFilenames: false,
    },
  };
}

/** A varied recording: every optional field of a trace, fractional times, errors, late samples. */
function richSamples(): Sample[] {
  const out = fixtureSamples();
  out.push({
    time: START + 200.5, late: 3.25,
    traces: [
      trace(MAIN, { states: 0b10011, span: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'GET /', localRoot: { spanId: 'c'.repeat(16), name: 'root' } } }),
      worker(undefined, { active: false, ownsGil: false, greenlet: { address: 0x7f00_1234_5678, running: false, main: true, typeName: 'greenlet.greenlet' } }),
      trace(MAIN2, { pid: 200, threadId: 0, threadName: undefined, osThreadId: undefined, processInfo: child, interpreterId: 2, asyncioTask: { id: 0x7f00_0000_9999, name: 'Task-3' } }),
      trace([], { threadName: '' }),
    ],
    samplingErrors: [{ pid: 300, error: Object.assign(new Error('the stack changed while it was being read'), { name: 'StackChanged' }) }],
  });
  out.push(sample(START + 190, trace(MAIN, { span: { traceId: 'd'.repeat(32), spanId: 'e'.repeat(16) } })));
  return out;
}

function write(samples: Sample[], flushEvery = 3, end = true): Uint8Array {
  const w = new CaptureWriter(metadata());
  const parts: Uint8Array[] = [w.header()];
  samples.forEach((s, i) => {
    for (const pid of w.newPids(s)) parts.push(w.process({ pid, commandLine: ['python3', 'app.py'], pythonVersion: '3.12.1', build: 'default', firstSeen: s.time }));
    w.add(s);
    if ((i + 1) % flushEvery === 0) parts.push(w.flush());
  });
  parts.push(end ? w.end({ endTime: START + 1000, achievedRate: 12, stopReason: 'process exited' }) : w.flush());
  return Buffer.concat(parts);
}

/** A sample as plain data (Error → name and message; undefined fields dropped) for deep comparison. */
function plain(s: Sample): unknown {
  const trace = (t: StackTrace) => JSON.parse(JSON.stringify({ ...t, frames: t.frames.map((f) => ({ ...f, locals: undefined })) }));
  return {
    time: s.time, late: s.late, traces: s.traces.map(trace),
    errors: s.samplingErrors?.map((e) => ({ pid: e.pid, name: e.error.name, message: e.error.message })),
  };
}

describe('capture round trip', () => {
  it('keeps every sample whole, in order, with its metadata', () => {
    const samples = richSamples();
    const c = readCapture(write(samples));
    expect(c.cutShort).toBe(false);
    expect(c.metadata.formatVersion).toBe(CAPTURE_VERSION);
    expect(c.metadata.title).toBe(metadata().title);
    expect(c.processes.map((p) => p.pid)).toEqual([100, 200]);
    expect(c.summary).toMatchObject({ intervals: samples.length, traces: samples.reduce((n, s) => n + s.traces.length, 0), samplingErrors: 1, stopReason: 'process exited' });
    const back = [...c.samples()];
    expect(back.map(plain)).toEqual(samples.map(plain));
    // late is kept to the microsecond
    expect(back[10]!.late).toBe(3.25);
    // iterating again starts over
    expect([...c.samples()].length).toBe(samples.length);
  });

  it('keeps a late delay given to the microsecond exactly (a convert counts the same samples late as the record)', () => {
    // the sampler rounds `late` to whole microseconds; around the 5-ms interval of -r 200 and at random
    const random = seededRandom(26);
    const delays = [4.999, 5, 5.001, 0.001, 1033.123, ...Array.from({ length: 2000 }, () => Math.round(random() * 2_000_000) / 1000)];
    const samples = delays.map((late, i) => ({ ...sample(START + i, trace(MAIN)), late }));
    const back = [...readCapture(write(samples, 500)).samples()];
    expect(back.map((s) => s.late)).toEqual(delays);
    expect(back.filter((s) => s.late! > 5).length).toBe(delays.filter((d) => d > 5).length);
  });

  it('gives the same Frame objects for a repeated stack (the recorders fast path)', () => {
    const c = readCapture(write(fixtureSamples()));
    const [a, b] = [...c.samples()];
    expect(a!.traces[0]!.frames).toBe(b!.traces[0]!.frames);
  });

  it('renders the same bytes from its interned stacks as from fresh arrays (the renderers key caches by the array)', () => {
    // alternating stacks per thread, a thread that turns idle, two processes, a thread renamed: every cache key changes
    const samples: Sample[] = [];
    for (let i = 0; i < 60; i++) {
      samples.push(sample(START + i * 10,
        trace(i % 3 === 0 ? MAIN : MAIN2, { active: i % 7 !== 0, states: i % 16 }),
        worker(i % 2 === 0 ? undefined : MAIN, { threadName: i < 30 ? 'w' : 'w2' }),
        trace(MAIN2, { pid: 200, processInfo: i % 4 === 0 ? child : { pid: 200, commandLine: 'python other.py' } })));
    }
    const back = [...readCapture(write(samples)).samples()];
    expect(isInternedStack(back[0]!.traces[0]!.frames)).toBe(true);
    expect(Object.isFrozen(back[0]!.traces[0]!.frames[0])).toBe(true);
    // the same samples with every stack a fresh, unmarked array of fresh frames
    const fresh = back.map((s) => ({ ...s, traces: s.traces.map((t) => ({ ...t, frames: t.frames.map((f) => ({ ...f })) })) }));
    expect(isInternedStack(fresh[0]!.traces[0]!.frames)).toBe(false);
    for (const format of ['raw', 'speedscope', 'flamegraph', 'firefox', 'pprof', 'chrometrace'] as const) {
      for (const o of [{ includeThreadIds: false, includeIdle: true }, { includeThreadIds: true, includeIdle: false, gc: true }]) {
        const render = (input: Sample[]) => {
          const w = createExporter(format, { sampleRate: 100, title: 't', startTime: START, ...o });
          for (const s of input) w.add(s);
          return Buffer.from(w.finish()).toString('base64');
        };
        expect(render(back), `${format} ${JSON.stringify(o)}`).toBe(render(fresh));
      }
    }
  });

  it('is compact: a repeated stack costs a few bytes per sample', () => {
    const many: Sample[] = [];
    for (let i = 0; i < 10_000; i++) many.push(sample(START + i, trace(MAIN), worker()));
    const bytes = write(many, 1000);
    expect(bytes.length / many.length).toBeLessThan(2);
  });
});

describe('capture cut short', () => {
  it('reads every complete chunk of a file with no end chunk, and says so', () => {
    const samples = richSamples();
    const c = readCapture(write(samples, 3, false));
    expect(c.cutShort).toBe(true);
    expect(c.summary).toBeUndefined();
    expect([...c.samples()].length).toBe(samples.length);
  });

  it('the capture format sends a chunk every quarter second of sample time: a record killed loses at most that', () => {
    const parts: Uint8Array[] = [];
    const w = createExporter('capture', { sampleRate: 100, title: 't', startTime: START, sink: (c) => parts.push(c) });
    // 2 s at 100 Hz; what the sink has after each sample is what a killed record leaves
    let worst = 0;
    for (let i = 0; i < 200; i++) {
      const time = START + i * 10;
      w.add(sample(time, trace(MAIN)));
      const kept = [...readCapture(Buffer.concat(parts)).samples()];
      worst = Math.max(worst, time - (kept.at(-1)?.time ?? START));
    }
    expect(worst).toBeLessThanOrEqual(250);
    w.finish();
    expect([...readCapture(Buffer.concat(parts)).samples()]).toHaveLength(200);
  });

  it('reads a prefix of the samples from a file cut at any byte after its metadata', () => {
    const samples = richSamples();
    const full = write(samples, 2);
    const all = samples.map(plain);
    const headerLength = new CaptureWriter(metadata()).header().length;
    for (let cut = headerLength; cut < full.length; cut += 7) {
      const c = readCapture(full.subarray(0, cut));
      expect(c.cutShort).toBe(true);
      const got = [...c.samples()].map(plain);
      expect(got).toEqual(all.slice(0, got.length));
    }
  });
});

describe('capture errors', () => {
  const expectError = (bytes: Uint8Array, kind: string) => {
    let error: unknown;
    try {
      const c = readCapture(bytes, 'x.pyglass');
      [...c.samples()];
    } catch (e) {
      error = e;
    }
    expect(isCaptureError(error), String(error)).toBe(true);
    expect((error as { kind: string }).kind).toBe(kind);
    return (error as Error).message;
  };

  it('refuses a file that is not a capture', () => {
    expect(expectError(Buffer.from('{"traceEvents": []}'), 'not-a-capture')).toMatch(/'x.pyglass' is not a pyglass capture/);
    expect(expectError(new Uint8Array(0), 'not-a-capture')).toMatch(/not a pyglass capture/);
  });

  it('refuses a capture of a newer format version', () => {
    const bytes = write(fixtureSamples());
    const newer = Uint8Array.from(bytes);
    newer[10] = CAPTURE_VERSION + 1;
    expect(expectError(newer, 'newer-version')).toMatch(/format version 2; this pyglass reads versions up to 1: upgrade pyglass/);
  });

  it('refuses a file cut inside its metadata', () => {
    const bytes = write(fixtureSamples());
    expectError(bytes.subarray(0, 20), 'corrupt');
  });

  it('mutation: 3000 bit-flipped, byte-changed or truncated copies parse or fail with CaptureError, never another exception', () => {
    const random = seededRandom(22);
    const base = write(richSamples(), 4);
    let failures = 0;
    let reads = 0;
    for (let i = 0; i < 3000; i++) {
      const m = Uint8Array.from(base);
      const what = i % 3;
      let data: Uint8Array = m;
      if (what === 0) {
        const bit = Math.floor(random() * m.length * 8);
        m[bit >> 3]! ^= 1 << (bit & 7);
      } else if (what === 1) {
        for (let k = 0; k < 4; k++) m[Math.floor(random() * m.length)] = Math.floor(random() * 256);
      } else data = m.subarray(0, Math.floor(random() * m.length));
      try {
        const c: Capture = readCapture(data, 'mutant');
        let n = 0;
        for (const s of c.samples()) n += s.traces.length;
        expect(n).toBeGreaterThanOrEqual(0);
        reads++;
      } catch (e) {
        if (!isCaptureError(e)) throw new Error(`mutant ${i} (${['bit flip', 'bytes', 'truncation'][what]}): ${String(e)}`);
        failures++;
      }
    }
    console.log(`[capture mutation] 3000 mutants: ${reads} read (cut short or intact), ${failures} refused with CaptureError`);
    expect(failures).toBeGreaterThan(0);
  });
});
