/** Colours shared by the SVG flame graph and the HTML report's page (no imports: the page bundles this). */

/** Deterministic warm colour (flamegraph.pl "hot" palette) hashed from a function name. */
export function warmColour(name: string): string {
  // FNV-1a, 32 bits; three derived fractions like flamegraph.pl's namehash
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const v1 = (h & 0xff) / 255;
  const v2 = ((h >>> 8) & 0xff) / 255;
  const v3 = ((h >>> 16) & 0xff) / 255;
  const r = 205 + Math.floor(50 * v3);
  const g = Math.floor(230 * v1);
  const b = Math.floor(55 * v2);
  return `rgb(${r},${g},${b})`;
}
