/**
 * Pids that cannot be profiled get a one-line message that says why: a kernel thread, a zombie,
 * another user's process (pyglass unprivileged), a pid outside pyglass's pid namespace.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGoneOrHidden, parseStatFlags, threadState } from '@pyglass/memory-reader';
import { stageCli } from '../../../tools/testing/stage-for-user.js';
import { bin, buildCli, isOneLineError, pyglass } from './helpers.js';

const isRoot = process.getuid?.() === 0;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const statOf = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
};
/** The state letter of a process (R, S, Z …), undefined when it is gone. */
const stateOf = (pid: number): string | undefined => {
  try {
    return threadState(pid, pid);
  } catch (e) {
    if (isGoneOrHidden(e)) return undefined;
    throw e;
  }
};
/** pid 2 is kthreadd only in the initial pid namespace (PF_KTHREAD = 0x200000 in the flags field). */
const kthreadd = (() => {
  const stat = statOf(2);
  return stat !== undefined && (parseStatFlags(stat) & 0x200000) !== 0;
})();
const canDropPrivileges = isRoot && has('setpriv');
const canUnsharePid = isRoot && has('unshare') && spawnSync('unshare', ['-p', '-f', '--mount-proc', 'true']).status === 0;
console.log(`[process-kinds]${kthreadd ? '' : ' SKIPPED kernel thread: pid 2 is not kthreadd here (not the initial pid namespace)'}`
  + `${canDropPrivileges ? '' : ' SKIPPED other user: needs root and setpriv'}${canUnsharePid ? '' : ' SKIPPED pid namespace: needs root and unshare -p'}`);

const children: ChildProcess[] = [];
beforeAll(() => buildCli(), 300_000);
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** A process of ours (root's when the tests run as root) that lives for a while. */
function sleeper(): ChildProcess {
  const c = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(c);
  return c;
}

function expectOneLine(r: { status: number | null; stderr: string }, message: RegExp): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(isOneLineError(r.stderr)).toBe(true);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}

describe('a pid that cannot be profiled says why, in one line', () => {
  it.runIf(kthreadd)('a kernel thread (pid 2, kthreadd): dump and record', () => {
    for (const args of [['dump', '-p', '2'], ['record', '-p', '2', '-d', '1', '-o', '-']]) {
      expectOneLine(pyglass(args, { timeout: 30_000 }), /^Error: Process 2 \(kthreadd\) is a kernel thread: it has no executable and runs no Python/);
    }
  }, 90_000);

  it('a zombie (a child its parent never reaps)', async () => {
    // sh starts a child that exits at once, then becomes `sleep`, which never waits for it
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const zombie = Number(await new Promise<string>((res) => parent.stdout!.once('data', (d: Buffer) => res(d.toString()))));
    for (let i = 0; i < 200 && stateOf(zombie) !== 'Z'; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(stateOf(zombie)).toBe('Z');
    expectOneLine(pyglass(['dump', '-p', String(zombie)], { timeout: 30_000 }),
      new RegExp(`^Error: Process ${zombie} \\(sleep\\) is a zombie: it has exited and only waits for its parent \\(pid ${parent.pid}\\)`));
  }, 90_000);

  it.runIf(canDropPrivileges)('another user\'s process, pyglass unprivileged (run from a world-readable copy of the CLI)', () => {
    const target = sleeper();
    const staged = stageCli();
    try {
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, staged.bin, 'dump', '-p', String(target.pid)],
        { encoding: 'utf8', timeout: 30_000, cwd: '/' });
      expectOneLine(r, new RegExp(`^Error: Permission denied reading process ${target.pid}: it belongs to user \\S+ \\(uid 0\\) and pyglass runs as uid 65534 without CAP_SYS_PTRACE: run as root or grant CAP_SYS_PTRACE`));
    } finally {
      staged.remove();
    }
  }, 90_000);

  it.runIf(canUnsharePid)('a pid not visible from pyglass\'s pid namespace (pyglass in a new one, with its own /proc)', () => {
    const target = sleeper();
    const r = spawnSync('unshare', ['-p', '-f', '--mount-proc', process.execPath, bin, 'dump', '-p', String(target.pid)], { encoding: 'utf8', timeout: 30_000 });
    expectOneLine(r, new RegExp(`^Error: Process ${target.pid} not found: pyglass runs in a nested pid namespace`));
  }, 90_000);

  it('a pid that does not exist stays a plain "not found"', () => {
    expectOneLine(pyglass(['dump', '-p', '4194304'], { timeout: 30_000 }), /^Error: Process 4194304 not found: no such process/);
  }, 90_000);
});
