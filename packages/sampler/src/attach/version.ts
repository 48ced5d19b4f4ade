/**
 * Which Python the target runs: the version read from its memory, its hex constant or its file name.
 * This runs before any layout is chosen (the version picks it), so its tests of major and minor are of
 * plausible version numbers; what a version's structures are is told by its layout, never here.
 */
/** The target's Python version (py-spy's Version). */
export interface PythonVersion {
  major: number;
  minor: number;
  patch: number;
  /** "", "a1", "b2", "rc1" … */
  release: string;
  /** Text after "+" in the version (e.g. Debian's "2.7.15+" → ""), when present. */
  buildMetadata?: string | undefined;
  /** "3.12.1", "3.7.0rc1", "2.7.15+" */
  string: string;
}

export function formatVersion(major: number, minor: number, patch: number, release = '', buildMetadata?: string): string {
  return `${major}.${minor}.${patch}${release}${buildMetadata === undefined ? '' : `+${buildMetadata}`}`;
}

function make(major: number, minor: number, patch: number, release = '', buildMetadata?: string): PythonVersion {
  return { major, minor, patch, release, buildMetadata, string: formatVersion(major, minor, patch, release, buildMetadata) };
}

/** From a PY_VERSION_HEX value (the `Py_Version` symbol, 3.11+); undefined when implausible. */
export function versionFromHex(hex: number): PythonVersion | undefined {
  const major = hex >>> 24;
  const minor = (hex >>> 16) & 0xff;
  const patch = (hex >>> 8) & 0xff;
  const level = (hex >>> 4) & 0xf;
  const serial = hex & 0xf;
  if (major !== 2 && major !== 3) return undefined;
  if (minor > 50 || ![0xa, 0xb, 0xc, 0xf].includes(level)) return undefined;
  const release = level === 0xa ? `a${serial}` : level === 0xb ? `b${serial}` : level === 0xc ? `rc${serial}` : '';
  return make(major, minor, patch, release);
}

// py-spy's regex, widened to any 3.x minor up to 99 (we have tables for 3.15 and decode debug offsets beyond).
const VERSION_RE = /((2|3)\.(\d{1,2})\.(\d{1,2}))((a|b|c|rc)\d{1,2})?(\+(?:[0-9a-z-]+(?:[.][0-9a-z-]+)*)?)? (.{1,64})/s;

/**
 * Finds the first `sys.version`-like string ("3.12.1 (main, …)") in raw bytes (a `version` buffer or a
 * whole .data/.bss section) that `accept` takes. The version must be followed by a space and at least
 * one more character.
 */
export function scanVersion(bytes: Uint8Array | string, accept: (v: PythonVersion) => boolean = () => true): PythonVersion | undefined {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // Search match by match so a bogus candidate (e.g. "3.7.10fooboo ") does not hide a later real one.
  const re = new RegExp(VERSION_RE.source, 'gs');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const major = Number(m[2]);
    const minor = Number(m[3]);
    const plausible = major === 2 ? minor <= 9 : minor <= 40;
    // A digit right before would make this a suffix of a bigger number ("13.12.1 …").
    const before = m.index > 0 ? text.charCodeAt(m.index - 1) : 0;
    if (plausible && !(before >= 48 && before <= 57) && !(before === 46)) {
      const build = m[7] === undefined ? undefined : m[7].slice(1);
      const v = make(major, minor, Number(m[4]), m[5] ?? '', build);
      if (accept(v)) return v;
    }
    re.lastIndex = m.index + 1;
  }
  return undefined;
}

/** From an executable or library name: python3.12, libpython3.11.so.1.0, python3.13t → X.Y.0. */
export function versionFromFilename(path: string): PythonVersion | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const m = /^(?:lib)?python(\d)\.(\d{1,2})/.exec(base);
  if (!m) return undefined;
  return make(Number(m[1]), Number(m[2]), 0);
}
