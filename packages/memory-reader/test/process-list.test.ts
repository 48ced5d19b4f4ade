/**
 * listProcessIds and processEnvironment (the agent's discovery) on real processes: a child of
 * ours with a known environment is listed, its variables read back, and a gone pid is a typed error.
 * No interpreter is involved (a `sleep`), so nothing is skipped.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { listProcessIds, processEnvironment, processExe, ProcessNotFound } from '../src/index.js';

describe('process listing', () => {
  it('lists live processes and reads their environment', async () => {
    const child = spawn('sleep', ['30'], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', PYGLASS_TEST_VAR: 'a=b c' }, stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const pids = listProcessIds();
      expect(pids).toContain(child.pid);
      expect(pids).toContain(process.pid);
      expect([...pids].sort((a, b) => a - b)).toEqual(pids);
      // right after spawn the child may not have exec'd yet (its environment is then ours)
      for (let i = 0; i < 100 && !processExe(child.pid!).endsWith('/sleep'); i++) await new Promise((r) => setTimeout(r, 20));
      const env = processEnvironment(child.pid!);
      expect(env.get('PYGLASS_TEST_VAR')).toBe('a=b c');
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    expect(listProcessIds()).not.toContain(child.pid);
    expect(() => processEnvironment(child.pid!)).toThrow(ProcessNotFound);
  });
});
