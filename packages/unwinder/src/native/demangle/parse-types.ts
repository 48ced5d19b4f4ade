/** Parsing <type>: builtin, qualified, pointer and reference, function, array, pointer-to-member, pack and decltype types. */
import { FAIL, type Node, nameText } from './nodes.js';
import { BUILTINS, D_BUILTINS, L_DEFAULT, L_FLOAT, isDigit, isUpper } from './tables.js';
import { NameParser } from './parse-names.js';
import { printDetached } from './print-nodes.js';

export abstract class TypeParser extends NameParser {
  // <type>
  type(): Node {
    this.enter();
    try {
      return this.typeInner();
    } finally {
      this.depth--;
    }
  }

  typeInner(): Node {
    const c = this.ch();
    if (c === 'r' || c === 'V' || c === 'K' || (c === 'D' && (this.ch(1) === 'x' || this.ch(1) === 'o' || this.ch(1) === 'O' || this.ch(1) === 'w'))) {
      const quals: string[] = [];
      let exc = '';
      for (;;) {
        const q = this.ch();
        if (q === 'r') quals.push(' restrict');
        else if (q === 'V') quals.push(' volatile');
        else if (q === 'K') quals.push(' const');
        else if (q === 'D' && this.ch(1) === 'x') {
          this.p++;
          exc += ' transaction_safe';
        } else if (q === 'D' && this.ch(1) === 'o') {
          this.p++;
          exc += ' noexcept';
        } else if (q === 'D' && this.ch(1) === 'O') {
          this.p += 2;
          const e = this.expression();
          this.expect('E');
          exc += ` noexcept(${printDetached(e)})`;
          continue;
        } else if (q === 'D' && this.ch(1) === 'w') {
          this.p += 2;
          const ts: string[] = [];
          while (!this.eat('E')) {
            if (this.ch() === '') this.fail();
            ts.push(printDetached(this.type()));
          }
          exc += ` throw(${ts.join(', ')})`;
          continue;
        } else break;
        this.p++;
      }
      let cv = '';
      for (let i = quals.length - 1; i >= 0; i--) cv += quals[i];
      let ret: Node;
      if (this.ch() === 'F') {
        // qualifiers of a function type apply to `this`: the unqualified type is not a substitution candidate
        const fn = this.functionType() as Extract<Node, { k: 'fn' }>;
        ret = { ...fn, cv: fn.cv + cv, exc: fn.exc + exc };
      } else {
        if (exc) this.fail();
        const t = this.type();
        ret = { k: 'qt', t, q: cv };
      }
      this.add(ret);
      return ret;
    }
    let ret: Node;
    let canSub = true;
    const b = BUILTINS[c];
    if (b) {
      this.p++;
      return { k: 'builtin', s: b[0], lit: b[1] };
    }
    switch (c) {
      case 'u': {
        this.p++;
        ret = { k: 'name', s: nameText(this.sourceName()) };
        break;
      }
      case 'F':
        ret = this.functionType();
        break;
      case 'N':
      case 'Z':
        ret = this.name(false);
        break;
      case 'A':
        ret = this.arrayType();
        break;
      case 'M': {
        this.p++;
        const cls = this.type();
        const mem = this.type();
        ret = { k: 'ptm', cls, mem };
        break;
      }
      case 'T': {
        ret = this.templateParam();
        if (this.ch() === 'I') {
          if (!this.inConversion) {
            this.add(ret);
            ret = { k: 'tmpl', a: ret, args: this.templateArgs(false) };
          } else {
            const checkpoint = this.p;
            const subsLen = this.subs.length;
            let args: Node[] | undefined;
            try {
              args = this.templateArgs(false);
            } catch (e) {
              if (e !== FAIL) throw e; // not template arguments: parse it the other way
              args = undefined;
            }
            if (args && this.ch() === 'I') {
              this.add(ret);
              ret = { k: 'tmpl', a: ret, args };
            } else {
              this.p = checkpoint;
              this.subs.length = subsLen;
            }
          }
        }
        break;
      }
      case 'S': {
        const n = this.c(1);
        if (isDigit(n) || n === 95 || isUpper(n)) {
          ret = this.substitution();
          if (this.ch() === 'I') ret = { k: 'tmpl', a: ret, args: this.templateArgs(false) };
          else canSub = false;
        } else {
          ret = this.name(false);
          if (ret.k === 'std') canSub = false;
        }
        break;
      }
      case 'P':
        this.p++;
        ret = { k: 'ptr', t: this.type() };
        break;
      case 'R':
        this.p++;
        ret = { k: 'ref', t: this.type() };
        break;
      case 'O':
        this.p++;
        ret = { k: 'rref', t: this.type() };
        break;
      case 'C':
        this.p++;
        ret = { k: 'post', t: this.type(), s: ' _Complex' };
        break;
      case 'G':
        this.p++;
        ret = { k: 'post', t: this.type(), s: ' _Imaginary' };
        break;
      case 'U': {
        this.p++;
        const q = nameText(this.sourceName());
        if (this.ch() === 'I') this.templateArgs(false);
        ret = { k: 'post', t: this.type(), s: ' ' + q };
        break;
      }
      case 'D': {
        const d = this.ch(1);
        this.p += 2;
        const bt = D_BUILTINS[d];
        if (bt) return { k: 'builtin', s: bt, lit: d === 'n' ? -1 : L_DEFAULT };
        switch (d) {
          case 'T':
          case 't': {
            const was = this.inExpression;
            this.inExpression = true;
            const e = this.expression();
            this.inExpression = was;
            this.expect('E');
            ret = { k: 'decltype', e };
            break;
          }
          case 'p':
            ret = { k: 'expand', t: this.type() };
            break;
          case 'v': {
            let dim: Node | string;
            if (this.eat('_')) {
              dim = this.expression();
            } else dim = this.numberText();
            this.expect('_');
            ret = { k: 'vec', t: this.type(), dim };
            break;
          }
          case 'F': {
            // _FloatN / _FloatNx
            const n = this.number();
            const x = this.eat('x');
            if (!x) this.expect('_');
            return { k: 'builtin', s: `_Float${n}${x ? 'x' : ''}`, lit: L_FLOAT };
          }
          default:
            this.fail();
        }
        break;
      }
      default:
        if (isDigit(this.c())) {
          ret = this.name(false);
          break;
        }
        this.fail();
    }
    if (canSub) this.add(ret);
    return ret;
  }

  functionType(): Node {
    this.expect('F');
    this.eat('Y');
    const ret = this.type();
    const params = this.paramList0();
    let ref = '';
    if (this.ch() === 'R' && this.ch(1) === 'E') {
      ref = ' &';
      this.p++;
    } else if (this.ch() === 'O' && this.ch(1) === 'E') {
      ref = ' &&';
      this.p++;
    }
    this.expect('E');
    return { k: 'fn', ret, params, cv: '', ref, exc: '' };
  }

  /** Parameter types of a function type (at least one, `v` alone meaning none). */
  paramList0(): Node[] {
    const out: Node[] = [];
    for (;;) {
      const c = this.ch();
      if (c === '' || c === 'E') break;
      if ((c === 'R' || c === 'O') && this.ch(1) === 'E') break;
      out.push(this.type());
    }
    if (out.length === 0) this.fail();
    if (out.length === 1 && out[0]!.k === 'builtin' && (out[0] as { s: string }).s === 'void') return [];
    return out;
  }

  arrayType(): Node {
    this.expect('A');
    let dim: Node | string = '';
    const c = this.c();
    if (c === 95) {
      dim = '';
    } else if (isDigit(c)) {
      const start = this.p;
      while (isDigit(this.c())) this.p++;
      dim = this.s.slice(start, this.p);
    } else {
      const was = this.inExpression;
      this.inExpression = true;
      dim = this.expression();
      this.inExpression = was;
    }
    this.expect('_');
    return { k: 'arr', dim, t: this.type() };
  }

}
