/**
 * Looking a key up in a CPython HAMT (Python/hamt.c: the immutable mapping behind contextvars) out of
 * target memory. Keys are compared by identity (a ContextVar is equal only to itself), so the lookup
 * needs the key's address and its hash; the tree shape follows CPython's own lookup exactly.
 */
import type { ContextvarsLayout } from '@pyglass/cpython-layouts';
import { GarbageObject } from '../objects/objects.js';
import type { ObjectReader } from '../objects/objects.js';

/** CPython's _Py_HAMT_MAX_TREE_DEPTH: a deeper walk is garbage. */
const MAX_DEPTH = 8;
/** A bitmap node has at most 32 key/value pairs; a collision node is bounded for garbage reads. */
const MAX_NODE_SLOTS = 64;
const MAX_COLLISIONS = 1024;

const enum NodeKind { Unknown = 0, Bitmap = 1, Array = 2, Collision = 3 }

/**
 * CPython's hamt_hash for a 64-bit Py_hash_t given as its low and high 32-bit halves (a JS number
 * cannot hold 64 bits): the halves XORed into an int32, -1 becoming -2.
 */
export function hamtHash(low: number, high: number): number {
  const x = (low ^ high) | 0;
  return x === -1 ? -2 : x;
}

const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

export class HamtReader {
  /** Node type address → kind, by tp_name (hamt_bitmap_node, hamt_array_node, hamt_collision_node). */
  private readonly kinds = new Map<number, NodeKind>();
  constructor(private readonly objs: ObjectReader, private readonly L: ContextvarsLayout) {}

  /**
   * The address of the value slot for `key` (hashed `hash`, see hamtHash) in the HAMT object `hamt`,
   * or 0 when the key is absent. Throws GarbageObject on a tree that is not one.
   */
  lookup(hamt: number, key: number, hash: number): number {
    const m = this.objs.m;
    const H = this.L.hamt_object;
    let node = m.u64(hamt + H.h_root);
    for (let shift = 0, depth = 0; node; shift += 5, depth++) {
      if (depth > MAX_DEPTH) throw new GarbageObject('a HAMT deeper than CPython builds');
      const idx = (hash >>> shift) & 0x1f;
      switch (this.kindOf(node)) {
        case NodeKind.Bitmap: {
          const B = this.L.hamt_bitmap_node;
          const bitmap = m.u32(node + B.b_bitmap);
          const bit = 1 << idx;
          if ((bitmap & bit) === 0) return 0;
          const i = popcount(bitmap & (bit - 1));
          if (2 * i + 1 >= MAX_NODE_SLOTS) throw new GarbageObject('a HAMT bitmap node with more than 32 entries');
          const at = node + B.b_array + 16 * i;
          const k = m.u64(at);
          if (k === 0) {
            node = m.u64(at + 8); // a sub-node: one level down
            continue;
          }
          return k === key ? at + 8 : 0;
        }
        case NodeKind.Array:
          node = m.u64(node + this.L.hamt_array_node.a_array + 8 * idx);
          continue;
        case NodeKind.Collision: {
          const C = this.L.hamt_collision_node;
          const n = m.i64(node + C.ob_size);
          if (!(n >= 0 && n <= MAX_COLLISIONS)) throw new GarbageObject(`a HAMT collision node of ${n}`);
          for (let i = 0; i < n; i += 2) if (m.u64(node + C.c_array + 8 * i) === key) return node + C.c_array + 8 * (i + 1);
          return 0;
        }
        default:
          throw new GarbageObject('not a HAMT node');
      }
    }
    return 0;
  }

  /** Calls `fn(key, value)` for every entry (bounded; for finding a key by what it is rather than where). */
  forEach(hamt: number, fn: (key: number, value: number) => boolean | void): void {
    const root = this.objs.m.u64(hamt + this.L.hamt_object.h_root);
    if (root) this.visit(root, 0, fn);
  }

  private visit(node: number, depth: number, fn: (key: number, value: number) => boolean | void): boolean {
    if (depth > MAX_DEPTH) throw new GarbageObject('a HAMT deeper than CPython builds');
    const m = this.objs.m;
    switch (this.kindOf(node)) {
      case NodeKind.Bitmap: {
        const B = this.L.hamt_bitmap_node;
        const n = m.i64(node + B.ob_size);
        if (!(n >= 0 && n <= MAX_NODE_SLOTS)) throw new GarbageObject(`a HAMT bitmap node of ${n}`);
        for (let i = 0; i < n; i += 2) {
          const k = m.u64(node + B.b_array + 8 * i);
          const v = m.u64(node + B.b_array + 8 * (i + 1));
          if (k === 0 ? v !== 0 && this.visit(v, depth + 1, fn) : fn(k, v) === true) return true;
        }
        return false;
      }
      case NodeKind.Array: {
        const A = this.L.hamt_array_node;
        for (let i = 0; i < 32; i++) {
          const child = m.u64(node + A.a_array + 8 * i);
          if (child && this.visit(child, depth + 1, fn)) return true;
        }
        return false;
      }
      case NodeKind.Collision: {
        const C = this.L.hamt_collision_node;
        const n = m.i64(node + C.ob_size);
        if (!(n >= 0 && n <= MAX_COLLISIONS)) throw new GarbageObject(`a HAMT collision node of ${n}`);
        for (let i = 0; i < n; i += 2) if (fn(m.u64(node + C.c_array + 8 * i), m.u64(node + C.c_array + 8 * (i + 1))) === true) return true;
        return false;
      }
      default:
        throw new GarbageObject('not a HAMT node');
    }
  }

  private kindOf(node: number): NodeKind {
    const type = this.objs.typeOf(node);
    let k = this.kinds.get(type);
    if (k !== undefined) return k;
    const name = this.objs.typeName(type);
    k = name === 'hamt_bitmap_node' ? NodeKind.Bitmap : name === 'hamt_array_node' ? NodeKind.Array : name === 'hamt_collision_node' ? NodeKind.Collision : NodeKind.Unknown;
    // only real node types are remembered (a garbage pointer's "type" is not)
    if (k !== NodeKind.Unknown && this.kinds.size < 16) this.kinds.set(type, k);
    return k;
  }
}
