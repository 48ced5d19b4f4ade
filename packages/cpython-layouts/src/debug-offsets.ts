import type { PythonLayout } from './layout.js';
import type { DebugOffsetsStructLayout } from './debug-offsets-layout.js';
import { InvalidDebugOffsets } from './errors.js';
import { deepFreeze } from './freeze.js';
import { debugOffsetsLayouts, generatedLayouts } from './gen/index.js';
import { decodePyVersionHex, type PyVersion } from './version.js';

/** "xdebugpy": the first 8 bytes of _PyRuntime on 3.13+ */
export const DEBUG_OFFSETS_COOKIE = 'xdebugpy';

/** How many bytes to read at _PyRuntime so that decodeDebugOffsets() has everything it needs. */
export const DEBUG_OFFSETS_READ_SIZE: number = Math.max(...debugOffsetsLayouts.map((l) => l.size));

// (The duplicates tool pairs this field list with ElfFile's by shape only: documented readonly
// fields, nothing in common to share.)
export interface DecodedDebugOffsets {
  /** PY_VERSION_HEX of the target, decoded */
  readonly version: PyVersion;
  readonly freeThreaded: boolean;
  /**
   * The static table with every field the debug offsets give overlaid on it. Fields absent from
   * `_Py_DebugOffsets` (frame owner constants, dict keys, unicode bits, code flags, …) come from `baseKey`.
   */
  readonly layout: PythonLayout;
  /** key of the static table used as the base, e.g. "v3_14" */
  readonly baseKey: string;
  /** true when the base table is of the same minor and variant (else the closest one was used) */
  readonly exactBase: boolean;
  /** key of the _Py_DebugOffsets struct layout used to read the bytes, e.g. "v3_15" */
  readonly structKey: string;
  /** false when the target is newer than every known struct layout (the newest one was assumed) */
  readonly exactStruct: boolean;
  /** "group.field" paths of `layout` whose value came from the debug offsets */
  readonly fromDebugOffsets: readonly string[];
  /** "group.field" paths of `layout` whose value came from the static table `baseKey` */
  readonly fromStaticTable: readonly string[];
  /** every member of the struct as read ("runtime_state.interpreters_head" → value), incl. groups PythonLayout lacks (gc, gen_object, …) */
  readonly raw: Readonly<Record<string, number>>;
}

/** Members that CPython sets to 0 when the build lacks them (not a real offset 0). */
const ZERO_MEANS_ABSENT = new Set([
  'interpreter_state.gil_runtime_state_enabled', 'interpreter_state.tlbc_generation',
  'interpreter_frame.tlbc_index', 'code_object.co_tlbc',
]);

/** Members whose PythonLayout place differs from "same group, same name". */
function target(path: string, raw: Record<string, number>): [group: string, field: string, value: number] | undefined {
  const v = raw[path]!;
  switch (path) {
    case 'interpreter_state.gil_runtime_state_locked': return ['gil_runtime_state', 'locked', v - raw['interpreter_state.gil_runtime_state']!];
    case 'interpreter_state.gil_runtime_state_holder': return ['gil_runtime_state', 'last_holder', v - raw['interpreter_state.gil_runtime_state']!];
    // already relative to struct _gil_runtime_state
    case 'interpreter_state.gil_runtime_state_enabled': return ['gil_runtime_state', 'enabled', v];
    case 'unicode_object.compactunicodeobject_size': return ['unicode_object', 'compactobject_size', v];
    // the debug offsets' `gc` group is struct _gc_runtime_state
    case 'gc.size': return ['gc_runtime_state', 'size', v];
    case 'gc.collecting': return ['gc_runtime_state', 'collecting', v];
  }
  const dot = path.indexOf('.');
  if (dot < 0) return undefined; // cookie, version, free_threaded
  return [path.slice(0, dot), path.slice(dot + 1), v];
}

function structLayoutFor(v: PyVersion): { struct: DebugOffsetsStructLayout; exact: boolean } {
  const exact = debugOffsetsLayouts.find((l) => l.major === v.major && l.minor === v.minor);
  if (exact) return { struct: exact, exact: true };
  const newest = debugOffsetsLayouts[debugOffsetsLayouts.length - 1]!;
  if (v.major === newest.major && v.minor > newest.minor) return { struct: newest, exact: false };
  throw new InvalidDebugOffsets(`version ${v.major}.${v.minor}.${v.patch} has no _Py_DebugOffsets (they exist from 3.13)`);
}

/** The static table closest to (minor, variant): same variant, newest minor not above the target; else the nearest other variant. */
function baseLayout(v: PyVersion, freeThreaded: boolean, debug: boolean): { base: PythonLayout; exact: boolean } {
  const byDistance = (l: PythonLayout) => (l.minor <= v.minor ? v.minor - l.minor : 1000 + l.minor - v.minor)
    + (l.freeThreaded === freeThreaded ? 0 : 10_000) + (l.debug === debug ? 0 : 100) + (l.patchMax === undefined ? 0 : 1);
  const candidates = generatedLayouts.filter((l) => l.major === v.major && l.minor >= 13);
  let best = candidates[0]!;
  for (const l of candidates) if (byDistance(l) < byDistance(best)) best = l;
  return { base: best, exact: best.minor === v.minor && best.freeThreaded === freeThreaded };
}

/**
 * Decodes the `_Py_DebugOffsets` struct that starts CPython 3.13+'s `_PyRuntime`, given the bytes read
 * there (read DEBUG_OFFSETS_READ_SIZE bytes). Pure: no I/O.
 *
 * @param options.debug whether the target is a debug build (the struct does not say); picks the base table
 * @throws InvalidDebugOffsets when the cookie, version, free_threaded flag or an offset is implausible,
 *         or the bytes are too short
 */
export function decodeDebugOffsets(bytes: Uint8Array, options: { debug?: boolean } = {}): DecodedDebugOffsets {
  if (!(bytes instanceof Uint8Array)) throw new InvalidDebugOffsets('input is not a Uint8Array');
  if (bytes.length < 24) throw new InvalidDebugOffsets(`got ${bytes.length} bytes, need at least 24 for the header`);
  for (let i = 0; i < 8; i++) {
    if (bytes[i] !== DEBUG_OFFSETS_COOKIE.charCodeAt(i)) throw new InvalidDebugOffsets('the cookie is not "xdebugpy"');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u64 = (off: number, what: string): number => {
    const lo = view.getUint32(off, true);
    const hi = view.getUint32(off + 4, true);
    if (hi !== 0) throw new InvalidDebugOffsets(`${what} = 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} does not fit in 32 bits`);
    return lo;
  };
  const hex = u64(8, 'version');
  const version = decodePyVersionHex(hex);
  if (!version || version.major !== 3 || version.minor < 13) {
    throw new InvalidDebugOffsets(`version 0x${hex.toString(16)} is not a PY_VERSION_HEX of 3.13 or later`);
  }
  const ftRaw = u64(16, 'free_threaded');
  if (ftRaw > 1) throw new InvalidDebugOffsets(`free_threaded = ${ftRaw}, expected 0 or 1`);
  const freeThreaded = ftRaw === 1;

  const { struct, exact: exactStruct } = structLayoutFor(version);
  let needed = 0;
  for (const off of Object.values(struct.fields)) needed = Math.max(needed, off + 8);
  if (bytes.length < needed) throw new InvalidDebugOffsets(`got ${bytes.length} bytes, the ${struct.key} struct needs ${needed}`);

  const raw: Record<string, number> = {};
  for (const [path, off] of Object.entries(struct.fields)) {
    if (path === 'cookie') continue;
    const value = u64(off, path);
    // Every offset/size in CPython's structs is far below 16 MiB (the largest, _PyRuntimeState, is ~330 KiB).
    if (value >= 1 << 24 && path !== 'version') throw new InvalidDebugOffsets(`${path} = ${value} is not a plausible offset or size`);
    raw[path] = value;
  }

  const { base, exact: exactBase } = baseLayout(version, freeThreaded, options.debug ?? false);
  const groups: Record<string, Record<string, number | undefined>> = {};
  const fromDebugOffsets: string[] = [];
  for (const [path] of Object.entries(raw)) {
    if (ZERO_MEANS_ABSENT.has(path) && raw[path] === 0) continue;
    const t = target(path, raw);
    if (!t) continue;
    const [group, field, value] = t;
    if (!(group in base)) continue; // gc, set_object, gen_object, …: groups PythonLayout lacks, only in `raw`
    (groups[group] ??= {})[field] = value;
    fromDebugOffsets.push(`${group}.${field}`);
  }
  const fromStaticTable: string[] = [];
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === null || typeof value !== 'object') { merged[key] = value; continue; }
    const over = groups[key] ?? {};
    for (const f of Object.keys(value)) if (!(f in over)) fromStaticTable.push(`${key}.${f}`);
    merged[key] = { ...value, ...over };
  }
  for (const [key, over] of Object.entries(groups)) if (!(key in merged)) merged[key] = { ...over };

  const v = `${version.major}.${version.minor}.${version.patch}`;
  Object.assign(merged, {
    key: `${base.key}+debug_offsets`, major: version.major, minor: version.minor,
    patchMin: undefined, patchMax: undefined, freeThreaded, debug: options.debug ?? false,
    generatedFrom: `_Py_DebugOffsets of ${v}${freeThreaded ? ' (free-threaded)' : ''} over ${base.key} (${base.generatedFrom})`,
  });
  return deepFreeze({
    version, freeThreaded, layout: merged as unknown as PythonLayout, baseKey: base.key, exactBase,
    structKey: struct.key, exactStruct, fromDebugOffsets, fromStaticTable, raw,
  });
}
