/**
 * Floats printed the way py-spy prints them: Rust's `Display` for f64 and f32 — the shortest digits
 * that read back as the same value, never in exponent notation (`1e21` prints all 22 digits).
 */

/** Rewrites a JS number string in exponent notation ("1.5e-7", "3.4e+38") as plain decimal digits. */
function expandExponent(s: string): string {
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // position of the decimal point within `digits` once the exponent is applied
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  return undefined;
}

/** Like Rust's `Display` for f64 (what py-spy prints): 3.1415, 0.5, 1, -2.25, 0.0000001. */
export function formatFloat(v: number): string {
  return special(v) ?? expandExponent(String(v));
}

/**
 * Like Rust's `Display` for f32: the shortest decimal that rounds to the same f32 (0.3, not
 * 0.30000001192092896 as the f64 widening would print). `v` must hold an f32 value.
 */
export function formatFloat32(v: number): string {
  const s = special(v);
  if (s !== undefined) return s;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(v.toPrecision(digits));
    if (Math.fround(candidate) === v) return expandExponent(String(candidate));
  }
  // 9 significant digits always identify an f32
  return expandExponent(String(Number(v.toPrecision(9))));
}
