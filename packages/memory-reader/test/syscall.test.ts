/**
 * ThreadSyscallReader on a real process (a `sleep`, so nothing is skipped for want of an interpreter):
 * a live thread's syscall file is readable; once the process is gone the thread is not, and neither
 * is a tid that never existed.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processExe, ThreadSyscallReader } from '../src/index.js';

describe.skipIf(!ThreadSyscallReader.supported)('ThreadSyscallReader', () => {
  it('readable for a live thread, not for a gone one', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const pid = child.pid!;
    const reader = new ThreadSyscallReader(pid);
    try {
      // right after spawn the child may not have exec'd yet
      for (let i = 0; i < 100 && !processExe(pid).endsWith('/sleep'); i++) await new Promise((r) => setTimeout(r, 20));
      expect(reader.readable(pid)).toBe(true);
      expect(reader.readable(4194304 + 7)).toBe(false); // above any pid_max
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    expect(reader.readable(pid)).toBe(false);
    reader.close();
  });
});
