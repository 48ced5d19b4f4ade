/**
 * /proc helpers (Linux). Pure fs, no koffi. The parsers are exported separately so they can be
 * unit- and fuzz-tested on captured text.
 */
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { isSystemError, ProcessNotFound } from '../errors.js';
import { isGoneErrno, isGoneOrHiddenErrno } from './errno.js';
import { parseStat, parseStatState, StatField, statFields } from './stat.js';
import { permissionDenied } from './classify.js';
import { processTable } from './status.js';
import type { MemoryMap } from '../types.js';

export { parseStat, parseStatFlags, parseStatState } from './stat.js';
export type { ProcStat } from './stat.js';

const MAPS_LINE = /^([0-9a-f]+)-([0-9a-f]+)\s+(\S+)\s+([0-9a-f]+)\s+(\S+)\s+(\d+)(?: +(.*))?$/;
const DELETED = ' (deleted)';

/**
 * Parses one /proc/PID/maps line, or returns undefined when it is not one. Paths may contain
 * spaces; a trailing " (deleted)" is removed from `path` and reported as `deleted: true`.
 */
export function parseMapsLine(line: string): MemoryMap | undefined {
  const m = MAPS_LINE.exec(line);
  if (!m) return undefined;
  const perms = m[3]!;
  let path = m[7] ?? '';
  let deleted = false;
  if (path.endsWith(DELETED)) {
    path = path.slice(0, -DELETED.length);
    deleted = true;
  }
  const map: MemoryMap = {
    start: parseInt(m[1]!, 16),
    end: parseInt(m[2]!, 16),
    perms,
    readable: perms[0] === 'r',
    writable: perms[1] === 'w',
    executable: perms[2] === 'x',
    offset: parseInt(m[4]!, 16),
    dev: m[5]!,
    inode: Number(m[6]!),
    path,
  };
  if (deleted) map.deleted = true;
  return map;
}

/** Parses the whole text of /proc/PID/maps (lines that do not parse are skipped). */
export function parseMaps(text: string): MemoryMap[] {
  const out: MemoryMap[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const m = parseMapsLine(line);
    if (m) out.push(m);
  }
  return out;
}

/** Splits /proc/PID/cmdline (NUL-separated) into arguments, dropping empty parts like py-spy. */
export function parseCmdline(text: string): string[] {
  return text.split('\0').filter((s) => s.length > 0);
}

/** A /proc/PID file as text. Throws ProcessNotFound / PermissionDenied. */
export function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch (e) {
    throw procError(pid, e);
  }
}

function procError(pid: number, e: unknown): Error {
  if (isGoneErrno(e)) return new ProcessNotFound(pid);
  if (isGoneOrHiddenErrno(e)) return permissionDenied(pid);
  return e instanceof Error ? e : new Error(String(e));
}

/** True while /proc/PID exists (zombies included). */
export function processExists(pid: number): boolean {
  return Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`);
}

/** The memory maps of a process. Throws ProcessNotFound / PermissionDenied. */
export function readMaps(pid: number): MemoryMap[] {
  return parseMaps(readProc(pid, 'maps'));
}

/** The task (thread) ids of a process, in ascending order; the first is usually `pid` itself. */
export function listThreads(pid: number): number[] {
  let names: string[];
  try {
    names = readdirSync(`/proc/${pid}/task`);
  } catch (e) {
    throw procError(pid, e);
  }
  const tids: number[] = [];
  for (const n of names) {
    const t = Number(n);
    if (Number.isInteger(t) && t > 0) tids.push(t);
  }
  return tids.sort((a, b) => a - b);
}

/** The scheduler state character of one thread (R, S, D, T, t, Z …). Throws ProcessNotFound when the thread is gone. */
export function threadState(pid: number, tid: number): string {
  return parseStatState(readProc(pid, `task/${tid}/stat`));
}

/** The command line of a process. */
export function processCmdline(pid: number): string[] {
  return parseCmdline(readProc(pid, 'cmdline'));
}

/** The path of the process's executable as the process sees it (readlink /proc/PID/exe). */
export function processExe(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch (e) {
    throw procError(pid, e);
  }
}

/**
 * An identity of the program image a process runs now: its code and stack addresses (stat fields
 * startcode, endcode, startstack). exec() maps a new image at new (randomised) addresses, so the
 * identity changes though the pid does not. Throws ProcessNotFound when the process is gone.
 */
export function processImageId(pid: number): string {
  const rest = statFields(readProc(pid, 'stat')) ?? [];
  return `${rest[StatField.startCode] ?? ''}:${rest[StatField.endCode] ?? ''}:${rest[StatField.startStack] ?? ''}`;
}

/** The parent process id. */
export function parentPid(pid: number): number {
  return parseStat(readProc(pid, 'stat')).ppid;
}

/** Every transitive descendant of `pid` (children, grandchildren …), found through /proc/*\/stat. */
export function childProcesses(pid: number): Array<{ pid: number; ppid: number }> {
  const byParent = new Map<number, number[]>();
  for (const [p, { ppid }] of processTable()) {
    const list = byParent.get(ppid);
    if (list) list.push(p);
    else byParent.set(ppid, [p]);
  }
  const out: Array<{ pid: number; ppid: number }> = [];
  const queue = [pid];
  const seen = new Set<number>([pid]);
  while (queue.length) {
    const parent = queue.shift()!;
    for (const child of byParent.get(parent) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push({ pid: child, ppid: parent });
      queue.push(child);
    }
  }
  return out;
}

/** True when the process lives in another mount namespace than ours (e.g. a container); false when unknown. */
export function isDifferentMountNamespace(pid: number): boolean {
  try {
    return readlinkSync('/proc/self/ns/mnt') !== readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch (e) {
    if (!isSystemError(e)) throw e;
    return false;
  }
}

/** The ids of every process visible here (the numeric entries of /proc), ascending. */
export function listProcessIds(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const p = Number(name);
    if (Number.isInteger(p) && p > 0) pids.push(p);
  }
  return pids.sort((a, b) => a - b);
}

/** The environment a process was started with (/proc/PID/environ). Throws ProcessNotFound / PermissionDenied. */
export function processEnvironment(pid: number): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of readProc(pid, 'environ').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}
