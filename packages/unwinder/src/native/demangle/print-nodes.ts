/** Printing each kind of node as c++filt does: names, types, expressions, literals and encodings. */
import { type Node } from './nodes.js';
import { BUILTINS, L_INT, L_BOOL, L_FLOAT, isLower } from './tables.js';
import { PrinterBase } from './print-base.js';

export class Printer extends PrinterBase {
  whole(n: Node): void {
    switch (n.k) {
      case 'name':
      case 'text':
        this.out += n.s;
        return;
      case 'builtin':
        this.out += n.s;
        return;
      case 'std':
        this.out += n.s;
        return;
      case 'qual':
        this.print(n.a);
        this.out += '::';
        this.print(n.b);
        return;
      case 'tmpl': {
        this.print(n.a);
        if (this.last() === '<') this.out += ' ';
        this.out += '<';
        const savedLambda = this.lambdaArg;
        this.lambdaArg = false;
        this.list(n.args);
        this.lambdaArg = savedLambda;
        if (this.last() === '>') this.out += ' ';
        this.out += '>';
        return;
      }
      case 'tag':
        this.print(n.a);
        this.out += `[abi:${n.tag}]`;
        return;
      case 'op': {
        this.out += 'operator';
        const name = n.name.endsWith(' ') ? n.name.slice(0, -1) : n.name;
        if (isLower(name.charCodeAt(0))) this.out += ' ';
        this.out += name;
        return;
      }
      case 'conv':
        this.out += 'operator ';
        this.print(n.t);
        return;
      case 'cast':
        this.print(n.t);
        return;
      case 'litop':
        this.out += `operator"" ${n.name}`;
        return;
      case 'ctor':
        if (n.dtor) this.out += '~';
        this.print(n.name);
        return;
      case 'lambda': {
        this.out += '{lambda(';
        const saved = this.lambdaArg;
        this.lambdaArg = true;
        this.list(n.params);
        this.lambdaArg = saved;
        this.out += `)#${n.n}}`;
        return;
      }
      case 'unnamed':
        this.out += `{unnamed type#${n.n}}`;
        return;
      case 'binding':
        this.out += `[${n.names.join(', ')}]`;
        return;
      case 'local':
        this.encoding(n.enc, true, false);
        this.out += '::';
        this.print(n.entity);
        return;
      case 'defarg':
        this.out += `{default arg#${n.n}}::`;
        this.print(n.a);
        return;
      case 'enc':
        this.encoding(n, true, true);
        return;
      case 'clone':
        this.print(n.a);
        this.out += ` [clone ${n.suffix}]`;
        return;
      case 'special':
        this.out += n.text;
        this.print(n.a);
        return;
      case 'ctorvt':
        this.out += 'construction vtable for ';
        this.print(n.a);
        this.out += '-in-';
        this.print(n.b);
        return;
      case 'vec':
        this.print(n.t);
        this.out += ' __vector(';
        if (typeof n.dim === 'string') this.out += n.dim;
        else this.print(n.dim);
        this.out += ')';
        return;
      case 'post':
        this.print(n.t);
        this.out += n.s;
        return;
      case 'pack':
        this.list(n.items);
        return;
      case 'expand': {
        const pack = this.findPack(n.t, { n: 4096 });
        if (!pack) {
          this.subexpr(n.t);
          this.out += '...';
          return;
        }
        const saved = this.packIndex;
        for (let i = 0; i < pack.items.length; i++) {
          this.packIndex = i;
          this.print(n.t);
          if (i < pack.items.length - 1) this.out += ', ';
        }
        this.packIndex = saved;
        return;
      }
      case 'decltype':
        this.out += 'decltype (';
        this.print(n.e);
        this.out += ')';
        return;
      case 'lit':
        this.literal(n);
        return;
      case 'fparm':
        this.out += `{parm#${n.n}}`;
        return;
      case 'unary': {
        const op = n.op;
        const e = n.e;
        const code = op.k === 'op' ? op.code : '';
        if (code === 'ad' && e.k === 'enc' && e.name.k === 'qual') {
          this.out += '&';
          this.print(e.name);
          return;
        }
        if (n.suffix) {
          this.subexpr(e);
          this.out += (op as { name: string }).name;
          return;
        }
        if (code === 'sZ' || code === 'sP') {
          // sizeof...(pack): the pack's length
          const pack = code === 'sZ' ? this.findPack(e, { n: 4096 }) : undefined;
          if (code === 'sZ' && !pack) this.fail();
          this.out += String(pack ? pack.items.length : (e as { items: Node[] }).items.length);
          return;
        }
        if (op.k === 'cast') {
          this.out += '(';
          this.print(op.t);
          this.out += ')';
        } else this.out += (op as { name: string }).name;
        if (code === 'gs') this.print(e);
        else if (code === 'st' || code === 'nx' || code === 'at' || code === 'ti') {
          this.out += '(';
          this.print(e);
          this.out += ')';
        } else {
          if (e.k === 'list') {
            this.out += '(';
            this.list(e.items);
            this.out += ')';
            return;
          }
          this.subexpr(e);
        }
        return;
      }
      case 'binary': {
        const op = n.op as Extract<Node, { k: 'op' }>;
        const code = op.code;
        if (code === 'sc' || code === 'dc' || code === 'cc' || code === 'rc') {
          this.out += op.name + '<';
          this.print(n.a);
          this.out += '>(';
          this.print(n.b);
          this.out += ')';
          return;
        }
        const gt = code === 'gt'; // '>' inside template arguments needs parentheses
        if (gt) this.out += '(';
        this.subexpr(n.a);
        if (code === 'ix') {
          this.out += '[';
          this.print(n.b);
          this.out += ']';
        } else {
          this.out += op.name;
          this.subexpr(n.b);
        }
        if (gt) this.out += ')';
        return;
      }
      case 'trinary':
        this.subexpr(n.a);
        this.out += '?';
        this.subexpr(n.b);
        this.out += ' : ';
        this.subexpr(n.c);
        return;
      case 'call': {
        const f = n.f;
        if (f.k === 'enc') this.print(f.name);
        else this.subexpr(f);
        this.out += '(';
        this.list(n.args);
        this.out += ')';
        return;
      }
      case 'list':
        this.list(n.items);
        return;
      case 'initlist':
        if (n.t) this.print(n.t);
        this.out += '{';
        this.list(n.items);
        this.out += '}';
        return;
      default:
        // types printed through left/right
        this.left(n);
        this.right(n);
    }
  }

  literal(n: Extract<Node, { k: 'lit' }>): void {
    const t = n.t;
    if (t.k === 'builtin') {
      const b = Object.values(BUILTINS).find((x) => x[0] === t.s);
      if (t.lit === L_INT && b) {
        if (n.neg) this.out += '-';
        this.out += n.v + b[2];
        return;
      }
      if (t.lit === L_BOOL && !n.neg && (n.v === '0' || n.v === '1')) {
        this.out += n.v === '0' ? 'false' : 'true';
        return;
      }
    }
    this.out += '(';
    this.print(t);
    this.out += ')';
    if (n.neg) this.out += '-';
    if (t.k === 'builtin' && t.lit === L_FLOAT) this.out += `[${n.v}]`;
    else this.out += n.v;
  }

  /** A function encoding: `ret name(params) cv ref`. */
  encoding(n: Node, withParams: boolean, withReturn: boolean): void {
    if (n.k !== 'enc') {
      this.print(n);
      return;
    }
    let inner = n.name;
    while (inner.k === 'local') inner = inner.entity;
    const push = inner.k === 'tmpl';
    if (push) this.scopes.push(n.scope);
    try {
      this.encodingInner(n, withParams, withReturn);
    } finally {
      if (push) this.scopes.pop();
    }
  }

  encodingInner(n: Extract<Node, { k: 'enc' }>, withParams: boolean, withReturn: boolean): void {
    if (!withParams) {
      this.print(n.name);
      return;
    }
    const ret = withReturn ? n.ret : undefined;
    if (ret) {
      this.left(ret);
      if (!this.hasRHS(ret)) this.out += ' ';
    }
    this.print(n.name);
    this.out += '(';
    this.list(n.params);
    this.out += ')';
    if (ret) this.right(ret);
    this.out += n.cv + n.ref;
  }
}

/** Prints a node on its own (exception specifications, `dn` names), within the caller's limits. */
export function printDetached(n: Node): string {
  const p = new Printer(100_000);
  p.print(n);
  return p.out;
}
