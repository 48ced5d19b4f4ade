import type { PythonLayout } from './layout.js';
import { UnsupportedPythonVersion } from './errors.js';
import { generatedLayouts } from './gen/index.js';

export interface VersionSpec {
  readonly major: number;
  readonly minor: number;
  readonly patch?: number;
}

export interface VariantOptions {
  /** a free-threaded (Py_GIL_DISABLED, "t") build */
  readonly freeThreaded?: boolean;
  /** a debug (Py_DEBUG, "d") build */
  readonly debug?: boolean;
}

/** Every generated table (frozen), oldest version first. */
export function supportedLayouts(): readonly PythonLayout[] {
  return generatedLayouts;
}

/** "2.7, 3.6–3.15; free-threaded: 3.13; debug: 3.14" */
export function supportedRange(): string {
  const fmt = (ls: readonly PythonLayout[]) => {
    const minors = [...new Set(ls.map((l) => `${l.major}.${l.minor}`))];
    const parts: string[] = [];
    let runStart = 0;
    for (let i = 1; i <= minors.length; i++) {
      const prev = minors[i - 1]!.split('.').map(Number) as [number, number];
      const cur = minors[i]?.split('.').map(Number);
      if (cur && cur[0] === prev[0] && cur[1] === prev[1] + 1) continue;
      parts.push(runStart === i - 1 ? minors[runStart]! : `${minors[runStart]}–${minors[i - 1]}`);
      runStart = i;
    }
    return parts.join(', ');
  };
  const ft = generatedLayouts.filter((l) => l.freeThreaded);
  const dbg = generatedLayouts.filter((l) => l.debug);
  return `${fmt(generatedLayouts.filter((l) => !l.freeThreaded && !l.debug))}` +
    (ft.length ? `; free-threaded: ${fmt(ft)}` : '') + (dbg.length ? `; debug: ${fmt(dbg)} (other debug builds use the release table)` : '');
}

/** Accepts {major, minor, patch?} or "3.13", "3.13.2", "3.13t", "3.14.0d" (t: free-threaded, d: debug). */
function parseVersion(v: VersionSpec | string): VersionSpec & VariantOptions {
  if (typeof v !== 'string') return v;
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?(t?)(d?)\s*$/.exec(v);
  if (!m) throw new UnsupportedPythonVersion(v, supportedRange());
  return {
    major: Number(m[1]), minor: Number(m[2]), ...(m[3] === undefined ? {} : { patch: Number(m[3]) }),
    ...(m[4] ? { freeThreaded: true } : {}), ...(m[5] ? { debug: true } : {}),
  };
}

function describe(v: VersionSpec, o: VariantOptions): string {
  return `${v.major}.${v.minor}${v.patch === undefined ? '' : `.${v.patch}`}${o.freeThreaded ? 't' : ''}${o.debug ? 'd' : ''}`;
}

function pickPatch(candidates: readonly PythonLayout[], patch: number | undefined): PythonLayout | undefined {
  if (patch === undefined) return candidates.find((l) => l.patchMax === undefined) ?? candidates[candidates.length - 1];
  return candidates.find((l) => (l.patchMin ?? 0) <= patch && patch <= (l.patchMax ?? Infinity));
}

/**
 * The layout table for a CPython version and build variant.
 *
 * - `patch` selects among patch-range tables (3.13.0 has its own: see README); without it the table
 *   of the latest patches is returned.
 * - A debug build without a debug table gets the release table: the only debug table generated so far
 *   (3.14d) differs from 3.14's only in runtime_state.size and interpreter_state.size, not in any offset.
 * - A free-threaded build without a free-threaded table is refused: those layouts differ everywhere.
 *
 * @throws UnsupportedPythonVersion naming the version and the supported range
 */
export function layoutFor(version: VersionSpec | string, options: VariantOptions = {}): PythonLayout {
  const v = parseVersion(version);
  const ft = options.freeThreaded ?? v.freeThreaded ?? false;
  const debug = options.debug ?? v.debug ?? false;
  const flavour = generatedLayouts.filter((l) => l.major === v.major && l.minor === v.minor && l.freeThreaded === ft);
  let candidates = flavour.filter((l) => l.debug === debug);
  if (!candidates.length && debug) candidates = flavour.filter((l) => !l.debug);
  const found = pickPatch(candidates, v.patch);
  if (!found) throw new UnsupportedPythonVersion(describe(v, { freeThreaded: ft, debug }), supportedRange());
  return found;
}
