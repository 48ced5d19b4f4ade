import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForOutput } from '../../../tools/pythons/pythons.js';
import { killAll, onePython, track } from './helpers.js';
import { hostPathFor, parseCmdline, parseMaps, parseMapsLine, parseStat, parseStatState, readMaps, listThreads, processExe, processCmdline, parentPid, childProcesses, processRoot, processExists, isDifferentMountNamespace, threadState } from '../src/index.js';

afterAll(killAll);

describe('parseMaps', () => {
  const text = [
    '55d4c0a00000-55d4c0a01000 r--p 00000000 fe:00 26723                      /root/.pyenv/versions/3.11.7/bin/python3.11',
    '7f1567a00000-7f1567b85000 r-xp 00028000 08:01 1234567                    /usr/lib/x86_64-linux-gnu/libc.so.6',
    '7f1567c00000-7f1567c21000 rw-p 00000000 00:00 0 ',
    '7f1567d00000-7f1567d01000 rw-s 00000000 00:05 42                         /dev/shm/my file with spaces (deleted)',
    '7f1567e00000-7f1567e01000 r--p 00001000 00:2a 77                         /tmp/a path/lib (x).so',
    '7ffe51431000-7ffe51452000 rw-p 00000000 00:00 0                          [stack]',
    'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]',
    '',
  ].join('\n');

  it('parses addresses, perms, offset, dev, inode and path', () => {
    const maps = parseMaps(text);
    expect(maps).toHaveLength(7);
    expect(maps[0]).toEqual({
      start: 0x55d4c0a00000, end: 0x55d4c0a01000, perms: 'r--p', readable: true, writable: false, executable: false,
      offset: 0, dev: 'fe:00', inode: 26723, path: '/root/.pyenv/versions/3.11.7/bin/python3.11',
    });
    expect(maps[1]).toMatchObject({ executable: true, offset: 0x28000, dev: '08:01', inode: 1234567, path: '/usr/lib/x86_64-linux-gnu/libc.so.6' });
    expect(maps[2]).toMatchObject({ path: '', writable: true, inode: 0 });
    expect(maps[2]!.deleted).toBeUndefined();
    expect(maps[5]!.path).toBe('[stack]');
    expect(maps[6]).toMatchObject({ path: '[vsyscall]', start: 0xffffffffff600000, executable: true, readable: false });
  });

  it('keeps spaces in paths and strips " (deleted)"', () => {
    const maps = parseMaps(text);
    expect(maps[3]).toMatchObject({ path: '/dev/shm/my file with spaces', deleted: true, perms: 'rw-s' });
    expect(maps[4]).toMatchObject({ path: '/tmp/a path/lib (x).so', offset: 0x1000 });
    expect(maps[4]!.deleted).toBeUndefined();
  });

  it('skips lines that are not maps lines', () => {
    expect(parseMapsLine('hello')).toBeUndefined();
    expect(parseMaps('garbage\n\n00400000-00401000 r-xp 00000000 08:01 1 /bin/x\n')).toHaveLength(1);
  });

  it('round-trips generated lines (fuzz)', () => {
    const hex = fc.bigInt({ min: 0n, max: (1n << 47n) - 1n });
    const path = fc.oneof(
      fc.constant(''),
      fc.constantFrom('[heap]', '[stack]', '[vdso]', '[anon:x y]'),
      fc.stringMatching(/^\/[a-zA-Z0-9 ._()\-/]{0,40}[a-zA-Z0-9._)]$/),
    );
    fc.assert(
      fc.property(hex, hex, fc.constantFrom('r-xp', 'rw-p', '---p', 'r--s'), hex, fc.nat(0xffffffff), path, fc.boolean(), (a, b, perms, off, inode, p, deleted) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const suffix = p && deleted ? ' (deleted)' : '';
        const line = `${start.toString(16)}-${end.toString(16)} ${perms} ${off.toString(16).padStart(8, '0')} fd:01 ${inode}${p ? ' '.repeat(1 + (inode % 20)) + p + suffix : ' '}`;
        const m = parseMapsLine(line)!;
        expect(m).toBeDefined();
        expect(m.start).toBe(Number(start));
        expect(m.end).toBe(Number(end));
        expect(m.offset).toBe(Number(off));
        expect(m.inode).toBe(inode);
        expect(m.perms).toBe(perms);
        expect(m.path).toBe(p);
        expect(m.deleted === true).toBe(!!suffix);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseStat', () => {
  it('takes the fields after the last ")"', () => {
    expect(parseStatState('83 (Thread.(<lambda>)) S 1 19')).toBe('S');
    expect(parseStat('83 (Thread.(<lambda>)) S 1 19')).toEqual({ pid: 83, comm: 'Thread.(<lambda>)', state: 'S', ppid: 1 });
    expect(parseStat('7 (a) b) c) t 42 7 7 0 -1')).toEqual({ pid: 7, comm: 'a) b) c', state: 't', ppid: 42 });
    expect(parseStat('1 (my prog) R 0 1 1')).toMatchObject({ comm: 'my prog', state: 'R', ppid: 0 });
  });

  it('rejects malformed lines', () => {
    expect(() => parseStat('no parens here')).toThrow(/Malformed/);
    expect(() => parseStat('12 (x)')).toThrow(/Malformed/);
  });

  it('handles any comm (fuzz)', () => {
    fc.assert(
      fc.property(fc.nat(4194304), fc.string({ maxLength: 16 }), fc.constantFrom('R', 'S', 'D', 'T', 't', 'Z', 'I'), fc.nat(4194304), (pid, comm, state, ppid) => {
        const s = parseStat(`${pid} (${comm}) ${state} ${ppid} 1 1 0 -1 4194560\n`);
        expect(s).toEqual({ pid, comm, state, ppid });
      }),
      { numRuns: 500 },
    );
  });
});

describe('/proc helpers on this process', () => {
  it('read our own maps, threads, exe, cmdline, parent and children', () => {
    const pid = process.pid;
    const maps = readMaps(pid);
    expect(maps.some((m) => m.path === '[stack]')).toBe(true);
    expect(maps.some((m) => m.executable && m.path === processExe(pid))).toBe(true);
    expect(listThreads(pid)).toContain(pid);
    expect(threadState(pid, pid)).toBe('R');
    expect(parentPid(pid)).toBe(process.ppid);
    expect(childProcesses(process.ppid).map((c) => c.pid)).toContain(pid);
    expect(processRoot(pid)).toBe(`/proc/${pid}/root`);
    expect(hostPathFor(pid, '/usr/bin/x')).toBe(`/proc/${pid}/root/usr/bin/x`);
    expect(hostPathFor(pid, 'rel/x')).toBe(`/proc/${pid}/cwd/rel/x`);
    expect(processExists(pid)).toBe(true);
    expect(processExists(0x3fffffff)).toBe(false);
    expect(isDifferentMountNamespace(pid)).toBe(false);
    expect(parseCmdline('a\0b c\0\0')).toEqual(['a', 'b c']);
  });

  it('read a child\'s cmdline, parent and a grandchild', async () => {
    const py = onePython('proc helpers');
    const code = 'import subprocess, sys, time; p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]); sys.stdout.write("READY %d\\n" % p.pid); sys.stdout.flush(); time.sleep(60)';
    const child = track(spawn(py.executable, ['-c', code, 'arg with spaces'], { stdio: ['ignore', 'pipe', 'inherit'] }));
    const out = await waitForOutput(child, 'READY');
    const grandchild = Number(/READY (\d+)/.exec(out)![1]);
    const pid = child.pid!;
    expect(processCmdline(pid)).toEqual([py.executable, '-c', code, 'arg with spaces']);
    expect(parentPid(pid)).toBe(process.pid);
    expect(parentPid(grandchild)).toBe(pid);
    const kids = childProcesses(process.pid);
    expect(kids).toContainEqual({ pid, ppid: process.pid });
    expect(kids).toContainEqual({ pid: grandchild, ppid: pid });
    expect(childProcesses(pid)).toEqual([{ pid: grandchild, ppid: pid }]);
    expect(processExe(pid)).toBe(realpathSync(py.executable));
    process.kill(grandchild, 'SIGKILL');
  });
});
