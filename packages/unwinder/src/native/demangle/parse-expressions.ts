/** Parsing <expression> and <expr-primary> (literals), and unresolved names: the last grammar area, so the complete parser. */
import { type Node, nameText } from './nodes.js';
import { OPERATORS, isDigit, isLower } from './tables.js';
import { TypeParser } from './parse-types.js';
import { printDetached } from './print-nodes.js';

export class Parser extends TypeParser {
  // <expr-primary> ::= L <type> <value> E | L <mangled-name> E | L _Z <encoding> E
  exprPrimary(): Node {
    this.expect('L');
    let ret: Node;
    if (this.ch() === '_' || this.ch() === 'Z') {
      if (this.ch() === 'Z') this.fail();
      ret = this.mangledName(false, true);
    } else {
      const t = this.type();
      if (t.k === 'builtin' && t.lit === -1 && this.ch() === 'E') {
        this.p++;
        return t;
      }
      let neg = false;
      if (this.eat('n')) neg = true;
      const start = this.p;
      while (this.ch() !== 'E') {
        if (this.ch() === '') this.fail();
        this.p++;
      }
      ret = { k: 'lit', t, v: this.s.slice(start, this.p), neg };
    }
    this.expect('E');
    return ret;
  }

  // <expression>
  expression(): Node {
    this.enter();
    try {
      return this.expressionInner();
    } finally {
      this.depth--;
    }
  }

  exprList(end: string): Node[] {
    const out: Node[] = [];
    while (!this.eat(end)) {
      if (this.ch() === '') this.fail();
      out.push(this.expression());
    }
    return out;
  }

  expressionInner(): Node {
    const c = this.ch();
    const d = this.ch(1);
    if (c === 'L') return this.exprPrimary();
    if (c === 'T') return this.templateParam();
    if (c === 's' && d === 'r') {
      this.p += 2;
      return this.unresolvedName();
    }
    if (c === 's' && d === 'p') {
      this.p += 2;
      return { k: 'expand', t: this.expression() };
    }
    if (c === 'f' && d === 'p') {
      this.p += 2;
      while (this.ch() === 'r' || this.ch() === 'V' || this.ch() === 'K') this.p++;
      const n = this.eat('_') ? 1 : this.number() + 2;
      if (n !== 1) this.expect('_');
      return { k: 'fparm', n };
    }
    if (c === 'f' && d === 'L') {
      this.p += 2;
      this.number();
      this.expect('p');
      while (this.ch() === 'r' || this.ch() === 'V' || this.ch() === 'K') this.p++;
      const n = this.eat('_') ? 1 : this.number() + 2;
      if (n !== 1) this.expect('_');
      return { k: 'fparm', n };
    }
    if (isDigit(this.c()) || (c === 'o' && d === 'n')) {
      if (c === 'o') this.p += 2;
      const name = this.unqualifiedName(undefined);
      if (this.ch() === 'I') return { k: 'tmpl', a: name, args: this.templateArgs(false) };
      return name;
    }
    if (c === 'd' && d === 'n') {
      this.p += 2;
      const t = isDigit(this.c()) ? this.unqualifiedName(undefined) : this.type();
      return { k: 'text', s: '~' + printDetached(t) };
    }
    if (c === 'i' && d === 'l') {
      this.p += 2;
      return { k: 'initlist', t: undefined, items: this.exprList('E') };
    }
    if (c === 't' && d === 'l') {
      this.p += 2;
      const t = this.type();
      return { k: 'initlist', t, items: this.exprList('E') };
    }
    if (c === 't' && (d === 'i' || d === 'e')) {
      this.p += 2;
      const operand = d === 'i' ? this.type() : this.expression();
      return { k: 'unary', op: { k: 'op', name: 'typeid ', code: 'ti' }, e: operand };
    }
    if (c === 'u') {
      this.p++;
      const name = nameText(this.sourceName());
      const args = this.ch() === 'I' ? this.templateArgs(false) : [];
      void args;
      return { k: 'text', s: name };
    }
    // operator expressions
    const op = this.operatorName();
    if (op.k === 'cast') {
      // cv <type> <expression> | cv <type> _ <expression>* E
      if (this.eat('_')) return { k: 'unary', op, e: { k: 'list', items: this.exprList('E') } };
      return { k: 'unary', op, e: this.expression() };
    }
    if (op.k !== 'op') this.fail();
    const code = op.code;
    const arity = OPERATORS[code]?.[1] ?? 0;
    switch (arity) {
      case 0:
        return { k: 'text', s: op.name };
      case 1: {
        let suffix = false;
        if (code === 'pp' || code === 'mm') {
          if (this.eat('_')) suffix = false;
          else suffix = true;
        }
        let operand: Node;
        if (code === 'st' || code === 'at') operand = this.type();
        else if (code === 'sP') {
          const items: Node[] = [];
          while (!this.eat('E')) {
            if (this.ch() === '') this.fail();
            items.push(this.templateArg());
          }
          operand = { k: 'list', items };
        } else operand = this.expression();
        return { k: 'unary', op, e: operand, suffix };
      }
      case 2: {
        if (code === 'cl') {
          const f = this.expression();
          return { k: 'call', f, args: this.exprList('E') };
        }
        let left: Node;
        let right: Node;
        if (code === 'sc' || code === 'dc' || code === 'cc' || code === 'rc') {
          left = this.type();
          right = this.expression();
        } else if (code === 'dt' || code === 'pt') {
          left = this.expression();
          right = this.ch() === 's' && this.ch(1) === 'r' ? (this.p += 2, this.unresolvedName()) : this.baseUnresolvedName();
        } else {
          left = this.expression();
          right = this.expression();
        }
        return { k: 'binary', op, a: left, b: right };
      }
      case 3: {
        if (code !== 'qu') return this.fail();
        const a = this.expression();
        const b = this.expression();
        const c3 = this.expression();
        return { k: 'trinary', op, a, b, c: c3 };
      }
      default:
        return this.fail();
    }
  }

  baseUnresolvedName(): Node {
    if (isDigit(this.c())) {
      const n = this.sourceName();
      if (this.ch() === 'I') return { k: 'tmpl', a: n, args: this.templateArgs(false) };
      return n;
    }
    if (this.ch() === 'o' && this.ch(1) === 'n') {
      this.p += 2;
      const n = this.operatorName();
      if (this.ch() === 'I') return { k: 'tmpl', a: n, args: this.templateArgs(false) };
      return n;
    }
    if (this.ch() === 'd' && this.ch(1) === 'n') {
      this.p += 2;
      const t = isDigit(this.c()) ? this.sourceName() : this.type();
      return { k: 'text', s: '~' + printDetached(t) };
    }
    return this.unqualifiedName(undefined);
  }

  // after "sr": <prefix> E <base-unresolved-name> (new form) or <type> <base-unresolved-name>
  unresolvedName(): Node {
    const c = this.c();
    let scope: Node | undefined;
    if (isDigit(c) || isLower(c) || c === 67 /* C */ || c === 85 /* U */ || c === 76 /* L */) {
      // a prefix that is not a substitution candidate
      for (;;) {
        this.enter();
        this.depth--;
        if (this.ch() === 'I') {
          if (!scope) this.fail();
          scope = { k: 'tmpl', a: scope, args: this.templateArgs(false) };
        } else scope = this.unqualifiedName(scope);
        if (this.ch() === 'E' || this.ch() === '') break;
      }
      this.eat('E');
    } else scope = this.type();
    let name: Node = this.unqualifiedName(scope);
    if (this.ch() === 'I') name = { k: 'tmpl', a: name, args: this.templateArgs(false) };
    return name;
  }
}
