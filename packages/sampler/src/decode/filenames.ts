/** Frame filenames shortened for display (py-spy's short filename), cached per file. */
import { existsSync } from 'node:fs';

/**
 * py-spy's short filename: walk up from the file while the parent directory is a package (has an
 * `__init__.py`), then strip everything above the first non-package directory:
 * `/usr/lib/python3.9/json/decoder.py` → `json/decoder.py`, `/tmp/x/script.py` → `script.py`.
 *
 * `root` is prepended to every existence check (e.g. memory-reader's `processRoot(pid)` for a process in a container or
 * chroot, whose paths are only reachable that way); relative filenames are resolved against `cwd`.
 */
export function shortFilename(filename: string, root = '', cwd = '', exists: (path: string) => boolean = existsSync): string {
  if (!filename.includes('/')) return filename;
  const abs = filename.startsWith('/');
  const host = (dir: string) => (abs ? `${root}${dir}` : `${cwd}${cwd && dir ? '/' : ''}${dir}`);
  let path = filename;
  for (let depth = 0; depth < 64; depth++) {
    const slash = path.lastIndexOf('/');
    const parent = slash > 0 ? path.slice(0, slash) : slash === 0 ? '/' : '';
    path = parent;
    if (parent === '/' || parent === '') break;
    if (!exists(`${host(parent)}/__init__.py`)) break;
  }
  if (path === '') return filename;
  let rest = filename.slice(path.length);
  while (rest.startsWith('/')) rest = rest.slice(1);
  return rest || filename;
}

/**
 * `shortFilename` remembered per filename (each call costs a stat per package level); with `full`
 * (--full-filenames) filenames stay whole.
 */
export function cachedShortFilename(full: boolean, root: string, cwd: string): (filename: string) => string {
  if (full) return (filename) => filename;
  const cache = new Map<string, string>();
  return (filename) => {
    let s = cache.get(filename);
    if (s === undefined) {
      s = shortFilename(filename, root, cwd);
      cache.set(filename, s);
    }
    return s;
  };
}
