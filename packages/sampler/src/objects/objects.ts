/**
 * Reading Python objects out of the target: strings of every kind, ints, dicts (every layout from
 * 2.7 to 3.15, managed dicts and inline values), and py-spy-compatible reprs of locals.
 */
import type { PythonLayout } from '@pyglass/cpython-layouts';
import { formatFloat } from './floats.js';
import { numpyScalarRepr } from './numpy-scalars.js';
import { MemoryReaderError } from '@pyglass/memory-reader';
import { ObjectFileError } from '@pyglass/unwinder';
import { ReadFault, type PageCache } from '../memory/pagecache.js';

/** Strings longer than this are refused (names, filenames) or truncated (reprs). */
export const MAX_STRING_CHARS = 4096;
const MAX_DICT_ENTRIES = 1 << 17;

export class GarbageObject extends Error {
  override name = 'GarbageObject';
}

/** Decodes the character data of a PEP 393 string of `kind` (1, 2 or 4 bytes per char). */
export function decodeStringData(data: Uint8Array, kind: number, ascii: boolean): string {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (kind === 1) return ascii ? buf.toString('latin1') : buf.toString('latin1');
  if (kind === 2) return buf.toString('utf16le');
  if (kind === 4) {
    let s = '';
    const n = data.byteLength >>> 2;
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < n; i++) {
      const cp = dv.getUint32(i * 4, true);
      if (cp > 0x10ffff) throw new GarbageObject(`code point 0x${cp.toString(16)} out of range`);
      s += String.fromCodePoint(cp);
    }
    return s;
  }
  throw new GarbageObject(`string kind ${kind} is not 1, 2 or 4`);
}

/** Python 2 `str` bytes: shown as UTF-8 (invalid sequences become U+FFFD). */
export function decodePy2Str(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}

/**
 * True for the errors reading target memory gives when what was read is not (or no longer) what it
 * should be: a garbage object, an unmapped page, a read the process refused or vanished from.
 */
export function isUnreadable(e: unknown): boolean {
  return e instanceof GarbageObject || e instanceof ReadFault || e instanceof MemoryReaderError || e instanceof ObjectFileError;
}

export class ObjectReader {
  private readonly typeNames = new Map<number, string>();
  readonly py2: boolean;
  private readonly obType: number;
  private readonly tpFlags: number;

  constructor(readonly m: PageCache, readonly L: PythonLayout) {
    this.py2 = L.objects === 'py2';
    this.obType = L.pyobject.ob_type;
    this.tpFlags = L.type_object.tp_flags;
  }

  ptr(address: number): number {
    return this.m.u64(address);
  }

  typeOf(obj: number): number {
    return this.m.u64(obj + this.obType);
  }

  flagsOf(type: number): number {
    return this.m.u64(type + this.tpFlags);
  }

  /** tp_name of a type object (cached by address). */
  typeName(type: number): string {
    let n = this.typeNames.get(type);
    if (n !== undefined) return n;
    const p = this.m.u64(type + this.L.type_object.tp_name);
    const bytes = new Uint8Array(128);
    let len = 0;
    for (; len < 128; len++) {
      const b = this.m.u8(p + len);
      if (b === 0) break;
      bytes[len] = b;
    }
    n = Buffer.from(bytes.buffer, 0, len).toString('utf8');
    this.typeNames.set(type, n);
    return n;
  }

  /**
   * A str object (3.x unicode, 2.x str or unicode) as a JS string. With `truncate`, returns at most
   * `maxChars` characters; otherwise longer strings throw.
   */
  readString(obj: number, maxChars = MAX_STRING_CHARS, truncate = false): string {
    if (!obj) throw new GarbageObject('NULL string');
    const L = this.L;
    const m = this.m;
    if (L.objects === 'py2') {
      const type = this.typeOf(obj);
      const flags = this.flagsOf(type);
      if ((flags & L.constants.Py_TPFLAGS_UNICODE_SUBCLASS) !== 0) {
        const u = L.py2_unicode_object;
        const len = this.clampLen(m.i64(obj + u.length), maxChars, truncate);
        if (len === 0) return '';
        const data = m.bytes(m.u64(obj + u.str), len * u.unicode_size);
        return decodeStringData(data, u.unicode_size, false);
      }
      const s = L.string_object;
      const len = this.clampLen(m.i64(obj + s.ob_size), maxChars * 4, truncate);
      if (len === 0) return '';
      const text = decodePy2Str(m.bytes(obj + s.ob_sval, len));
      return truncate && text.length > maxChars ? text.slice(0, maxChars) : text;
    }
    const u = L.unicode_object;
    const bits = L.unicode_state_bits;
    const state = m.u32(obj + u.state);
    const kind = (state >>> bits.kind_shift) & ((1 << bits.kind_bits) - 1);
    const compact = (state >>> bits.compact_shift) & 1;
    const ascii = (state >>> bits.ascii_shift) & 1;
    const len = this.clampLen(m.i64(obj + u.length), maxChars, truncate);
    if (len === 0) return '';
    if (kind !== 1 && kind !== 2 && kind !== 4) throw new GarbageObject(`string kind ${kind}`);
    const data = compact ? obj + (ascii ? u.asciiobject_size : u.compactobject_size) : m.u64(obj + u.data);
    return decodeStringData(m.bytes(data, len * kind), kind, ascii === 1);
  }

  private clampLen(len: number, max: number, truncate: boolean): number {
    if (!(len >= 0)) throw new GarbageObject(`negative string length ${len}`);
    if (len > max) {
      if (!truncate) throw new GarbageObject(`refusing to copy ${len} chars of a string`);
      return max;
    }
    return len;
  }

  /** Full length of a str object in characters (for truncation decisions). */
  stringLength(obj: number): number {
    const L = this.L;
    if (L.objects === 'py2') {
      const flags = this.flagsOf(this.typeOf(obj));
      if ((flags & L.constants.Py_TPFLAGS_UNICODE_SUBCLASS) !== 0) return this.m.i64(obj + L.py2_unicode_object.length);
      return this.m.i64(obj + L.string_object.ob_size);
    }
    return this.m.i64(obj + L.unicode_object.length);
  }

  /** An int object's value: a number when exact, a bigint beyond 2^53, undefined beyond `maxDigits` digits. */
  readInt(obj: number, maxDigits = 256): number | bigint | undefined {
    const L = this.L;
    const m = this.m;
    const type = this.typeOf(obj);
    const flags = this.flagsOf(type);
    if (L.objects === 'py2' && L.constants.Py_TPFLAGS_INT_SUBCLASS && (flags & L.constants.Py_TPFLAGS_INT_SUBCLASS) !== 0) {
      const lo = m.u32(obj + L.int_object.ob_ival);
      const hi = m.i32(obj + L.int_object.ob_ival + 4);
      if (hi >= -0x200000 && hi < 0x200000) return hi * 2 ** 32 + lo;
      return (BigInt(hi) << 32n) | BigInt(lo);
    }
    const lo = L.long_object;
    let ndigits: number;
    let negative: boolean;
    if (L.longs === 'ob-size') {
      const size = m.i64(obj + lo.lv_tag);
      ndigits = Math.abs(size);
      negative = size < 0;
    } else {
      const tag = m.u64(obj + lo.lv_tag);
      ndigits = Math.floor(tag / 2 ** L.constants._PyLong_NON_SIZE_BITS);
      negative = (tag & 3) === 2;
    }
    if (ndigits === 0) return 0;
    if (ndigits > maxDigits) return undefined;
    const shift = lo.digit_bits;
    if (ndigits * shift <= 52) {
      let v = 0;
      for (let i = ndigits - 1; i >= 0; i--) v = v * 2 ** shift + (lo.digit_size === 4 ? m.u32(obj + lo.ob_digit + i * 4) : m.u32(obj + lo.ob_digit + i * 2) & 0xffff);
      return negative ? -v : v;
    }
    let v = 0n;
    const bs = BigInt(shift);
    for (let i = ndigits - 1; i >= 0; i--) {
      const d = lo.digit_size === 4 ? m.u32(obj + lo.ob_digit + i * 4) : m.u32(obj + lo.ob_digit + i * 2) & 0xffff;
      v = (v << bs) | BigInt(d);
    }
    if (negative) v = -v;
    if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
    return v;
  }

  /**
   * Calls `fn(key, value)` for every entry of a dict object (2.7 and ≤3.5 ma_table, 3.6+ compact dicts,
   * split tables). Stops early when fn returns true.
   */
  dictForEach(dict: number, fn: (key: number, value: number) => boolean | void): void {
    const L = this.L;
    const m = this.m;
    if (L.dicts === 'table') {
      const d = L.dict_object;
      const table = m.u64(dict + d.ma_table);
      const mask = m.i64(dict + d.ma_mask);
      if (!(mask >= 0 && mask < MAX_DICT_ENTRIES)) throw new GarbageObject(`dict mask ${mask}`);
      const e = L.dict_entry;
      for (let i = 0; i <= mask; i++) {
        const at = table + i * e.size;
        const key = m.u64(at + e.me_key);
        const value = m.u64(at + e.me_value);
        if (key && value && fn(key, value)) return;
      }
      return;
    }
    const keys = m.u64(dict + L.dict_object.ma_keys);
    const values = m.u64(dict + L.dict_object.ma_values);
    this.keysForEach(keys, values, fn);
  }

  /** Iterates a PyDictKeysObject, with values from `values` (a split table / managed values array) when nonzero. */
  keysForEach(keys: number, values: number, fn: (key: number, value: number) => boolean | void): void {
    this.keysFind(keys, values, (k, v) => fn(k, v) === true, undefined);
  }

  /**
   * The first entry of a PyDictKeysObject whose key and value `match` (values from `values` when
   * nonzero), as the value, or 0. With `hint`, the entry at `hint.index` is tried first and the
   * index of the match is stored there (objects of one class keep their attributes at one index).
   */
  private keysFind(keys: number, values: number, match: (key: number, value: number) => boolean, hint: { index: number } | undefined): number {
    const L = this.L;
    const m = this.m;
    if (L.dicts === 'table') throw new GarbageObject('a dict keys object in Python 2');
    const k = L.dict_keys_object;
    let entries: number;
    let entry = L.dict_entry;
    let valuesAt = 0;
    if (L.dicts === 'kinded-keys') {
      const log2 = m.u8(keys + L.dict_keys_object.dk_log2_index_bytes);
      const kind = m.u8(keys + L.dict_keys_object.dk_kind);
      if (log2 > 30) throw new GarbageObject(`dict index bytes 2^${log2}`);
      entries = keys + k.dk_indices + 2 ** log2;
      if (kind !== 0) entry = L.dict_unicode_entry;
      valuesAt = L.dict_values.values;
    } else {
      const size = m.i64(keys + L.dict_keys_object.dk_size);
      if (!(size > 0 && size <= MAX_DICT_ENTRIES * 2)) throw new GarbageObject(`dict size ${size}`);
      const idx = size <= 0xff ? 1 : size <= 0xffff ? 2 : size <= 0xffffffff ? 4 : 8;
      entries = keys + k.dk_indices + size * idx;
    }
    const n = m.i64(keys + k.dk_nentries);
    if (!(n >= 0 && n <= MAX_DICT_ENTRIES)) throw new GarbageObject(`dict with ${n} entries`);
    const valuesArray = values ? values + valuesAt : 0;
    const at = (i: number): number => {
      const e = entries + i * entry.size;
      const key = m.u64(e + entry.me_key);
      if (!key) return 0;
      const value = valuesArray ? m.u64(valuesArray + i * 8) : m.u64(e + entry.me_value);
      return value && match(key, value) ? value : 0;
    };
    if (hint && hint.index < n) {
      const v = at(hint.index);
      if (v) return v;
    }
    for (let i = 0; i < n; i++) {
      const v = at(i);
      if (v) {
        if (hint) hint.index = i;
        return v;
      }
    }
    return 0;
  }

  /** The value of the first entry of a dict object whose key and value `match`, or 0 (see keysFind for `hint`). */
  dictFind(dict: number, match: (key: number, value: number) => boolean, hint?: { index: number }): number {
    const L = this.L;
    if (L.dicts === 'table') {
      let found = 0;
      this.dictForEach(dict, (k, v) => match(k, v) && ((found = v), true));
      return found;
    }
    return this.keysFind(this.m.u64(dict + L.dict_object.ma_keys), this.m.u64(dict + L.dict_object.ma_values), match, hint);
  }

  /**
   * What changes whenever a key is added to a dict (3.6+ compact dicts): its keys object and how many
   * entries that object has used (a deletion leaves its entry used; an insertion appends one or, when
   * full, moves to a new keys object). Undefined for Python 2's tables.
   */
  dictInsertions(dict: number): { keys: number; entries: number } | undefined {
    const L = this.L;
    if (L.dicts === 'table') return undefined;
    const keys = this.m.u64(dict + L.dict_object.ma_keys);
    return { keys, entries: this.m.i64(keys + L.dict_keys_object.dk_nentries) };
  }

  /** The value for a str key (compared by content), or 0. */
  dictGet(dict: number, name: string): number {
    let found = 0;
    this.dictForEach(dict, (k, v) => this.keyIs(k, name) && ((found = v), true));
    return found;
  }

  keyIs(key: number, name: string): boolean {
    try {
      if (this.stringLength(key) !== name.length) return false;
      return this.readString(key, 256) === name;
    } catch (e) {
      if (!isUnreadable(e)) throw e;
      return false;
    }
  }

  /** An attribute from an instance's __dict__ (tp_dictoffset, managed dicts 3.11+, inline values 3.13+); 0 if absent. */
  instanceAttr(obj: number, name: string): number {
    return this.instanceAttrBy(obj, (k) => this.keyIs(k, name));
  }

  /**
   * The first attribute of an instance whose key (a str object's address) `match`es, or 0; with
   * `hint`, tried first at the index where it was found last (see keysFind).
   */
  instanceAttrBy(obj: number, match: (key: number) => boolean, hint?: { index: number }): number {
    const L = this.L;
    const m = this.m;
    const type = this.typeOf(obj);
    const flags = this.flagsOf(type);
    const byKey = (k: number) => match(k);
    if (L.managedDict !== 'none' && L.objects === 'py3' && (flags & L.constants.Py_TPFLAGS_MANAGED_DICT) !== 0) {
      const off = L.constants.MANAGED_DICT_OFFSET;
      const cachedKeys = () => m.u64(type + L.heap_type_object.ht_cached_keys);
      if (L.managedDict === 'dict-or-values-slots') {
        const dict = m.u64(obj + off);
        if (dict) return this.dictFind(dict, byKey, hint);
        const values = m.u64(obj + L.constants.MANAGED_VALUES_OFFSET);
        return values ? this.keysFind(cachedKeys(), values, byKey, hint) : 0;
      }
      if (L.managedDict === 'tagged-slot') {
        const slot = m.u64(obj + off);
        if (slot % 2 === 1) return this.keysFind(cachedKeys(), slot + 1, byKey, hint);
        return slot ? this.dictFind(slot, byKey, hint) : 0;
      }
      const dict = m.u64(obj + off);
      if (dict) return this.dictFind(dict, byKey, hint);
      if ((flags & L.constants.Py_TPFLAGS_INLINE_VALUES) !== 0) {
        const values = obj + m.i64(type + L.type_object.tp_basicsize);
        if (m.u8(values + 3) === 0) return 0; // not valid
        return this.keysFind(cachedKeys(), values, byKey, hint);
      }
      return 0;
    }
    const dictOffset = m.i64(type + L.type_object.tp_dictoffset);
    if (dictOffset <= 0 || dictOffset > 4096) return 0;
    const dict = m.u64(obj + dictOffset);
    return dict ? this.dictFind(dict, byKey, hint) : 0;
  }

  /**
   * py-spy's format_variable: a repr of the object at `addr`, at most `maxLength` characters (longer
   * results — escaped bytes, long ints, nested containers, corrupted sizes — end in "...").
   */
  repr(addr: number, maxLength: number): string {
    const s = this.reprUnbounded(addr, maxLength);
    if (s.length <= maxLength) return s;
    let cut = maxLength - 3;
    const last = s.charCodeAt(cut - 1);
    if (last >= 0xd800 && last < 0xdc00) cut--; // do not split a surrogate pair
    return `${s.slice(0, cut)}...`;
  }

  private reprUnbounded(addr: number, maxLength: number): string {
    if (maxLength <= 5) return '...';
    const L = this.L;
    const c = L.constants;
    const type = this.typeOf(addr);
    const flags = this.flagsOf(type);
    const name = this.typeName(type);
    const has = (bit: number | undefined) => bit !== undefined && bit !== 0 && Math.floor(flags / bit) % 2 === 1;
    if (has(c.Py_TPFLAGS_INT_SUBCLASS) || has(c.Py_TPFLAGS_LONG_SUBCLASS)) {
      const v = this.readInt(addr);
      if (name === 'bool') return v !== undefined && v > 0 ? 'True' : 'False';
      if (v === undefined) return this.negativeBig(addr) ? '-bigint' : '+bigint';
      return String(v);
    }
    if (has(c.Py_TPFLAGS_UNICODE_SUBCLASS) || (this.py2 && has(c.Py_TPFLAGS_STRING_SUBCLASS))) {
      const limit = maxLength - 5;
      const total = this.stringLength(addr);
      let s = this.readString(addr, Math.min(limit + 1, MAX_STRING_CHARS), true);
      const chars = Array.from(s);
      const truncated = total > limit || chars.length > limit;
      if (truncated) s = chars.slice(0, limit).join('');
      s = s.replace(/'/g, '\\"').replace(/\n/g, '\\n');
      return truncated ? `"${s}..."` : `"${s}"`;
    }
    if (!this.py2 && has(c.Py_TPFLAGS_BYTES_SUBCLASS)) {
      const b = L.bytes_object;
      const len = this.m.i64(addr + b.ob_size);
      const n = Math.max(0, Math.min(len, maxLength));
      const bytes = this.m.bytes(addr + b.ob_sval, n);
      let s = "b'";
      for (const x of bytes) s += x >= 0x20 && x < 0x7f && x !== 0x27 && x !== 0x5c ? String.fromCharCode(x) : `\\x${x.toString(16).padStart(2, '0')}`;
      return len > n ? `${s}...'` : `${s}'`;
    }
    if (has(c.Py_TPFLAGS_DICT_SUBCLASS)) {
      const parts: string[] = [];
      let remaining = maxLength - 2;
      this.dictForEach(addr, (k, v) => {
        if (remaining <= 5) {
          parts.push('...');
          return true;
        }
        const ks = this.safeRepr(k, remaining);
        const vs = this.safeRepr(v, remaining);
        remaining -= Buffer.byteLength(ks) + Buffer.byteLength(vs) + 4;
        parts.push(`${ks}: ${vs}`);
        return false;
      });
      return `{${parts.join(', ')}}`;
    }
    const isList = has(c.Py_TPFLAGS_LIST_SUBCLASS);
    if (isList || has(c.Py_TPFLAGS_TUPLE_SUBCLASS)) {
      const o = isList ? L.list_object : L.tuple_object;
      const size = this.m.i64(addr + o.ob_size);
      if (!(size >= 0 && size < 1 << 28)) throw new GarbageObject(`sequence of ${size}`);
      const items = isList ? this.m.u64(addr + o.ob_item) : addr + o.ob_item;
      const parts: string[] = [];
      let remaining = maxLength - 2;
      for (let i = 0; i < size; i++) {
        if (remaining <= 5) {
          parts.push('...');
          break;
        }
        const s = this.safeRepr(this.m.u64(items + i * 8), remaining);
        remaining -= Buffer.byteLength(s) + 2;
        parts.push(s);
      }
      return isList ? `[${parts.join(', ')}]` : `(${parts.join(', ')})`;
    }
    if (name === 'float') return formatFloat(this.m.f64(addr + L.float_object.ob_fval));
    if (name === 'NoneType') return 'None';
    const scalar = numpyScalarRepr(this.m, addr, L.pyobject.size, name);
    if (scalar !== undefined) return scalar;
    return `<${name} at 0x${addr.toString(16)}>`;
  }

  private safeRepr(addr: number, max: number): string {
    try {
      return this.repr(addr, max);
    } catch (e) {
      if (!isUnreadable(e)) throw e;
      return '?';
    }
  }

  private negativeBig(addr: number): boolean {
    const lo = this.L.long_object;
    if (this.L.longs === 'ob-size') return this.m.i64(addr + lo.lv_tag) < 0;
    return (this.m.u64(addr + lo.lv_tag) & 3) === 2;
  }
}

export { ReadFault };
