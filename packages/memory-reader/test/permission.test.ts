import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, fixture, killAll, onePython, startFixture, type Running } from './helpers.js';

afterAll(killAll);

function which(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const canDropPrivileges = process.getuid?.() === 0 && which('setpriv');

describe('PermissionDenied', () => {
  if (!canDropPrivileges) {
    it.skip(`needs root and setpriv (util-linux) to run a reader as an unprivileged user; uid=${process.getuid?.()}, setpriv ${which('setpriv') ? 'found' : 'missing'}`, () => {});
    return;
  }

  let r: Running;
  beforeAll(async () => {
    buildPackage();
    r = await startFixture(onePython('memory-reader permissions'), 'marker.py');
  });

  it('an unprivileged user reading or locking a root-owned Python gets the PermissionDenied message', () => {
    const res = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, fixture('read-as-user.mjs'), String(r.pid)],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(res.status, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { what: string; ok: boolean; name?: string; message?: string });
    const read = lines.find((l) => l.what === 'read')!;
    const lock = lines.find((l) => l.what === 'lock')!;
    expect(read).toMatchObject({ ok: false, name: 'PermissionDenied' });
    expect(read.message).toBe(
      `Permission denied reading process ${r.pid}: run as root or grant CAP_SYS_PTRACE (inside Docker add --cap-add SYS_PTRACE); also check /proc/sys/kernel/yama/ptrace_scope`,
    );
    expect(lock).toMatchObject({ ok: false, name: 'PermissionDenied' });
    expect(lock.message).toMatch(new RegExp(`^Permission denied pausing process ${r.pid}: run as root or grant CAP_SYS_PTRACE`));
  });
});
