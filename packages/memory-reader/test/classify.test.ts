/**
 * Process facts and the typed reasons a pid cannot be profiled, on real processes: this test
 * process, a zombie made on purpose, kthreadd (pid 2, when this is the initial pid namespace).
 * isProcfsPath on real paths. (The CLI's one-line messages: packages/cli/test/process-kinds.test.ts.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkSamplable, isProcfsPath, KernelThread, ownFileDescriptor, parseStatFlags, PidNotVisible, ProcessNotFound, ProcessNotSamplable, processFacts, ZombieProcess,
} from '../src/index.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

const pid2IsKthreadd = (() => {
  try {
    return (parseStatFlags(readFileSync('/proc/2/stat', 'utf8')) & 0x200000) !== 0;
  } catch {
    return false;
  }
})();
if (!pid2IsKthreadd) console.log('[classify] SKIPPED kernel thread case: pid 2 is not kthreadd (not the initial pid namespace)');

describe('processFacts / checkSamplable', () => {
  it('this process: an ordinary, samplable process of ours', () => {
    const facts = checkSamplable(process.pid);
    expect(facts).toMatchObject({ pid: process.pid, kernelThread: false, zombie: false });
    expect(facts.uids[0]).toBe(process.getuid!());
  });

  it.runIf(pid2IsKthreadd)('pid 2 is a kernel thread: KernelThread, a ProcessNotSamplable', () => {
    expect(processFacts(2)).toMatchObject({ comm: 'kthreadd', kernelThread: true });
    const error = (() => { try { checkSamplable(2); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(KernelThread);
    expect(error).toBeInstanceOf(ProcessNotSamplable);
  });

  it('a child its parent never reaps: ZombieProcess', async () => {
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const zombie = Number(await new Promise<string>((res) => parent.stdout!.once('data', (d: Buffer) => res(d.toString()))));
    for (let i = 0; i < 200 && processFacts(zombie)?.state !== 'Z'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(processFacts(zombie)).toMatchObject({ state: 'Z', zombie: true, ppid: parent.pid });
    expect(() => checkSamplable(zombie)).toThrow(ZombieProcess);
  });

  it('a pid that does not exist: ProcessNotFound (not PidNotVisible: this test sees every process)', () => {
    expect(processFacts(4194304)).toBeUndefined();
    const error = (() => { try { checkSamplable(4194304); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ProcessNotFound);
    if (pid2IsKthreadd) expect(error).not.toBeInstanceOf(PidNotVisible);
  });
});

describe('isProcfsPath', () => {
  it('is true for entries of /proc and for /dev/fd entries once resolved, false elsewhere', () => {
    expect(isProcfsPath('/proc/self/fd/1')).toBe(true);
    expect(isProcfsPath('/dev/fd/1')).toBe(true); // /dev/fd is a symlink into /proc
    expect(isProcfsPath('/dev/stdout')).toBe(false); // the link itself is in /dev; its target is in /proc
    expect(isProcfsPath(join(tmpdir(), 'x'))).toBe(false);
    expect(isProcfsPath('/no/such/dir/x')).toBe(false);
  });

  it('ownFileDescriptor: our own fd entries give their number, others and non-fd paths undefined', () => {
    expect(ownFileDescriptor('/proc/self/fd/1')).toBe(1);
    expect(ownFileDescriptor(`/proc/${process.pid}/fd/2`)).toBe(2);
    expect(ownFileDescriptor('/dev/fd/0')).toBe(0);
    expect(ownFileDescriptor('/proc/1/fd/1')).toBeUndefined();
    expect(ownFileDescriptor('/proc/self/status')).toBeUndefined();
    expect(ownFileDescriptor(join(tmpdir(), '1'))).toBeUndefined();
  });
});
