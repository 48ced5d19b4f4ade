/**
 * The one parser of /proc/PID/stat and /proc/PID/task/TID/stat lines (Linux). The command name
 * (field 2) may hold spaces and ')', so every field after it is taken after the LAST ')'.
 */
import { MemoryReaderError } from '../errors.js';

/** Fields of a stat line that pyglass uses. */
export interface ProcStat {
  pid: number;
  /** The command name between the parentheses (may contain spaces and parentheses). */
  comm: string;
  /** One state character: R, S, D, T, t, Z, X, I … */
  state: string;
  ppid: number;
}

/** Index in `statFields` of field N of proc(5) (field 3, the state, is index 0). */
export const StatField = { state: 0, ppid: 1, flags: 6, startTime: 19, startCode: 23, endCode: 24, startStack: 25 } as const;

/** The fields after the command name (field 3 onwards); undefined when the line has no ')'. */
export function statFields(line: string): string[] | undefined {
  const close = line.lastIndexOf(')');
  if (close < 0) return undefined;
  return line.slice(close + 1).trim().split(/\s+/);
}

function malformed(line: string): MemoryReaderError {
  return new MemoryReaderError(`Malformed /proc stat line: ${JSON.stringify(line.slice(0, 80))}`);
}

/** Parses a stat line. Throws a MemoryReaderError on malformed input. */
export function parseStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  const rest = statFields(line);
  if (open < 0 || close < open || rest === undefined) throw malformed(line);
  const state = rest[StatField.state] ?? '';
  const ppid = Number(rest[StatField.ppid]);
  const pid = Number(line.slice(0, open).trim());
  if (state.length !== 1 || !Number.isInteger(ppid) || !Number.isInteger(pid)) throw malformed(line);
  return { pid, comm: line.slice(open + 1, close), state, ppid };
}

/** The kernel's per-task flags (PF_*, the 9th field) of a stat line. */
export function parseStatFlags(line: string): number {
  const flags = Number(statFields(line)?.[StatField.flags]);
  if (!Number.isInteger(flags)) throw malformed(line);
  return flags;
}

/** The state character of a stat line, e.g. "83 (Thread.(<lambda>)) S 1 19" → "S". */
export function parseStatState(line: string): string {
  return parseStat(line).state;
}

/** The state byte of a stat line read into `buf` (its first `n` bytes), without decoding it; undefined when malformed. */
export function statStateByte(buf: Buffer, n: number): number | undefined {
  const close = buf.lastIndexOf(41, n - 1); // ')'
  return close < 0 || close + 2 >= n ? undefined : buf[close + 2];
}
