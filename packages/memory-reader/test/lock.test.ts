import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForOutput } from '../../../tools/pythons/pythons.js';
import { MemoryReaderError, ProcessNotFound, getRegisters, listThreads, lockProcess, readMaps, withLock } from '../src/index.js';
import {
  buildPackage, chosenPythons, countPasses, fixture, killAll, lastCount, onePython, sleep, startFixture, threadStates, track, waitNotStopped,
} from './helpers.js';

afterAll(killAll);

const stopped = (s: string) => s === 't' || s === 'T';

/** Every thread listed now must be in tracing stop (or already dead). */
function expectAllTraced(pid: number): Map<number, string> {
  const states = threadStates(pid);
  expect(states.size).toBeGreaterThan(0);
  for (const [tid, s] of states) expect(['t', 'Z', 'X'], `thread ${tid} state ${s}`).toContain(s);
  return states;
}

describe('lockProcess', () => {
  const py = onePython('memory-reader lock');

  it('stops every thread, and unlock leaves the target running and printing', async () => {
    const r = await startFixture(py, 'counter.py');
    await countPasses(r, 3);
    for (let round = 0; round < 5; round++) {
      const lock = lockProcess(r.pid);
      expect(lock.locked).toBe(true);
      expect(lock.threads).toContain(r.pid);
      expectAllTraced(r.pid);
      const before = lastCount(r.out());
      lock.unlock();
      lock.unlock(); // idempotent
      expect(lock.locked).toBe(false);
      const states = await waitNotStopped(r.pid);
      for (const [tid, s] of states) expect(stopped(s), `thread ${tid} state ${s}`).toBe(false);
      await countPasses(r, before);
    }
  });

  it('signals that arrive around a lock are delivered, not lost', async () => {
    const r = await startFixture(py, 'counter.py');
    const usr1 = () => (r.out().match(/USR1 \d+/g) ?? []).length;
    for (let i = 1; i <= 15; i++) {
      process.kill(r.pid, 'SIGUSR1');
      withLock(r.pid, () => expectAllTraced(r.pid));
      for (let w = 0; w < 2000 && usr1() < i; w++) await sleep(5);
      expect(usr1()).toBe(i);
    }
    const states = await waitNotStopped(r.pid);
    for (const s of states.values()) expect(stopped(s)).toBe(false);
  });

  it('a target stopped by SIGSTOP before the lock is still stopped after it, and SIGCONT resumes it', async () => {
    const r = await startFixture(py, 'counter.py');
    process.kill(r.pid, 'SIGSTOP');
    for (let i = 0; i < 500 && threadStates(r.pid).get(r.pid) !== 'T'; i++) await sleep(5);
    expect(threadStates(r.pid).get(r.pid)).toBe('T');
    withLock(r.pid, () => expectAllTraced(r.pid));
    // After the detach the kernel puts the thread back into its group stop.
    let state = '';
    for (let i = 0; i < 500 && (state = threadStates(r.pid).get(r.pid)!) !== 'T'; i++) await sleep(5);
    expect(state).toBe('T');
    await sleep(30);
    const before = lastCount(r.out());
    process.kill(r.pid, 'SIGCONT');
    await countPasses(r, before);
  });

  it('throws ProcessNotFound for a missing pid', () => {
    expect(() => lockProcess(0x3fffffff)).toThrow(ProcessNotFound);
  });
});

describe.each(chosenPythons('memory-reader lock threads').map((p) => [p.label, p] as const))(
  'locking Python %s with threads',
  (_label, py) => {
    it('handles threads started during the lock: 50 lock/unlock rounds, everything runs afterwards', async () => {
      const r = await startFixture(py, 'threads.py', ['churn']);
      const seen = new Set<number>();
      for (let round = 0; round < 50; round++) {
        const lock = lockProcess(r.pid);
        try {
          for (const tid of lock.threads) seen.add(tid);
          const states = expectAllTraced(r.pid);
          // Every live thread is in the lock.
          for (const [tid, s] of states) if (s === 't') expect(lock.threads).toContain(tid);
          expect(() => lockProcess(r.pid)).toThrow(MemoryReaderError);
        } finally {
          lock.unlock();
        }
        // Let the main loop run again (each pass starts 4 short-lived threads) before the next lock.
        await countPasses(r, lastCount(r.out()));
      }
      expect(seen.size).toBeGreaterThan(10); // short-lived threads came and went and were locked
      const states = await waitNotStopped(r.pid);
      for (const [tid, s] of states) expect(stopped(s), `thread ${tid} state ${s}`).toBe(false);
      await countPasses(r, lastCount(r.out()));
      r.child.kill('SIGKILL');
      // 50 rounds, each waiting for a pass of the target's loop (countPasses says when one never
      // comes): on a starved machine a free-threaded build's passes take seconds (60 s ran out once)
    }, 300_000);

    it('registers of locked threads: pc in executable code, sp in a stack', async () => {
      const r = await startFixture(py, 'threads.py', ['steady']);
      const lock = lockProcess(r.pid);
      try {
        const maps = readMaps(r.pid);
        expect(lock.threads.length).toBeGreaterThanOrEqual(4);
        for (const tid of lock.threads) {
          const regs = getRegisters(tid);
          expect(regs.arch).toBe(process.arch === 'x64' ? 'x86_64' : 'aarch64');
          const code = maps.find((m) => regs.pc >= m.start && regs.pc < m.end);
          expect(code?.executable, `pc 0x${regs.pc.toString(16)} of thread ${tid}`).toBe(true);
          const stack = maps.find((m) => regs.sp >= m.start && regs.sp < m.end);
          expect(stack?.writable, `sp 0x${regs.sp.toString(16)} of thread ${tid}`).toBe(true);
          if (tid === r.pid) expect(stack!.path).toBe('[stack]');
          else expect(['', '[stack]']).toContain(stack!.path.replace(/^\[stack:\d+\]$/, '[stack]'));
          if (regs.arch === 'x86_64') {
            expect(regs.all.rip).toBe(regs.pc);
            expect(regs.all.rsp).toBe(regs.sp);
            expect(regs.all.rbp).toBe(regs.fp);
          }
        }
      } finally {
        lock.unlock();
      }
      expect(() => getRegisters(r.pid)).toThrow(/not stopped by lockProcess/);
      r.child.kill('SIGKILL');
    });
  },
);

describe('when the locking process dies', () => {
  const py = onePython('memory-reader lock holder');
  beforeAll(() => buildPackage());

  for (const [how, signal] of [['SIGKILLed', 'SIGKILL'], ['interrupted (SIGINT)', 'SIGINT'], ['terminated (SIGTERM)', 'SIGTERM']] as const) {
    it(`the target resumes when the lock holder is ${how}`, async () => {
      const r = await startFixture(py, 'threads.py', ['steady']);
      const holder = track(spawn(process.execPath, [fixture('hold-lock.mjs'), String(r.pid)], { stdio: ['ignore', 'pipe', 'inherit'] }));
      const out = await waitForOutput(holder, 'LOCKED');
      const tids = /LOCKED ([\d,]+)/.exec(out)![1]!.split(',').map(Number);
      expect(tids.sort()).toEqual(listThreads(r.pid).sort());
      expectAllTraced(r.pid);
      await sleep(30); // let output written before the lock arrive
      const before = lastCount(r.out());
      await sleep(50);
      expect(lastCount(r.out())).toBe(before); // really paused
      const exited = new Promise<NodeJS.Signals | null>((res) => holder.once('exit', (_code, sig) => res(sig)));
      holder.kill(signal);
      // Our SIGINT/SIGTERM hooks detach and then re-raise, so the default (death by that signal) is kept.
      expect(await exited).toBe(signal);
      const states = await waitNotStopped(r.pid);
      for (const [tid, s] of states) expect(stopped(s), `thread ${tid} state ${s}`).toBe(false);
      await countPasses(r, before);
      r.child.kill('SIGKILL');
    });
  }
});
