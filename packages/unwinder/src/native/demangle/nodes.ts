/**
 * The demangler's syntax tree (what the parser builds and the printer prints), its limits and the
 * helpers both sides ask of a node.
 */

export const MAX_DEPTH = 192;
export const MAX_OUTPUT = 1 << 16;

/** Thrown internally to abandon a parse or print; never escapes `demangle`. */
export const FAIL: unique symbol = Symbol('demangle-fail');

export interface Scope {
  args: Node[] | undefined;
}

export type Node =
  | { k: 'name'; s: string }
  | { k: 'qual'; a: Node; b: Node }
  | { k: 'tmpl'; a: Node; args: Node[] }
  | { k: 'tag'; a: Node; tag: string }
  | { k: 'op'; name: string; code: string }
  | { k: 'conv'; t: Node }
  | { k: 'litop'; name: string }
  | { k: 'ctor'; name: Node; dtor: boolean }
  | { k: 'lambda'; params: Node[]; n: number }
  | { k: 'unnamed'; n: number }
  | { k: 'binding'; names: string[] }
  | { k: 'std'; s: string }
  | { k: 'local'; enc: Node; entity: Node }
  | { k: 'defarg'; n: number; a: Node }
  | { k: 'enc'; name: Node; ret: Node | undefined; params: Node[]; cv: string; ref: string; scope: Scope }
  | { k: 'clone'; a: Node; suffix: string }
  | { k: 'special'; text: string; a: Node }
  | { k: 'ctorvt'; a: Node; b: Node }
  | { k: 'builtin'; s: string; lit: number }
  | { k: 'qt'; t: Node; q: string }
  | { k: 'ptr'; t: Node }
  | { k: 'ref'; t: Node }
  | { k: 'rref'; t: Node }
  | { k: 'fn'; ret: Node; params: Node[]; cv: string; ref: string; exc: string }
  | { k: 'arr'; dim: Node | string; t: Node }
  | { k: 'ptm'; cls: Node; mem: Node }
  | { k: 'vec'; t: Node; dim: Node | string }
  | { k: 'post'; t: Node; s: string }
  | { k: 'tparam'; idx: number; scope: Scope }
  | { k: 'pack'; items: Node[] }
  | { k: 'expand'; t: Node }
  | { k: 'decltype'; e: Node }
  | { k: 'lit'; t: Node; v: string; neg: boolean }
  | { k: 'fparm'; n: number }
  | { k: 'unary'; op: Node; e: Node; suffix?: boolean }
  | { k: 'binary'; op: Node; a: Node; b: Node }
  | { k: 'trinary'; op: Node; a: Node; b: Node; c: Node }
  | { k: 'call'; f: Node; args: Node[] }
  | { k: 'cast'; t: Node }
  | { k: 'list'; items: Node[] }
  | { k: 'initlist'; t: Node | undefined; items: Node[] }
  | { k: 'text'; s: string };

export function nameText(n: Node): string {
  return n.k === 'name' ? n.s : '';
}

/** The name a constructor of class `n` gets (the class name without scope or arguments). */
export function baseName(n: Node): Node | undefined {
  for (let i = 0; i < 64; i++) {
    switch (n.k) {
      case 'qual': n = n.b; break;
      case 'tmpl': n = n.a; break;
      case 'tag': n = n.a; break;
      case 'name': return n;
      default: return undefined;
    }
  }
  return undefined;
}

export function isCtorDtorConv(n: Node): boolean {
  for (let i = 0; i < 256; i++) {
    switch (n.k) {
      case 'qual': n = n.b; break;
      case 'local': n = n.entity; break;
      case 'tag': n = n.a; break;
      case 'ctor':
      case 'conv':
        return true;
      default:
        return false;
    }
  }
  return false;
}

/** libiberty's has_return_type: function templates (other than ctors/dtors/conversions) mangle one. */
export function hasReturnType(n: Node): boolean {
  if (n.k === 'local') return hasReturnType(n.entity);
  if (n.k === 'tmpl') return !isCtorDtorConv(n.a);
  return false;
}

export function children(n: Node): Node[] {
  switch (n.k) {
    case 'qual': return [n.a, n.b];
    case 'tmpl': return [n.a, ...n.args];
    case 'tag': return [n.a];
    case 'conv':
    case 'cast':
      return [n.t];
    case 'ctor': return [n.name];
    case 'local': return [n.enc, n.entity];
    case 'defarg': return [n.a];
    case 'enc': return n.ret ? [n.name, n.ret, ...n.params] : [n.name, ...n.params];
    case 'clone': return [n.a];
    case 'special': return [n.a];
    case 'ctorvt': return [n.a, n.b];
    case 'qt':
    case 'ptr':
    case 'ref':
    case 'rref':
    case 'post':
    case 'vec':
      return [n.t];
    case 'fn': return [n.ret, ...n.params];
    case 'arr': return typeof n.dim === 'string' ? [n.t] : [n.dim, n.t];
    case 'ptm': return [n.cls, n.mem];
    case 'pack': return n.items;
    case 'expand': return [n.t];
    case 'decltype': return [n.e];
    case 'unary': return [n.op, n.e];
    case 'binary': return [n.op, n.a, n.b];
    case 'trinary': return [n.op, n.a, n.b, n.c];
    case 'call': return [n.f, ...n.args];
    case 'list': return n.items;
    case 'initlist': return n.t ? [n.t, ...n.items] : n.items;
    default: return [];
  }
}
