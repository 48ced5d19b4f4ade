export type ReleaseLevel = 'alpha' | 'beta' | 'candidate' | 'final';

export interface PyVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly releaseLevel: ReleaseLevel;
  readonly serial: number;
  /** the PY_VERSION_HEX value */
  readonly hex: number;
}

const LEVELS: Record<number, ReleaseLevel> = { 0xa: 'alpha', 0xb: 'beta', 0xc: 'candidate', 0xf: 'final' };

/**
 * Decodes a PY_VERSION_HEX value (major<<24 | minor<<16 | micro<<8 | level<<4 | serial).
 * Returns undefined when the release-level nibble is not one of A/B/C/F or the value is not a u32.
 */
export function decodePyVersionHex(hex: number): PyVersion | undefined {
  if (!Number.isInteger(hex) || hex < 0 || hex > 0xffffffff) return undefined;
  const releaseLevel = LEVELS[(hex >>> 4) & 0xf];
  if (!releaseLevel) return undefined;
  return { major: hex >>> 24, minor: (hex >>> 16) & 0xff, patch: (hex >>> 8) & 0xff, releaseLevel, serial: hex & 0xf, hex };
}
