import { realpathSync, statfsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

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

/**
 * The file descriptor of this process that `path` names when it is one of our own procfs fd
 * entries (/proc/self/fd/N, /proc/thread-self/fd/N, /proc/OUR_PID/fd/N: what /dev/stdout and
 * /dev/fd/N lead to), else undefined. Writing to the descriptor itself works where reopening the
 * entry cannot (a socket, e.g. a stdout that is a socketpair).
 */
export function ownFileDescriptor(path: string): number | undefined {
  const name = basename(path);
  if (!/^\d+$/.test(name) || !isProcfsPath(path)) return undefined;
  let dir: string;
  let ours: string;
  try {
    dir = realpathSync(dirname(resolve(path)));
    ours = realpathSync('/proc/self/fd');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES') return undefined;
    throw e;
  }
  // thread-self/fd resolves to …/task/TID/fd: the same table as the process's
  return dir === ours || dir === realpathSync('/proc/thread-self/fd') ? Number(name) : undefined;
}
