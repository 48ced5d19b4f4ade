import { realpathSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** statfs f_type of procfs (PROC_SUPER_MAGIC). */
const PROC_SUPER_MAGIC = 0x9fa0;

/**
 * True when the directory holding `path` is on a procfs mount: its entries (e.g. /dev/stdout's
 * target, fd/1 of the process) are kernel objects to open, never files to replace. The link
 * itself is not followed: `path` is one step of the caller's resolution.
 */
export function isProcfsPath(path: string): boolean {
  let dir: string;
  try {
    dir = realpathSync(dirname(resolve(path)));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'ELOOP') return false;
    throw e;
  }
  return statfsSync(dir).type === PROC_SUPER_MAGIC;
}
