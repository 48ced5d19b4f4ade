/** Rust's legacy symbols (`_ZN…17h<16 hex>E`), printed like rustc-demangle's alternate form, without the hash. */
import { isDigit } from './tables.js';

const RUST_HASH = /^h[0-9a-f]{16}$/;
const RUST_ESCAPES: Record<string, string> = {
  SP: '@', BP: '*', RF: '&', LT: '<', GT: '>', LP: '(', RP: ')', C: ',',
};

/** `_ZN…17h<16 hex>E` with every component a plain identifier: rustc's legacy mangling. */
export function demangleRustLegacy(s: string): string | undefined {
  // s starts after "_ZN"
  let p = 0;
  const parts: string[] = [];
  while (p < s.length && s.charAt(p) !== 'E') {
    const start = p;
    while (isDigit(s.charCodeAt(p))) p++;
    if (p === start) return undefined;
    const len = Number(s.slice(start, p));
    if (!(len > 0) || p + len > s.length) return undefined;
    parts.push(s.slice(p, p + len));
    p += len;
    if (parts.length > 1024) return undefined;
  }
  if (s.charAt(p) !== 'E' || parts.length < 2) return undefined;
  const rest = s.slice(p + 1);
  if (rest !== '' && !/^\.llvm\.[0-9A-Fa-f@.]+$/.test(rest)) return undefined;
  if (!RUST_HASH.test(parts[parts.length - 1]!)) return undefined;
  parts.pop();
  const out: string[] = [];
  for (const part of parts) {
    const d = decodeRustIdent(part);
    if (d === undefined) return undefined;
    out.push(d);
  }
  return out.join('::');
}

function decodeRustIdent(id: string): string | undefined {
  let s = id;
  if (s.startsWith('_$')) s = s.slice(1);
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s.charAt(i);
    if (c === '$') {
      const end = s.indexOf('$', i + 1);
      if (end < 0) return undefined;
      const code = s.slice(i + 1, end);
      const simple = RUST_ESCAPES[code];
      if (simple !== undefined) out += simple;
      else if (code.charAt(0) === 'u' && /^u[0-9a-f]{1,6}$/.test(code)) {
        const cp = parseInt(code.slice(1), 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
        out += String.fromCodePoint(cp);
      } else return undefined;
      i = end + 1;
    } else if (c === '.') {
      if (s.charAt(i + 1) === '.') {
        out += '::';
        i += 2;
      } else {
        out += '.';
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
