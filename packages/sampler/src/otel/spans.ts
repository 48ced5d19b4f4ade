/**
 * The active OpenTelemetry span of a contextvars context, read out of the target's memory (no code
 * in the target): context → its variables (a HAMT) → the ContextVar OpenTelemetry's runtime context
 * keeps ("current_context") → its value, an `opentelemetry.context.Context` (a dict subclass) → the
 * entry whose key starts with "current-span" → the span → its `_context` (a SpanContext, a tuple
 * subclass: trace id and span id ints) and `_name`.
 *
 * Addresses are reused as soon as the target frees them (a request that ends and the next that
 * starts inside one sampling interval get the same context, HAMT, dict and span addresses from
 * CPython's free lists), so nothing is trusted by address alone: a thread's result is reused only
 * when every word its last look-up read is unchanged (see spanOfThread). A look-up that does run is
 * cached by address with validation: the dict and attribute searches start at the index that matched
 * last time, and ids are decoded only when an int's digits differ from the cached ones.
 */
import type { SpanRef } from '@pyglass/model';
import type { ContextvarsLayout } from '@pyglass/cpython-layouts';
import { GarbageObject, isUnreadable, type ObjectReader } from '../objects/objects.js';
import type { PageCache } from '../memory/pagecache.js';
import { hamtHash, HamtReader } from './hamt.js';

/** The name of the ContextVar OpenTelemetry's ContextVarsRuntimeContext keeps the current Context in. */
export const OTEL_CONTEXT_VAR_NAME = 'current_context';
/** The Context key of the active span: "current-span" followed by "-<uuid4>" (create_key). */
export const OTEL_SPAN_KEY_PREFIX = 'current-span';
/** sys.modules entry whose presence means the target uses OpenTelemetry's context API. */
export const OTEL_CONTEXT_MODULE = 'opentelemetry.context';

/** Bounds of the caches (entries), and of the local-root chain walk. */
const MAX_CACHED_INTS = 8192;
/** Span names longer than this are cut. */
const MAX_NAME_CHARS = 1024;
const MAX_SEEN_SPANS = 16384;
const MAX_THREAD_CHAINS = 1 << 16;
const MAX_ROOT_HOPS = 64;
const MAX_PREFETCH_PAGES = 4096;

/** The attributes read from an SDK span (all three since OpenTelemetry Python 1.0). */
type AttrName = '_context' | '_name' | '_parent';

/** What one thread's span look-up read (addresses and the 8 bytes at each) and found. */
interface ThreadChain {
  addresses: number[];
  values: number[];
  /** The distinct pages of `addresses` (prefetched next sample). */
  pages: number[];
  result: SpanRead | undefined;
  /** The sample it was last used in. */
  stamp: number;
}

/** An int's digits as last read, and the hex they make. */
interface CachedInt {
  tag: number;
  digits: number[];
  hex: string;
}

/** A span seen in some sample: what its local root needs (its parent, and whether that parent is in this process). */
interface SeenSpan {
  name: string | undefined;
  parentId: string | undefined;
  parentRemote: boolean;
}

/** A span as read from a context, before its local root is looked up (see OtelSpanReader.ref). */
export interface SpanRead {
  traceId: string;
  spanId: string;
  name: string | undefined;
}

const HEX = '0123456789abcdef';
const ZERO_SPAN_ID = '0'.repeat(16);
const ZERO_TRACE_ID = '0'.repeat(32);

const PAGE = 4096;

/** The distinct pages holding `addresses` (an 8-byte read at each). */
function pagesOf(addresses: number[]): number[] {
  const pages = new Set<number>();
  for (const a of addresses) {
    pages.add(a - (a % PAGE));
    const end = a + 7;
    pages.add(end - (end % PAGE));
  }
  return [...pages];
}

function sameDigits(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * An int's digits (least significant first, `bits` bits each) as exactly `width` lowercase hex
 * digits, or undefined when it does not fit; without BigInt (an accumulator of < 34 bits).
 */
export function digitsToHex(digits: readonly number[], bits: number, width: number): string | undefined {
  const out: string[] = new Array<string>(width).fill('0');
  let acc = 0;
  let have = 0;
  let pos = width - 1;
  for (const d of digits) {
    acc += d * 2 ** have;
    have += bits;
    while (have >= 4) {
      const nibble = acc % 16;
      if (pos < 0) {
        if (nibble !== 0) return undefined;
      } else out[pos] = HEX[nibble]!;
      pos--;
      acc = Math.floor(acc / 16);
      have -= 4;
    }
  }
  for (; acc > 0; pos--) {
    if (pos < 0) return undefined;
    out[pos] = HEX[acc % 16]!;
    acc = Math.floor(acc / 16);
  }
  return out.join('');
}

export class OtelSpanReader {
  private readonly m: PageCache;
  private readonly L: ContextvarsLayout;
  private readonly hamt: HamtReader;
  /** The ContextVar, once found, and its HAMT hash. */
  private contextVar = 0;
  private contextVarHash = 0;
  /** Interned key objects matched so far (compared by address before by content). */
  private spanKey = 0;
  private readonly attrKeys: Record<AttrName, number> = { _context: 0, _name: 0, _parent: 0 };
  private readonly matchers: Record<AttrName, (key: number) => boolean> = { _context: this.matcher('_context'), _name: this.matcher('_name'), _parent: this.matcher('_parent') };
  private readonly isSpanKeyBound = (k: number): boolean => k === this.spanKey || this.isSpanKey(k);
  /** Where each lookup matched last time (objects of one class keep one layout). */
  private readonly hints = { span: { index: 0 }, _context: { index: 0 }, _name: { index: 0 }, _parent: { index: 0 } };
  private readonly ints = new Map<number, CachedInt>();
  /** Span id → what was seen of it (for local roots), and the SpanRef last built for it. */
  private readonly seen = new Map<string, SeenSpan>();
  private readonly refs = new Map<string, SpanRef>();
  private readonly scratch: number[] = [];
  /** Per thread state: what its last look-up read, and what it found. */
  private readonly threads = new Map<number, ThreadChain>();
  /** Pages read one by one in the last sample (fetched in the next sample's batch). */
  private misses: number[] = [];
  private samples = 0;
  /** Why the last span read failed (a torn read under a running target), for diagnostics. */
  lastError: Error | undefined;

  /** `L`: the target's layout, narrowed to one with contextvars (3.7+: `L.contextvars`). */
  constructor(private readonly objs: ObjectReader, L: ContextvarsLayout) {
    this.m = objs.m;
    this.L = L;
    this.hamt = new HamtReader(objs, L);
  }

  /**
   * Call once per sample, paused, before the first spanOf: one batched read of the pages the thread
   * look-ups read last time and of the pages last sample had to read one by one.
   */
  beginSample(): void {
    this.samples++;
    const m = this.m;
    for (const c of this.threads.values()) for (const p of c.pages) m.want(p, 1);
    for (const p of this.misses) m.want(p, 1);
    m.flush();
    this.misses = [];
    m.missLog = this.misses;
  }

  /** Call after the sample's last spanOf. */
  endSample(): void {
    this.m.missLog = undefined;
    if (this.misses.length > MAX_PREFETCH_PAGES) this.misses.length = MAX_PREFETCH_PAGES;
    // thread states not met this sample are gone (or will be looked up afresh)
    for (const [t, c] of this.threads) if (c.stamp !== this.samples) this.threads.delete(t);
  }

  /**
   * The span of thread state `tstate`'s current context, if it holds one. What the last look-up for
   * this thread state read is kept (every address and the 8 bytes there): when none of it changed,
   * the look-up would take the same steps to the same result, so the result is reused after one
   * pass of reads and compares.
   */
  spanOfThread(tstate: number): SpanRead | undefined {
    const last = this.threads.get(tstate);
    if (last !== undefined && this.unchanged(last)) {
      last.stamp = this.samples;
      return last.result;
    }
    const log: number[] = [];
    this.m.readLog = log;
    let result: SpanRead | undefined;
    try {
      const ctx = this.safe(() => this.m.u64(tstate + this.L.thread_state.context));
      result = ctx ? this.spanOf(ctx) : undefined;
    } finally {
      this.m.readLog = undefined;
    }
    const values = this.valuesAt(log);
    if (values) {
      if (this.threads.size >= MAX_THREAD_CHAINS) this.threads.clear();
      this.threads.set(tstate, { addresses: log, values, pages: pagesOf(log), result, stamp: this.samples });
    } else this.threads.delete(tstate);
    return result;
  }

  /** The 8 bytes at each address as this sample's pages hold them (as the look-up saw them), or undefined if one cannot be read. */
  private valuesAt(addresses: number[]): number[] | undefined {
    const values = new Array<number>(addresses.length);
    try {
      for (let i = 0; i < addresses.length; i++) values[i] = this.m.u64(addresses[i]!);
    } catch (e) {
      if (!isUnreadable(e)) throw e;
      return undefined;
    }
    return values;
  }

  private unchanged(c: ThreadChain): boolean {
    const m = this.m;
    const { addresses, values } = c;
    try {
      for (let i = 0; i < addresses.length; i++) if (m.u64(addresses[i]!) !== values[i]) return false;
    } catch (e) {
      if (!isUnreadable(e)) throw e;
      return false;
    }
    return true;
  }

  /**
   * The span active in the contextvars context (PyContext) at `context`, if it holds one. Call `ref`
   * on it once every span of the sample was read (a span's local root may be another thread's span).
   */
  spanOf(context: number): SpanRead | undefined {
    return this.safe(() => {
      const vars = this.m.u64(context + this.L.context_object.ctx_vars);
      if (!vars) return undefined;
      const value = this.otelContext(vars);
      return value ? this.spanInContext(value) : undefined;
    });
  }

  /** Torn or garbage reads (a running target) give no span, never an error. */
  private safe<T>(fn: () => T | undefined): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (!isUnreadable(e)) throw e;
      this.lastError = e as Error;
      return undefined;
    }
  }

  /** The OpenTelemetry Context (dict) stored in the HAMT `vars`, or 0. */
  private otelContext(vars: number): number {
    if (!this.contextVar && !this.findContextVar(vars)) return 0;
    const slot = this.hamt.lookup(vars, this.contextVar, this.contextVarHash);
    if (!slot) return 0;
    const value = this.m.u64(slot);
    return value && this.isDict(value) ? value : 0;
  }

  /** Finds OpenTelemetry's ContextVar among the keys of `vars` (by its name and a dict value). */
  private findContextVar(vars: number): boolean {
    const o = this.objs;
    const V = this.L.context_var_object;
    this.hamt.forEach(vars, (key, value) => {
      if (!o.typeName(o.typeOf(key)).endsWith('ContextVar')) return false;
      if (!o.keyIs(this.m.u64(key + V.var_name), OTEL_CONTEXT_VAR_NAME) || !this.isDict(value)) return false;
      this.contextVar = key;
      this.contextVarHash = hamtHash(this.m.u32(key + V.var_hash), this.m.u32(key + V.var_hash + 4));
      return true;
    });
    return this.contextVar !== 0;
  }

  private isDict(obj: number): boolean {
    const flags = this.objs.flagsOf(this.objs.typeOf(obj));
    return (flags & this.L.constants.Py_TPFLAGS_DICT_SUBCLASS) !== 0;
  }

  private isTuple(obj: number): boolean {
    const flags = this.objs.flagsOf(this.objs.typeOf(obj));
    return (flags & this.L.constants.Py_TPFLAGS_TUPLE_SUBCLASS) !== 0;
  }

  /** The span stored in an OpenTelemetry Context dict (none for an invalid span context). */
  private spanInContext(dict: number): SpanRead | undefined {
    const o = this.objs;
    const span = o.dictFind(dict, this.isSpanKeyBound, this.hints.span);
    if (!span) return undefined;
    const sc = this.attr(span, '_context');
    if (!sc || !this.isTuple(sc)) return undefined;
    const items = sc + this.L.tuple_object.ob_item;
    if (this.m.i64(sc + this.L.tuple_object.ob_size) < 3) throw new GarbageObject('a SpanContext of fewer than 3 items');
    const traceId = this.idHex(this.m.u64(items), 32);
    const spanId = this.idHex(this.m.u64(items + 8), 16);
    // INVALID_SPAN_CONTEXT (ids 0): the context holds no span worth a label
    if (!traceId || !spanId || spanId === ZERO_SPAN_ID || traceId === ZERO_TRACE_ID) return undefined;
    const nameObj = this.attr(span, '_name');
    const name = nameObj ? this.name(nameObj) : undefined;
    const seen = this.seen.get(spanId);
    if (!seen || seen.name !== name) {
      if (this.seen.size >= MAX_SEEN_SPANS) this.seen.clear();
      this.seen.set(spanId, { name, ...this.parentOf(span) });
    }
    return { traceId, spanId, name };
  }

  /** The SpanRef of a span read in this sample, with its local root when it can be found (reused while unchanged). */
  ref(read: SpanRead): SpanRef {
    const { traceId, spanId, name } = read;
    const seen = this.seen.get(spanId);
    const localRoot = seen ? this.localRoot(spanId, seen) : undefined;
    const cached = this.refs.get(spanId);
    if (cached && cached.traceId === traceId && cached.name === name && cached.localRoot?.spanId === localRoot?.spanId && cached.localRoot?.name === localRoot?.name) return cached;
    const ref: SpanRef = { traceId, spanId, name, localRoot };
    if (this.refs.size >= MAX_SEEN_SPANS) this.refs.clear();
    this.refs.set(spanId, ref);
    return ref;
  }

  /** The parent SpanContext's span id and is_remote (an SDK span's `_parent`; None for a root). */
  private parentOf(span: number): { parentId: string | undefined; parentRemote: boolean } {
    const p = this.attr(span, '_parent');
    if (!p || !this.isTuple(p)) return { parentId: undefined, parentRemote: false };
    const items = p + this.L.tuple_object.ob_item;
    const parentId = this.idHex(this.m.u64(items + 8), 16);
    const remote = this.objs.readInt(this.m.u64(items + 16), 1);
    return { parentId, parentRemote: remote === 1 };
  }

  /**
   * The outermost span of this trace in this process: follow parents through the spans seen so far
   * until one whose parent is remote or absent. Undefined when a parent on the way was never seen
   * (it was never the active span of a thread when a sample was taken).
   */
  private localRoot(spanId: string, s: SeenSpan): SpanRef['localRoot'] {
    let id = spanId;
    let cur = s;
    for (let i = 0; i < MAX_ROOT_HOPS; i++) {
      if (cur.parentId === undefined || cur.parentRemote) return { spanId: id, name: cur.name };
      const parent = this.seen.get(cur.parentId);
      if (!parent) return undefined;
      id = cur.parentId;
      cur = parent;
    }
    return undefined;
  }

  private isSpanKey(key: number): boolean {
    const o = this.objs;
    try {
      const n = o.stringLength(key);
      if (n < OTEL_SPAN_KEY_PREFIX.length || n > 256) return false;
      const s = o.readString(key, 256);
      if (s !== OTEL_SPAN_KEY_PREFIX && !s.startsWith(`${OTEL_SPAN_KEY_PREFIX}-`)) return false;
    } catch (e) {
      if (!isUnreadable(e)) throw e;
      return false;
    }
    this.spanKey = key;
    return true;
  }

  /** An attribute of the span object, its key compared by address first (attribute names are interned). */
  private attr(obj: number, name: AttrName): number {
    return this.objs.instanceAttrBy(obj, this.matchers[name], this.hints[name]);
  }

  private matcher(name: AttrName): (key: number) => boolean {
    return (k) => {
      if (k === this.attrKeys[name]) return true;
      if (!this.objs.keyIs(k, name)) return false;
      this.attrKeys[name] = k;
      return true;
    };
  }

  /** A non-negative int as `width` hex digits (undefined when it is not an int that fits); decoded again only when its digits changed. */
  private idHex(obj: number, width: number): string | undefined {
    const m = this.m;
    const lo = this.L.long_object;
    const o = this.objs;
    if ((o.flagsOf(o.typeOf(obj)) & this.L.constants.Py_TPFLAGS_LONG_SUBCLASS) === 0) return undefined;
    const tag = m.u32(obj + lo.lv_tag);
    const L = this.L;
    const ndigits = L.longs === 'ob-size' ? m.i64(obj + lo.lv_tag) : Math.floor(m.u64(obj + lo.lv_tag) / 2 ** L.constants._PyLong_NON_SIZE_BITS);
    // ids are unsigned and at most 128 bits
    if (!(ndigits >= 0 && (ndigits - 1) * lo.digit_bits < width * 4)) return undefined;
    const digits = this.scratch;
    digits.length = ndigits;
    for (let i = 0; i < ndigits; i++) digits[i] = lo.digit_size === 4 ? m.u32(obj + lo.ob_digit + 4 * i) : m.u32(obj + lo.ob_digit + 2 * i) & 0xffff;
    const c = this.ints.get(obj);
    if (c && c.tag === tag && sameDigits(c.digits, digits)) return c.hex;
    const h = digitsToHex(digits, lo.digit_bits, width);
    if (h === undefined) return undefined;
    if (this.ints.size >= MAX_CACHED_INTS) this.ints.clear();
    this.ints.set(obj, { tag, digits: digits.slice(), hex: h });
    return h;
  }

  /**
   * A span name. Not cached by address: names built per span (f-strings) are freed with the span and
   * the next one's name lands at the same address, often with the same length.
   */
  private name(obj: number): string | undefined {
    const o = this.objs;
    if ((o.flagsOf(o.typeOf(obj)) & this.L.constants.Py_TPFLAGS_UNICODE_SUBCLASS) === 0) return undefined;
    return o.readString(obj, MAX_NAME_CHARS, true);
  }

}
