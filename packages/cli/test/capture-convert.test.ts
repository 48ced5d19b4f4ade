/**
 * The capture and `pyglass convert`, against real processes: one record writes a capture and every
 * other format side by side (several -o), and converting the capture with the same flags gives the
 * same bytes, for every format (html too), with and without each filter (--mode cpu and --gc too), on three interpreters; --from/--to
 * cut exactly; a record killed with SIGKILL leaves a capture convert reads, saying it was cut short;
 * bad input is one line and a non-zero exit, and leaves no output file; `-f firefox` of a `-s` record
 * of a 3-process tree holds the 3 processes and passes the format checker.
 *
 * The target's busy threads work only once told to (a line on its stdin, `startWork`), when the
 * records sample it, and it is stopped or killed once they have ended: it burns no CPU while pyglass
 * starts, nor during the converts and checks.
 */
import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ThreadStates, type Sample } from '@pyglass/model';
import { readCapture, traceRecorded } from '@pyglass/exporters';
import { findPythons, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { recordUntil } from '../../../tools/testing/capture-watch.js';
import { checkFirefoxProfile } from '../../../tools/testing/firefox-profile-check.js';
import { cliSuite, isOneLineError } from './helpers.js';
import { kill, pyglassRun } from './e2e-helpers.js';

const target = join(import.meta.dirname, 'scripts', 'capture_target.py');
const tree = join(import.meta.dirname, 'scripts', 'process_tree.py');
const all = findPythons();
reportMatrix(all, 'capture convert');
// three interpreters across the matrix: the oldest, one in the middle, the newest
const three = [...new Set([all[0], all[Math.floor(all.length / 2)], all[all.length - 1]])].filter((p) => p !== undefined);
console.log(`[capture convert] same-run comparisons on: ${three.map((p) => p.label).join(', ')}`);

const suite = cliSuite('pyglass-capture-');

/** Every output format but the capture, by the file name that selects it. */
const outputs = {
  flamegraph: 'p.svg',
  speedscope: 'p.json',
  raw: 'p.txt',
  chrometrace: 'p.trace.json',
  pprof: 'p.pb.gz',
  firefox: 'p.firefox.json',
  // the report has no time of its own (its times are the samples'), so it too is byte-identical
  html: 'p.html',
} as const;
type OutFormat = keyof typeof outputs;

const filterSets: Array<{ name: string; flags: string[] }> = [
  { name: 'no filter', flags: [] },
  { name: '--idle', flags: ['--idle'] },
  { name: '--gil', flags: ['--gil'] },
  { name: '--threads', flags: ['--threads', '--idle'] },
  { name: '--function', flags: ['--function'] },
  { name: '--nolineno', flags: ['--nolineno'] },
  { name: '--mode cpu', flags: ['--mode', 'cpu'] },
  { name: '--gc', flags: ['--gc'] },
];

/** The target's threads, and the names of the threads in `samples`. */
const THREADS = ['collector', 'raiser', 'sleeper', 'spinner'];
function threadNames(samples: readonly Sample[]): Set<string> {
  const names = new Set<string>();
  for (const s of samples) for (const t of s.traces) if (t.threadName) names.add(t.threadName);
  return names;
}

/** Sampling rounds in which a thread of the target was running (its busy threads had started). */
function busyRounds(samples: readonly Sample[]): number {
  return samples.filter((s) => s.traces.some((t) => t.active)).length;
}

/** The target (capture_target.py, stdin piped) once READY: its busy threads wait for `startWork`. */
async function startTarget(py: PythonInterpreter): Promise<ChildProcess> {
  const child = spawnPython(py, target, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  suite.children.push(child);
  // a "go" written after the target died is lost, not an uncaught EPIPE
  child.stdin!.on('error', () => {});
  await waitForOutput(child, 'READY', 60_000);
  return child;
}

/**
 * Starts the target's busy threads once every capture in `captures` exists (a record creates its
 * capture when it has attached), or as soon as one of `records` has ended (failed: the others then
 * get their busy rounds and end too).
 */
async function startWork(child: ChildProcess, captures: string[], records: Array<Promise<unknown>> = []): Promise<void> {
  let ended = false;
  for (const r of records) r.then(() => { ended = true; }, () => { ended = true; });
  while (!ended && !captures.every((f) => existsSync(f))) await new Promise((r) => setTimeout(r, 50));
  child.stdin!.write('go\n');
}

describe.each(three.map((p) => [p.label, p] as const))('%s: record -o … -o p.pyglass, then convert', (label, py) => {
  it('gives the same bytes as the direct outputs, for every format and filter', async () => {
    const child = await startTarget(py);
    try {
      // the records run side by side (--nonblocking: no pause, so several may read the process),
      // each until its capture has 100 sampling rounds with the target at work (its busy threads
      // start once every record has attached), the unfiltered one also until every thread of the
      // target is in them (checked below; a filtered record's capture need not name them all: seen
      // once with --gil on 3.11-debian, 33,305 rounds without one of the four)
      const dirs = filterSets.map((f) => join(suite.dir, `${label}-${f.name.replace(/\W/g, '') || 'none'}`));
      const pending = filterSets.map((f, i) => {
        const dir = dirs[i]!;
        mkdirSync(dir, { recursive: true });
        const os = Object.values(outputs).flatMap((o) => ['-o', join(dir, o)]);
        return recordUntil(['-r', '200', '--nonblocking', '--hideprogress', ...f.flags, ...os, '-p', String(child.pid)], join(dir, 'p.pyglass'),
          f.flags.length === 0 ? '100 busy rounds with every thread' : '100 busy rounds',
          (samples) => busyRounds(samples) >= 100 && (f.flags.length > 0 || THREADS.every((t) => threadNames(samples).has(t))));
      });
      await startWork(child, dirs.map((d) => join(d, 'p.pyglass')), pending);
      const records = await Promise.all(pending);
      // the target has done its part: stopped (SIGSTOP), not killed, as a convert of a target in a
      // chroot (the sid interpreters) reads the source lines for the html report through /proc/PID/root
      child.kill('SIGSTOP');
      for (const r of records) expect(r.status, r.stderr).toBe(0);
      for (const [i, f] of filterSets.entries()) {
        const dir = dirs[i]!;
        // one convert writes every format (each output's format from its extension, as record's)
        const conversion = await pyglassRun(['convert', join(dir, 'p.pyglass'), ...f.flags, ...Object.values(outputs).flatMap((o) => ['-o', join(dir, `c-${o}`)])], { timeout: 90_000 });
        expect(conversion.status, `${f.name}: ${conversion.stderr}`).toBe(0);
        for (const format of Object.keys(outputs) as OutFormat[]) {
          const direct = readFileSync(join(dir, outputs[format]));
          const converted = readFileSync(join(dir, `c-${outputs[format]}`));
          expect(converted.equals(direct), `${label} ${f.name}: convert's ${format} differs from record's ${outputs[format]}`).toBe(true);
        }
        const ff = JSON.parse(readFileSync(join(dir, outputs.firefox), 'utf8')) as unknown;
        expect(checkFirefoxProfile(ff), `${f.name}`).toEqual([]);
      }
      // --gc: when the capture saw a collection on a recorded trace, the outputs show <GC> (the target's "collector" makes garbage)
      const gcDir = dirs[filterSets.findIndex((f) => f.name === '--gc')]!;
      let collecting = 0;
      for (const s of readCapture(join(gcDir, 'p.pyglass')).samples()) {
        for (const t of s.traces) if (t.states !== undefined && (t.states & ThreadStates.GcCollecting) !== 0 && traceRecorded(t, { includeIdle: false, gilOnly: false })) collecting++;
      }
      console.log(`[capture convert] ${label}: --gc record saw ${collecting} recorded traces during a collection`);
      if (collecting > 0) expect(readFileSync(join(gcDir, outputs.raw), 'utf8')).toContain('<GC>');
      // the capture holds every thread, idle ones included, whatever the filters
      const c = readCapture(join(dirs[0]!, 'p.pyglass'));
      expect([...threadNames([...c.samples()])].sort()).toEqual(expect.arrayContaining(THREADS));
      expect(c.metadata.options.rate).toBe(200);
      expect(c.processes[0]!.pid).toBe(child.pid);
      expect(c.processes[0]!.pythonVersion).toBe(py.version);
      expect(c.summary?.stopReason).toBe('Control-C pressed');
    } finally {
      kill(child);
    }
  }, 400_000);
});

/**
 * A 2-s record of the target into DIR/p.pyglass (and the other -o given); `work`: its busy threads
 * start once the record has attached (else they stay idle: a capture of idle threads is enough).
 */
async function recordCapture(child: ChildProcess, dir: string, work: boolean, extra: string[] = []): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'p.pyglass');
  const record = pyglassRun(['record', '-d', '2', '-r', '200', '--nonblocking', '--hideprogress', '-o', file, ...extra, '-p', String(child.pid)], { timeout: 90_000 });
  if (work) await startWork(child, [file], [record]);
  const r = await record;
  expect(r.status, r.stderr).toBe(0);
  return file;
}

const py = all.find((p) => p.major === 3 && !p.root) ?? all[all.length - 1]!;

describe(`convert (${py.label})`, () => {
  it('--from/--to cut exactly: the samples whose time is in [from, to)', async () => {
    const child = await startTarget(py);
    // at work: the spinner's stacks are selected below
    const file = await recordCapture(child, join(suite.dir, 'window'), true);
    kill(child);
    const c = readCapture(file);
    let expected = 0;
    for (const s of c.samples()) {
      const rel = s.time - c.metadata.startTime;
      if (rel >= 500 && rel < 1250) for (const t of s.traces) if (traceRecorded(t, { includeIdle: true, gilOnly: false })) expected++;
    }
    expect(expected).toBeGreaterThan(0);
    const out = join(suite.dir, 'window', 'w.txt');
    const r = await pyglassRun(['convert', file, '--from', '0.5', '--to', '1.25', '--idle', '-f', 'raw', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const counted = readFileSync(out, 'utf8').trim().split('\n').reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    expect(counted).toBe(expected);
    // a thread selection: only the spinner's stacks
    const only = join(suite.dir, 'window', 'spinner.txt');
    const s = await pyglassRun(['convert', file, '--thread', 'spinner', '--threads', '-f', 'raw', '-o', only]);
    expect(s.status, s.stderr).toBe(0);
    const lines = readFileSync(only, 'utf8').trim().split('\n');
    expect(lines.every((l) => /^thread \([^)]*\): spinner;/.test(l)), lines.join('\n')).toBe(true);
  }, 120_000);

  it('reads a record killed with SIGKILL after 3 s up to its last flushed second, and says it was cut short', async () => {
    // the target's threads stay idle (the record is of their stacks all the same: --idle below)
    const child = await startTarget(py);
    const dir = join(suite.dir, 'killed');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'k.pyglass');
    const rec = pyglassRun(['record', '-r', '200', '--nonblocking', '--hideprogress', '-o', file, '-p', String(child.pid)], {
      timeout: 60_000,
      onSpawn: (p) => {
        // SIGKILL 3 s after sampling started (the capture's file appears when the record has attached)
        let started: number | undefined;
        const poll = setInterval(() => {
          if (started === undefined && existsSync(file)) started = Date.now();
          if (started !== undefined && Date.now() - started >= 3000) {
            clearInterval(poll);
            p.kill('SIGKILL');
          }
        }, 20);
      },
    });
    const r = await rec;
    kill(child);
    expect(r.status).toBe(-1);
    const c = readCapture(file);
    expect(c.cutShort).toBe(true);
    let last = 0;
    let n = 0;
    for (const s of c.samples()) {
      last = s.time - c.metadata.startTime;
      n++;
    }
    // at most the last quarter second (plus the time to attach) is lost
    expect(n).toBeGreaterThan(0);
    expect(last).toBeGreaterThanOrEqual(1000);
    const out = join(dir, 'k.txt');
    const conv = await pyglassRun(['convert', file, '--idle', '-f', 'raw', '-o', out]);
    expect(conv.status, conv.stderr).toBe(0);
    expect(conv.stderr).toMatch(/was cut short/);
    expect(readFileSync(out, 'utf8').length).toBeGreaterThan(0);
  }, 120_000);

  it('bad input: one clear line, a non-zero exit, and no output file left', async () => {
    // a capture of the idle target: any good capture, to damage
    const child = await startTarget(py);
    const dir = join(suite.dir, 'bad');
    const file = await recordCapture(child, dir, false);
    kill(child);
    const good = readFileSync(file);
    const write = (name: string, bytes: Uint8Array) => {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return p;
    };
    const flipped = Uint8Array.from(good);
    flipped[Math.floor(good.length / 2)]! ^= 0x10;
    const newer = Uint8Array.from(good);
    newer[10] = 99;
    const cases: Array<[string, string[], RegExp]> = [
      ['not a capture', [write('text.pyglass', Buffer.from('root;leaf 1\n'))], /is not a pyglass capture/],
      ['truncated in its header', [write('short.pyglass', good.subarray(0, 16))], /is damaged/],
      ['bit-flipped', [write('flipped.pyglass', flipped)], /is damaged \(checksum mismatch/],
      ['newer version', [write('newer.pyglass', newer)], /format version 99; this pyglass reads versions up to 1: upgrade pyglass/],
      ['empty window', [file, '--from', '1000'], /no samples between 1000\.000 s and the end/],
      ['--from after --to', [file, '--from', '2', '--to', '1'], /--from 2 is not before --to 1/],
      ['no such file', [join(dir, 'missing.pyglass')], /cannot read .*missing\.pyglass.*no such file/],
    ];
    for (const [what, args, message] of cases) {
      const out = join(dir, `out-${what.replace(/\W/g, '')}.svg`);
      const r = await pyglassRun(['convert', ...args, '-o', out]);
      expect(r.status, `${what}: ${r.stderr}`).not.toBe(0);
      expect(r.stderr, what).toMatch(message);
      expect(isOneLineError(r.stderr), `${what}: ${r.stderr}`).toBe(true);
      expect(existsSync(out), `${what}: ${out} was left behind`).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  }, 120_000);
});

describe('record -o', () => {
  it('takes each file\'s format from its extension, warns when -f disagrees, refuses one path twice', async () => {
    const child = await startTarget(py);
    // at work from the start (the raw output below needs active stacks)
    child.stdin!.write('go\n');
    const dir = join(suite.dir, 'outputs');
    mkdirSync(dir, { recursive: true });
    const pid = String(child.pid);
    // the three records side by side (--nonblocking: several may read the process), the target killed once they have ended
    const [r, w, twice] = await Promise.all([
      pyglassRun(['record', '-d', '1', '-r', '100', '--nonblocking', '--hideprogress', '-o', join(dir, 'prof.pb.gz'), '-o', join(dir, 'prof.json'), '-p', pid]),
      pyglassRun(['record', '-d', '1', '-r', '100', '--nonblocking', '--hideprogress', '-f', 'raw', '-o', join(dir, 'forced.svg'), '-p', pid]),
      pyglassRun(['record', '-d', '1', '--nonblocking', '-o', join(dir, 'same.svg'), '-o', join(dir, 'same.svg'), '-p', pid]),
    ]);
    kill(child);
    expect(r.status, r.stderr).toBe(0);
    expect([...readFileSync(join(dir, 'prof.pb.gz')).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(JSON.parse(readFileSync(join(dir, 'prof.json'), 'utf8')).$schema).toMatch(/speedscope/);
    expect(r.stderr).not.toMatch(/warn/i);

    expect(w.status, w.stderr).toBe(0);
    expect(w.stderr).toMatch(/-f raw .*forced\.svg/);
    expect(readFileSync(join(dir, 'forced.svg'), 'utf8')).toMatch(/^\S.* \d+$/m);

    expect(twice.status).not.toBe(0);
    expect(twice.stderr).toMatch(/given twice/);
    expect(isOneLineError(twice.stderr), twice.stderr).toBe(true);
    expect(existsSync(join(dir, 'same.svg'))).toBe(false);
  }, 120_000);
});

describe('firefox -s', () => {
  const py3 = all.filter((p) => p.major === 3 && p.minor >= 6 && !p.root).pop();
  it.skipIf(py3 === undefined)('puts the 3 processes of a tree in one file that passes the checker', async () => {
    const child = spawnPython(py3!, tree, ['1', '1', '30']);
    suite.children.push(child);
    const ready = await waitForOutput(child, 'READY', 60_000);
    const pids = ready.split('READY')[1]!.trim().split(/\s+/).map(Number);
    const dir = join(suite.dir, 'tree');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, 'tree.firefox.json');
    // until every process of the tree is in the capture (a duration can pass before the children are found)
    const r = await recordUntil(['-s', '--idle', '-r', '50', '--hideprogress', '-o', out, '-p', String(child.pid)], join(dir, 'tree.pyglass'),
      'samples of the 3 processes', (samples) => new Set(samples.flatMap((x) => x.traces.map((t) => t.pid))).size >= 3);
    kill(child);
    expect(r.status, r.stderr).toBe(0);
    const profile = JSON.parse(readFileSync(out, 'utf8')) as { threads: Array<{ pid: string; processName: string; isMainThread: boolean }> };
    expect(checkFirefoxProfile(profile)).toEqual([]);
    const inFile = new Set(profile.threads.map((t) => Number(t.pid)));
    expect([...inFile].sort()).toEqual([child.pid!, ...pids].sort());
    expect(profile.threads.filter((t) => t.isMainThread).length).toBe(3);
    expect(profile.threads.every((t) => t.processName.includes('process_tree.py'))).toBe(true);
    const conv = await pyglassRun(['convert', join(dir, 'tree.pyglass'), '--idle', '-f', 'firefox', '-o', join(dir, 'c.firefox.json')]);
    expect(conv.status, conv.stderr).toBe(0);
    expect(readFileSync(join(dir, 'c.firefox.json')).equals(readFileSync(out))).toBe(true);
  }, 240_000);
});
