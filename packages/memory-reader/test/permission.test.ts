import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { koffiEntries, stageForUser } from '../../../tools/testing/stage-for-user.js';
import { buildPackage, fixture, killAll, onePython, repoRoot, startFixture, type Running } from './helpers.js';

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
    // nobody may not enter the checkout (a clone in root's mode-700 home): run from a world-readable copy
    const staged = stageForUser([
      [join(repoRoot, 'packages', 'memory-reader', 'dist'), 'memory-reader/dist'],
      [join(repoRoot, 'packages', 'memory-reader', 'package.json'), 'memory-reader/package.json'],
      [fixture('read-as-user.mjs'), 'memory-reader/test/fixtures/read-as-user.mjs'],
      ...koffiEntries(),
    ]);
    let res: SpawnSyncReturns<string>;
    try {
      res = spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, staged.path('memory-reader/test/fixtures/read-as-user.mjs'), String(r.pid)],
        { encoding: 'utf8', timeout: 30_000, cwd: '/' },
      );
    } finally {
      staged.remove();
    }
    expect(res.status, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { what: string; ok: boolean; name?: string; message?: string });
    const read = lines.find((l) => l.what === 'read')!;
    const lock = lines.find((l) => l.what === 'lock')!;
    // another user's process: the message names its owner (OtherUsersProcess, a PermissionDenied)
    expect(read).toMatchObject({ ok: false, name: 'PermissionDenied' });
    expect(read.message).toBe(
      `Permission denied reading process ${r.pid}: it belongs to user root (uid 0) and pyglass runs as uid 65534 without CAP_SYS_PTRACE: run as root or grant CAP_SYS_PTRACE, or run pyglass as that user`,
    );
    expect(lock).toMatchObject({ ok: false, name: 'PermissionDenied' });
    expect(lock.message).toMatch(new RegExp(`^Permission denied pausing process ${r.pid}: it belongs to user root \\(uid 0\\) .*: run as root or grant CAP_SYS_PTRACE`));
  });
});
