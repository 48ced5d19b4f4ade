/**
 * Guard suite: writing an output never damages the machine. `record -o` to a device, a FIFO, a
 * symlink or /dev/stdout writes into what is there instead of replacing it. Device nodes are made
 * in a temporary directory, and /dev itself is only ever touched inside a private mount namespace
 * where a copy of it is bind-mounted over /dev: a regression damages the copy, not this machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPythons, waitForOutput } from '../../../tools/pythons/pythons.js';
import { bin, buildCli, isOneLineError, pyglass, pyglassRun } from './helpers.js';

const py = findPythons().find((p) => p.major === 3 && p.minor >= 8 && !p.root && !p.freeThreaded);
const isRoot = process.getuid?.() === 0;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const canUnshare = isRoot && has('unshare') && spawnSync('unshare', ['-m', 'true']).status === 0;
console.log(`[does-no-harm] interpreter: ${py ? `${py.label} (${py.version})` : 'none: SKIPPED, no non-chroot CPython 3.8+'}`
  + `${isRoot ? '' : '; SKIPPED: device-node cases need root (mknod)'}${canUnshare ? '' : '; SKIPPED: /dev/stdout case needs root and unshare -m'}`);

/**
 * A program that prints a line first and then sleeps until the suite kills it (a loop of a fixed
 * time ended before the last cases on a loaded machine). Records attach to it by pid and end by
 * their duration, so nothing depends on how fast pyglass starts on a loaded machine. What is checked
 * here is where the profile goes, not what the program does: it sleeps (off CPU) and every record
 * takes --idle, so each sample still holds its stack (`<module>` at the sleep's line).
 */
const program = 'print("program output", flush=True)\nimport time\nwhile True: time.sleep(3600)\n';
const work = mkdtempSync(join(tmpdir(), 'pyglass-noharm-'));
let target: ChildProcess | undefined;

beforeAll(async () => {
  buildCli();
  if (!py) return;
  target = spawn(py.executable, ['-c', program], { stdio: ['ignore', 'pipe', 'ignore'] });
  await waitForOutput(target, 'program output');
}, 300_000);
afterAll(() => {
  target?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function recordArgs(output: string, format = 'raw'): string[] {
  return ['record', '-r', '100', '-d', '1', '--idle', '-f', format, '-o', output, '-p', String(target!.pid)];
}

/** A raw profile of the target: its sleeping loop with a count, and nothing else the program printed. */
function expectRawProfile(text: string): void {
  expect(text).toMatch(/^<module> \(<string>:\d+\) \d+$/m);
  expect(text).not.toMatch(/program output/);
}

function mknod(path: string, major: number, minor: number): void {
  const r = spawnSync('mknod', [path, 'c', String(major), String(minor)], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

describe.runIf(py)('record -o never replaces what it writes to', () => {
  it.runIf(isRoot)('a character device (a null device made in a temp dir) stays the device, nothing left beside it', async () => {
    const dir = mkdtempSync(join(work, 'dev-'));
    const dev = join(dir, 'null');
    mknod(dev, 1, 3);
    const before = statSync(dev);
    const r = await pyglassRun(recordArgs(dev), { timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Wrote raw flamegraph data to '.*null'/);
    const after = lstatSync(dev);
    expect(after.isCharacterDevice()).toBe(true);
    expect([after.rdev, after.ino]).toEqual([before.rdev, before.ino]);
    expect(readdirSync(dir)).toEqual(['null']);
  }, 90_000);

  it('a FIFO: its reader gets the profile, the FIFO stays a FIFO', async () => {
    const dir = mkdtempSync(join(work, 'fifo-'));
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let got = '';
    reader.stdout.on('data', (d: Buffer) => { got += d.toString(); });
    const readerDone = new Promise<number | null>((res) => reader.on('close', res));
    try {
      const r = await pyglassRun(recordArgs(fifo), { timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      // a FIFO replaced by a file would leave the reader waiting forever: give it a bound
      expect(await Promise.race([readerDone, new Promise((res) => setTimeout(() => res('the reader (cat) was still waiting for the end of the FIFO after 60 s'), 60_000))])).toBe(0);
      expectRawProfile(got);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(readdirSync(dir)).toEqual(['pipe']);
    } finally {
      if (reader.exitCode === null && reader.signalCode === null) reader.kill('SIGKILL');
    }
  }, 90_000);

  it('a symlink to a file: the target is written (atomically, its mode kept), the link stays', async () => {
    const dir = mkdtempSync(join(work, 'link-'));
    const target = join(dir, 'profile.txt');
    writeFileSync(target, 'old\n');
    chmodSync(target, 0o640);
    const link = join(dir, 'link.txt');
    symlinkSync('profile.txt', link);
    const r = await pyglassRun(recordArgs(link), { timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('profile.txt');
    expectRawProfile(readFileSync(target, 'utf8'));
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['link.txt', 'profile.txt']);
  }, 90_000);

  it('a dangling symlink: its target is created, the link stays', async () => {
    const dir = mkdtempSync(join(work, 'dangling-'));
    const link = join(dir, 'link.txt');
    symlinkSync('new.txt', link);
    const r = await pyglassRun(recordArgs(link), { timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expectRawProfile(readFileSync(join(dir, 'new.txt'), 'utf8'));
  }, 90_000);

  it.runIf(isRoot)('a symlink to a device: the device is written, link and device stay', async () => {
    const dir = mkdtempSync(join(work, 'linkdev-'));
    mknod(join(dir, 'null'), 1, 3);
    symlinkSync(join(dir, 'null'), join(dir, 'out'));
    const r = await pyglassRun(recordArgs(join(dir, 'out')), { timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(join(dir, 'out')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'null')).isCharacterDevice()).toBe(true);
  }, 90_000);

  it('a Unix socket: the listener receives the profile', async () => {
    const dir = mkdtempSync(join(work, 'sock-'));
    const path = join(dir, 'listen.sock');
    let got = '';
    const received = new Promise<void>((res) => {
      const server = createServer((conn) => {
        conn.on('data', (d: Buffer) => { got += d.toString(); });
        conn.on('end', () => server.close(() => res()));
      });
      server.listen(path);
    });
    const r = await pyglassRun(recordArgs(path), { timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    await received;
    expectRawProfile(got);
  }, 90_000);

  it('-o - writes the profile to standard output (piped into a reader)', async () => {
    const r = await pyglassRun(recordArgs('-'), { timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expectRawProfile(r.stdout);
    expect(r.stderr).toMatch(/Wrote raw flamegraph data to standard output/);
  }, 90_000);

  it('-o - with a launched program: the program\'s own output goes to stderr, the profile alone to stdout', async () => {
    const r = await pyglassRun(['record', '-r', '100', '-d', '2', '--idle', '-f', 'raw', '-o', '-', '--', py!.executable, '-c', program], { timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    // collapsed stacks and counts only (which frames depends on how far the program got)
    const lines = r.stdout.split('\n').filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^\S.* \d+$/);
    expect(r.stdout).not.toMatch(/program output/);
    expect(r.stderr).toMatch(/program output/);
  }, 90_000);

  it('-o - with a binary format (pprof) into a pipe writes the gzip\'d profile', () => {
    const r = spawnSync(process.execPath, [bin, ...recordArgs('-', 'pprof')], { timeout: 60_000 });
    expect(r.status, String(r.stderr)).toBe(0);
    expect([...r.stdout.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
  }, 90_000);

  it.runIf(has('script'))('-o - with a binary format on a terminal is refused before sampling, with one line', () => {
    const typescript = join(work, 'typescript');
    const command = [process.execPath, bin, ...recordArgs('-', 'pprof')].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // script gives the command a terminal; its transcript goes to a temp file
    const r = spawnSync('script', ['-qec', command, typescript], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/refusing to write the binary pprof profile to a terminal/);
    expect(r.stdout).not.toMatch(/Sampling process/);
  }, 90_000);

  it('a directory, or a path in a missing directory, is refused before sampling', () => {
    for (const [out, why] of [[work, /it is a directory/], [join(work, 'missing', 'x.txt'), /does not exist/]] as const) {
      const r = pyglass(recordArgs(out), { timeout: 30_000 });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toMatch(/Sampling process/);
      expect(isOneLineError(r.stderr)).toBe(true);
    }
  }, 90_000);
});

describe.runIf(py && canUnshare)('/dev inside a private mount namespace (a copy of /dev bind-mounted over it)', () => {
  it('-o /dev/stdout piped into a reader or into a socket, and -o /dev/null: the profile reaches the reader, both stay what they were', () => {
    const devCopy = mkdtempSync(join(work, 'devcopy-'));
    chmodSync(devCopy, 0o755);
    for (const [name, minor] of [['null', 3], ['zero', 5], ['random', 8], ['urandom', 9]] as const) mknod(join(devCopy, name), 1, minor);
    symlinkSync('/proc/self/fd', join(devCopy, 'fd'));
    ['stdin', 'stdout', 'stderr'].forEach((name, fd) => symlinkSync(`/proc/self/fd/${fd}`, join(devCopy, name)));
    const out = join(work, 'ns');
    const script = [
      'set -eu',
      'mount --bind "$DEVCOPY" /dev',
      // never go on unless /dev is now the copy
      '[ /dev -ef "$DEVCOPY" ] || { echo "the bind mount did not take: stopping" >&2; exit 97; }',
      '{ "$NODE" "$BIN" record -r 100 -d 1 --idle -f raw -o /dev/stdout -p "$TARGET" 2>"$OUT.err1"; echo $? >"$OUT.status1"; } | cat >"$OUT.stdout"',
      '"$NODE" "$BIN" record -r 100 -d 1 --idle -f raw -o /dev/null -p "$TARGET" >/dev/null 2>"$OUT.err2"; echo $? >"$OUT.status2"',
      // standard output left as the test's own pipe, a socketpair: /dev/stdout cannot be reopened, fd 1 is written
      '"$NODE" "$BIN" record -r 100 -d 1 --idle -f raw -o /dev/stdout -p "$TARGET" 2>"$OUT.err3"; echo $? >"$OUT.status3"',
      'stat -c %F /dev/stdout /dev/null >"$OUT.kinds"',
    ].join('\n');
    // three records one after the other: generous for a loaded machine (spawnSync's timeout kills it silently)
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
      encoding: 'utf8',
      timeout: 400_000,
      env: { ...process.env, DEVCOPY: devCopy, NODE: process.execPath, BIN: bin, TARGET: String(target!.pid), OUT: out },
    });
    expect(r.error, 'the three records in the namespace did not end within 400 s').toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    const read = (suffix: string) => readFileSync(`${out}.${suffix}`, 'utf8');
    expect(read('status1').trim(), read('err1')).toBe('0');
    expectRawProfile(read('stdout'));
    expect(read('err1')).toMatch(/Wrote raw flamegraph data to '\/dev\/stdout'/);
    expect(read('status2').trim(), read('err2')).toBe('0');
    expect(read('status3').trim(), read('err3')).toBe('0');
    expectRawProfile(r.stdout);
    expect(read('kinds').trim().split('\n')).toEqual(['symbolic link', 'character special file']);
    // and seen from outside, after the namespace is gone
    expect(lstatSync(join(devCopy, 'stdout')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(devCopy, 'null')).isCharacterDevice()).toBe(true);
    expect(readdirSync(devCopy).sort()).toEqual(['fd', 'null', 'random', 'stderr', 'stdin', 'stdout', 'urandom', 'zero']);
  }, 450_000);
});
