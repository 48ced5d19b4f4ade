import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Host path of a file as the process `pid` sees it (works for chroot/container targets). */
function hostPath(pid: number, path: string): string {
  // /proc/PID/maps paths are relative to the reader's root: a chroot target in our mount namespace shows
  // host paths; a target in another mount namespace shows its own, reachable via /proc/PID/root.
  return existsSync(path) ? path : `/proc/${pid}/root${path}`;
}

interface Mapping { start: number; offset: number; path: string }

function mappings(pid: number): Mapping[] {
  const out: Mapping[] = [];
  for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
    const m = /^([0-9a-f]+)-[0-9a-f]+ \S+ ([0-9a-f]+) \S+ \d+\s+(\/.*)$/.exec(line);
    if (m) out.push({ start: parseInt(m[1]!, 16), offset: parseInt(m[2]!, 16), path: m[3]! });
  }
  return out;
}

/** st_value of `symbol` in an ELF file (from .dynsym or .symtab), via readelf. */
function symbolValue(file: string, symbol: string): number | undefined {
  const out = execFileSync('readelf', ['-Ws', file], { encoding: 'utf8', maxBuffer: 1 << 27 });
  for (const line of out.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[7] === symbol && f[6] !== 'UND') return parseInt(f[1]!, 16);
  }
  return undefined;
}

function isSharedOrPie(file: string): boolean {
  return /Type:\s+DYN/.test(execFileSync('readelf', ['-h', file], { encoding: 'utf8' }));
}

/**
 * Address of `_PyRuntime` in process `pid`: the symbol in libpython (shared builds) or in the
 * executable (static builds), plus the load bias from /proc/PID/maps.
 */
export function findPyRuntime(pid: number): { address: number; file: string } {
  const maps = mappings(pid);
  const files = [...new Set(maps.map((m) => m.path))].filter((p) => /libpython|\/python[0-9.]*[a-z]*$/.test(p));
  for (const path of files.sort((a, b) => Number(b.includes('libpython')) - Number(a.includes('libpython')))) {
    const file = hostPath(pid, path);
    const value = symbolValue(file, '_PyRuntime');
    if (value === undefined) continue;
    if (!isSharedOrPie(file)) return { address: value, file: path };
    const base = maps.filter((m) => m.path === path).reduce((lo, m) => (m.offset === 0 && (lo === 0 || m.start < lo) ? m.start : lo), 0);
    return { address: base + value, file: path };
  }
  throw new Error(`_PyRuntime not found in ${files.join(', ') || 'any python image'} of pid ${pid}`);
}
