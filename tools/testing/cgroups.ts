/**
 * Test cgroups (as root): directories made under a cgroup hierarchy so that a process written to
 * their cgroup.procs shows a container-like path in /proc/PID/cgroup. Only what was made here is
 * removed, deepest first, once the processes in it have exited.
 */
import { accessSync, constants, existsSync, mkdirSync, rmdirSync } from 'node:fs';

export class TestCgroups {
  private readonly made: string[] = [];

  constructor(readonly base: string) {}

  /** Whether processes can be moved into cgroups of this hierarchy (its cgroup.procs is writable: root, not read-only). */
  get writable(): boolean {
    try {
      accessSync(`${this.base}/cgroup.procs`, constants.W_OK);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS') return false;
      throw error;
    }
  }

  /** Makes base/a/b/… (the parts that are missing) and returns its path. */
  make(parts: readonly string[]): string {
    let dir = this.base;
    for (const part of parts) {
      dir = `${dir}/${part}`;
      if (!existsSync(dir)) {
        mkdirSync(dir);
        this.made.push(dir);
      }
    }
    return dir;
  }

  /** Removes what make() made; a cgroup stays busy until its processes have exited, so each is retried for up to 2 s. */
  removeAll(): void {
    for (const dir of this.made.splice(0).reverse()) {
      for (let i = 0; i < 100 && existsSync(dir); i++) {
        try {
          rmdirSync(dir);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EBUSY') throw error;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        }
      }
      if (existsSync(dir)) console.error(`could not remove the test cgroup ${dir}: a process is still in it`);
    }
  }
}
