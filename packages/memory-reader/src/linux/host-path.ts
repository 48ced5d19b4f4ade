/**
 * Where this process reaches a target's files (Linux): the one resolver of "a path inside the
 * target's root and mount namespace → a path we can open". A target in a container or chroot sees
 * other files under the same names than we do; /proc/PID/root is its root as seen from here.
 */
import { statSync } from 'node:fs';
import { isSystemError } from '../errors.js';
import type { MemoryMap } from '../types.js';

/** The process's root directory as seen from here: "/proc/PID/root". */
export function processRoot(pid: number): string {
  return `/proc/${pid}/root`;
}

/** The process's working directory as seen from here (relative paths it uses resolve under it). */
export function processCwd(pid: number): string {
  return `/proc/${pid}/cwd`;
}

/** The link to the process's executable as this process opens it: "/proc/PID/exe" (works for a deleted file). */
export function processExeLink(pid: number): string {
  return `/proc/${pid}/exe`;
}

/** The map_files entry of a mapping: opens the very file mapped (deleted too; needs CAP_SYS_ADMIN). */
export function mapFilesPath(pid: number, map: Pick<MemoryMap, 'start' | 'end'>): string {
  return `/proc/${pid}/map_files/${map.start.toString(16)}-${map.end.toString(16)}`;
}

/**
 * A path from the target's point of view, made reachable from ours: absolute paths go through
 * /proc/PID/root (so files of processes in containers or chroots open), relative ones through
 * /proc/PID/cwd.
 */
export function hostPathFor(pid: number, path: string): string {
  return path.startsWith('/') ? `${processRoot(pid)}${path}` : `${processCwd(pid)}/${path}`;
}

/** The inode of a regular file at `path`; undefined when there is none or it cannot be reached. */
function fileInode(path: string): number | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? st.ino : undefined;
  } catch (e) {
    if (!isSystemError(e)) throw e;
    return undefined;
  }
}

/**
 * A path from which this process can open the file behind mapping `map` of `pid`. The kernel
 * prints a maps path relative to *our* root when it can (a chroot'd target shows host paths) and
 * relative to the target's mount otherwise (a container target shows its own paths), so the
 * candidates are checked by inode: the path under the target's root (`root`, default
 * /proc/PID/root), the path as printed, then /proc/PID/map_files (works for deleted files; needs
 * CAP_SYS_ADMIN). The first whose inode is the mapping's wins (any regular file when the map has no
 * inode); else the first regular file found (the file was replaced on disk: the caller checks it
 * against the mapping); else the path under the root.
 */
export function mappedFilePath(pid: number, map: Pick<MemoryMap, 'path' | 'inode' | 'start' | 'end'>, root = processRoot(pid)): string {
  if (!map.path.startsWith('/')) return hostPathFor(pid, map.path);
  const viaRoot = `${root}${map.path}`;
  let firstFile: string | undefined;
  for (const candidate of [viaRoot, map.path, mapFilesPath(pid, map)]) {
    const inode = fileInode(candidate);
    if (inode === undefined) continue;
    if (map.inode === 0 || inode === map.inode) return candidate;
    firstFile ??= candidate;
  }
  return firstFile ?? viaRoot;
}
