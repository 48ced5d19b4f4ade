import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';

/** Lines of context shown above and below the sampled lines of a function. */
const CONTEXT_LINES = 3;
/** At most this many lines per excerpt (a long function shows its hottest stretch only). */
const MAX_LINES = 120;
/** Files larger than this are not embedded. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * A source file as the target sees it: where `hostPath` says its path opens from here first (the
 * target's own root, a container's file system, while it runs), then at the same path here (the target
 * has exited, or shares our root). Undefined when neither can be read.
 */
export function readTargetSource(pid: number, file: string, hostPath?: (pid: number, path: string) => string): string | undefined {
  const candidates = hostPath !== undefined && isAbsolute(file) ? [hostPath(pid, file), file] : [file];
  for (const path of candidates) {
    try {
      const bytes = readFileSync(path);
      if (bytes.length > MAX_FILE_BYTES) return undefined;
      return bytes.toString('utf8');
    } catch (e) {
      // not readable there (a failed system call): try the next place
      if (typeof (e as NodeJS.ErrnoException).code !== 'string') throw e;
    }
  }
  return undefined;
}

/** How far above the first sampled line an excerpt looks for the function's `def` line. */
const DEF_SEARCH_LINES = 40;

/**
 * An excerpt of `text` covering `lines` (sorted, 1-based) with some context, at most MAX_LINES long;
 * it starts at the enclosing `def` line when that is near (frames know their line, not their function's).
 */
export function excerpt(text: string, lines: readonly number[]): { firstLine: number; lines: string[] } | undefined {
  if (lines.length === 0) return undefined;
  const all = text.split(/\r?\n/);
  let first = Math.max(1, lines[0]! - CONTEXT_LINES);
  const indent = (l: string) => l.length - l.trimStart().length;
  const body = all[lines[0]! - 1];
  if (body !== undefined) {
    for (let n = lines[0]! - 1; n >= Math.max(1, lines[0]! - DEF_SEARCH_LINES); n--) {
      const l = all[n - 1]!;
      if (/^\s*(async\s+)?def\s/.test(l) && indent(l) < indent(body)) {
        first = Math.min(first, n);
        break;
      }
    }
  }
  const last = Math.min(all.length, lines[lines.length - 1]! + CONTEXT_LINES);
  if (last - first + 1 > MAX_LINES) first = Math.max(1, last - MAX_LINES + 1);
  if (first > all.length) return undefined;
  return { firstLine: first, lines: all.slice(first - 1, last) };
}

/**
 * Reads the excerpts of the hottest functions' files, skipping those that cannot be read. Functions
 * of one file whose excerpts would overlap or touch share one excerpt.
 */
export function readSourceExcerpts(
  hot: ReadonlyArray<{ pid: number; file: string; lines: number[] }>,
  read: (pid: number, file: string) => string | undefined = readTargetSource,
): Array<{ file: string; firstLine: number; lines: string[] }> {
  const texts = new Map<string, string | undefined>();
  const out: Array<{ file: string; firstLine: number; lines: string[]; key: string }> = [];
  for (const h of hot) {
    const key = `${h.pid}\0${h.file}`;
    if (!texts.has(key)) texts.set(key, read(h.pid, h.file));
    const text = texts.get(key);
    if (text === undefined) continue;
    const e = excerpt(text, h.lines);
    if (e === undefined) continue;
    const near = out.find((o) => o.key === key && e.firstLine <= o.firstLine + o.lines.length && o.firstLine <= e.firstLine + e.lines.length);
    if (near !== undefined) {
      const merged = excerpt(text, [near.firstLine + CONTEXT_LINES, near.firstLine + near.lines.length - 1 - CONTEXT_LINES, ...h.lines].sort((a, b) => a - b));
      if (merged !== undefined && merged.lines.length < MAX_LINES) {
        near.firstLine = merged.firstLine;
        near.lines = merged.lines;
        continue;
      }
    }
    out.push({ file: h.file, ...e, key });
  }
  return out.map(({ file, firstLine, lines }) => ({ file, firstLine, lines }));
}
