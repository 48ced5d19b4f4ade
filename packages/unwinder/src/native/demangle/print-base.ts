/**
 * The printer's state and its type layout (c++filt's left/right split: `int (*)[3]` prints the
 * pointer between the element type and the array bound), template-argument resolution and packs.
 * print-nodes.ts adds the printing of each kind of node.
 */
import { FAIL, MAX_DEPTH, MAX_OUTPUT, type Node, type Scope, children } from './nodes.js';

export abstract class PrinterBase {
  out = '';
  depth = 0;
  steps = 0;
  packIndex = 0;
  lambdaArg = false;
  readonly scopes: Scope[] = [];
  readonly savedScopes = new Map<Node, Scope>();
  constructor(readonly maxSteps: number) {}

  fail(): never {
    throw FAIL;
  }

  tick(): void {
    if (++this.steps > this.maxSteps || this.out.length > MAX_OUTPUT) this.fail();
  }

  /** Output length right after an empty pack's ", " was taken back (libiberty then sees ' ' as the last character). */
  private trimmedAt = -1;

  last(): string {
    if (this.out.length === this.trimmedAt) return ' ';
    return this.out.charAt(this.out.length - 1);
  }

  /** A template parameter's argument (an element of a pack under expansion). */
  resolve(n: Extract<Node, { k: 'tparam' }>): Node {
    // like libiberty, a parameter resolves against the function template being printed (a
    // substitution can carry a T_ into another function's signature)
    const args = (this.scopes.length > 0 ? this.scopes[this.scopes.length - 1]!.args : undefined) ?? n.scope.args;
    if (!args || n.idx >= args.length) this.fail();
    let a = args[n.idx]!;
    if (a.k === 'pack') {
      const e = a.items[this.packIndex];
      if (!e) this.fail();
      a = e;
    }
    return a;
  }

  /** Follows template parameters to the node that decides function/array layout. */
  layoutOf(n: Node): Node {
    for (let i = 0; i < 32 && n.k === 'tparam' && !this.lambdaArg; i++) n = this.resolve(n);
    return n;
  }

  hasRHS(n: Node): boolean {
    for (let i = 0; i < 64; i++) {
      n = this.layoutOf(n);
      switch (n.k) {
        case 'fn':
        case 'arr':
          return true;
        case 'ptr':
        case 'ref':
        case 'rref':
        case 'qt':
          n = n.t;
          break;
        case 'ptm':
          n = n.mem;
          break;
        default:
          return false;
      }
    }
    return false;
  }

  isFnOrArr(n: Node): 'fn' | 'arr' | undefined {
    for (let i = 0; i < 64; i++) {
      n = this.layoutOf(n);
      if (n.k === 'fn') return 'fn';
      if (n.k === 'arr') return 'arr';
      if (n.k === 'qt') n = n.t;
      else return undefined;
    }
    return undefined;
  }

  print(n: Node): void {
    this.left(n);
    this.right(n);
  }

  /** Reference collapsing through template parameters: `T&` with T = `int&&` is `int&`. */
  refTarget(n: Extract<Node, { k: 'ref' | 'rref' }>, depth = 0): { kind: 'ref' | 'rref'; t: Node; scope: Scope | undefined } {
    if (depth > 64) this.fail();
    let sub = n.t;
    let scope: Scope | undefined;
    if (!this.lambdaArg && sub.k === 'tparam') {
      // libiberty: a template parameter under a reference resolves, when it is reached again
      // through a substitution, against the templates in scope the first time it was printed
      const saved = this.savedScopes.get(sub);
      if (saved) scope = saved;
      else {
        const top = this.scopes[this.scopes.length - 1] ?? sub.scope;
        this.savedScopes.set(sub, top);
        scope = top;
      }
      this.scopes.push(scope);
      try {
        sub = this.resolve(sub);
      } finally {
        this.scopes.pop();
      }
    }
    if (sub.k === 'ref' || sub.k === n.k) {
      const r = this.refTarget(sub as Extract<Node, { k: 'ref' | 'rref' }>, depth + 1);
      return { ...r, scope: r.scope ?? scope };
    }
    if (sub.k === 'rref') return { kind: 'ref', t: sub.t, scope };
    return { kind: n.k, t: n.t, scope };
  }

  left(n: Node): void {
    this.descend(n, this.leftInner);
  }

  right(n: Node): void {
    this.descend(n, this.rightInner);
  }

  /** Prints `n` with `part`, counting the work and bounding the recursion. */
  private descend(n: Node, part: (n: Node) => void): void {
    this.tick();
    if (++this.depth > MAX_DEPTH * 2) this.fail();
    try {
      part.call(this, n);
    } finally {
      this.depth--;
    }
  }

  leftInner(n: Node): void {
    switch (n.k) {
      case 'ptr':
      case 'ref':
      case 'rref': {
        let t = n.t;
        let sym = '*';
        let scope: Scope | undefined;
        if (n.k !== 'ptr') {
          const r = this.refTarget(n);
          t = r.t;
          sym = r.kind === 'ref' ? '&' : '&&';
          scope = r.scope;
        }
        if (scope) this.scopes.push(scope);
        try {
          this.left(t);
          const k = this.isFnOrArr(t);
          if (k === 'arr') this.out += ' (';
          else if (k === 'fn') this.out += '(';
        } finally {
          if (scope) this.scopes.pop();
        }
        this.out += sym;
        return;
      }
      case 'qt': {
        // a qualifier the argument of a template parameter already has is printed once
        const t = this.layoutOf(n.t);
        if (t.k === 'qt') {
          this.left(t.t);
          for (const q of t.q.split(' ')) if (q && !n.q.includes(' ' + q)) this.out += ' ' + q;
          this.out += n.q;
          return;
        }
        this.left(n.t);
        this.out += n.q;
        return;
      }
      case 'fn':
        this.left(n.ret);
        if (!this.hasRHS(n.ret)) this.out += ' ';
        return;
      case 'arr':
        this.left(n.t);
        return;
      case 'ptm': {
        this.left(n.mem);
        if (this.isFnOrArr(n.mem)) this.out += '(';
        else this.out += ' ';
        this.print(n.cls);
        this.out += '::*';
        return;
      }
      case 'tparam':
        if (this.lambdaArg) {
          this.out += `auto:${n.idx + 1}`;
          return;
        }
        this.left(this.resolve(n));
        return;
      default:
        this.whole(n);
    }
  }

  rightInner(n: Node): void {
    switch (n.k) {
      case 'ptr':
      case 'ref':
      case 'rref': {
        const r = n.k === 'ptr' ? undefined : this.refTarget(n);
        const t = r ? r.t : n.t;
        if (r?.scope) this.scopes.push(r.scope);
        try {
          if (this.isFnOrArr(t)) this.out += ')';
          this.right(t);
        } finally {
          if (r?.scope) this.scopes.pop();
        }
        return;
      }
      case 'qt':
        this.right(n.t);
        return;
      case 'fn':
        this.out += '(';
        this.list(n.params);
        this.out += ')';
        this.right(n.ret);
        this.out += n.cv + n.ref + n.exc;
        return;
      case 'arr':
        if (this.last() !== ']') this.out += ' ';
        this.out += '[';
        if (typeof n.dim === 'string') this.out += n.dim;
        else this.print(n.dim);
        this.out += ']';
        this.right(n.t);
        return;
      case 'ptm':
        if (this.isFnOrArr(n.mem)) this.out += ')';
        this.right(n.mem);
        return;
      case 'tparam':
        if (this.lambdaArg) return;
        this.right(this.resolve(n));
        return;
      default:
        return;
    }
  }

  /**
   * Items separated by ", ". libiberty's lists are right-nested, so a separator is taken back only
   * when everything after it printed nothing (trailing empty packs): `f(a, , b)` stays as it is.
   */
  list(items: readonly Node[]): void {
    let cut = -1;
    for (let i = 0; i < items.length; i++) {
      const mark = this.out.length;
      if (i > 0) this.out += ', ';
      const at = this.out.length;
      this.print(items[i]!);
      if (this.out.length === at) {
        if (i > 0 && cut < 0) cut = mark;
      } else cut = -1;
    }
    if (cut >= 0) {
      this.out = this.out.slice(0, cut);
      this.trimmedAt = cut;
    }
  }

  findPack(n: Node, budget: { n: number }): Extract<Node, { k: 'pack' }> | undefined {
    if (--budget.n < 0) this.fail();
    switch (n.k) {
      case 'tparam': {
        const args = (this.scopes.length > 0 ? this.scopes[this.scopes.length - 1]!.args : undefined) ?? n.scope.args;
        const a = args?.[n.idx];
        return a?.k === 'pack' ? a : undefined;
      }
      case 'name':
      case 'builtin':
      case 'std':
      case 'lambda':
      case 'unnamed':
      case 'fparm':
      case 'text':
      case 'op':
      case 'lit':
        return undefined;
      default: {
        for (const child of children(n)) {
          const p = this.findPack(child, budget);
          if (p) return p;
        }
        return undefined;
      }
    }
  }

  subexpr(n: Node): void {
    const simple = n.k === 'name' || n.k === 'qual' || n.k === 'initlist' || n.k === 'fparm';
    if (!simple) this.out += '(';
    this.print(n);
    if (!simple) this.out += ')';
  }

  abstract whole(n: Node): void;
  abstract encoding(n: Node, withParams: boolean, withReturn: boolean): void;
}
