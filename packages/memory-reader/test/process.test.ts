/**
 * openProcess on real interpreters, on the host and in the Debian sid chroot (a process whose root is
 * not ours): every fact the process object gives, checked against an independent view (the bytes in
 * its memory, /proc's own links, our own cgroup), its lock, and the typed error once it is gone.
 */
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGoneOrHidden, openProcess, threadState, type TargetProcess } from '../src/index.js';
import { chosenPythons, killAll, startFixture, waitNotStopped, type Running } from './helpers.js';

// one interpreter on the host and one in the chroot, where there are
const all = chosenPythons('memory-reader openProcess');
const pythons = [all.find((p) => !p.root), all.find((p) => p.root)].filter((p) => p !== undefined);

afterAll(killAll);

describe.each(pythons.map((p) => [p.label, p] as const))('openProcess on Python %s', (_label, py) => {
  let r: Running;
  let target: TargetProcess;
  beforeAll(async () => {
    r = await startFixture(py, 'threads.py', ['steady']);
    target = openProcess(r.pid);
  });
  afterAll(() => target.close());

  it('its maps, memory and mapped files agree: the executable\'s first page read from memory is the file the resolver opens', () => {
    const exe = target.exe();
    const first = target.maps().find((m) => m.path === exe && m.offset === 0);
    expect(first).toBeDefined();
    const inMemory = target.memory().read(first!.start, 64);
    expect(inMemory.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    const file = target.mappedFile(first!);
    expect(readFileSync(file).subarray(0, 64).equals(inMemory)).toBe(true);
    expect(statSync(file).ino).toBe(first!.inode);
    // the interpreter's path as it sees it (in the chroot: only there), through its root; its executable's link
    expect(readFileSync(target.hostPath(py.executable)).subarray(0, 64).equals(inMemory)).toBe(true);
    expect(statSync(target.exeLink()).ino).toBe(first!.inode);
    if (py.root) {
      expect(readlinkSync(target.root())).toBe(py.root);
      // the chroot'd target's maps show host paths: the resolver takes the path as printed
      expect(file).toBe(join(py.root, py.executable));
    } else {
      expect(readlinkSync(target.root())).toBe('/');
    }
    expect(target.memory()).toBe(target.memory()); // opened once
  });

  it('its threads, their run states and its command line', () => {
    const threads = target.threads();
    expect(threads).toContain(r.pid);
    expect(threads.length).toBe(4); // main, two sleepers, one spinner
    const states = target.runStates();
    try {
      // the spinner is runnable nearly always; a sleeper mostly not: a thread the kernel shows as
      // sleeping ('S') is read as not running at least once within a bounded number of reads
      let sawRunning = false;
      let sawSleeping = false;
      for (let i = 0; i < 10_000 && !(sawRunning && sawSleeping); i++) {
        for (const tid of threads) {
          if (states.isRunning(tid)) sawRunning = true;
          else sawSleeping = true;
        }
      }
      expect([sawRunning, sawSleeping]).toEqual([true, true]);
      expect(states.isRunning(4194304 + 7)).toBe(true); // gone or unreadable counts as running
    } finally {
      states.close();
    }
    expect(target.cmdline().at(-2)).toMatch(/threads\.py$/);
    expect(target.cmdline().at(-1)).toBe('steady');
  });

  it('its namespaces and container are those of its parent (ours): same pid namespace, same mount namespace, same cgroup', () => {
    expect(target.namespacePids().at(-1)).toBe(r.pid);
    expect(target.differentMountNamespace()).toBe(false);
    expect(target.container()).toEqual(openProcess(process.pid).container());
  });

  it('its lock stops every thread and resumes them', async () => {
    const lock = target.lock();
    try {
      expect([...lock.threads].sort((a, b) => a - b)).toEqual(target.threads());
      for (const tid of lock.threads) expect(threadState(r.pid, tid)).toMatch(/^[tT]$/);
    } finally {
      lock.unlock();
    }
    const after = await waitNotStopped(r.pid);
    expect([...after.values()].some((s) => s === 't' || s === 'T')).toBe(false);
  });

  it('once the process is gone: a typed "gone or hidden" error, and close() twice is fine', async () => {
    const gone = openProcess(r.pid);
    r.child.kill('SIGKILL');
    await new Promise((resolve) => r.child.once('exit', resolve));
    for (const fact of [() => gone.maps(), () => gone.threads(), () => gone.cmdline(), () => gone.exe()]) {
      let error: unknown;
      try {
        fact();
      } catch (e) {
        error = e;
      }
      expect(isGoneOrHidden(error)).toBe(true);
    }
    gone.close();
    gone.close();
  });
});
