/** Parsing names: <mangled-name>, <encoding>, <special-name>, <name> and its parts, substitutions, template arguments. */
import { type Node, nameText, baseName, hasReturnType } from './nodes.js';
import { OPERATORS, STD_SUBS, isDigit, isUpper, isLower } from './tables.js';
import { ParserBase } from './parser-base.js';

export abstract class NameParser extends ParserBase {
  // <mangled-name> ::= _Z <encoding> [<clone-suffix>]*
  mangledName(top: boolean, params: boolean): Node {
    this.expect('_');
    this.expect('Z');
    let enc = this.encoding(top, params);
    if (top && params) {
      while (this.ch() === '.' && (isLower(this.c(1)) || this.c(1) === 95 || isDigit(this.c(1)))) {
        enc = this.cloneSuffix(enc);
      }
    }
    return enc;
  }

  cloneSuffix(enc: Node): Node {
    const start = this.p;
    let e = this.p;
    const s = this.s;
    if (s.charAt(e) === '.' && (isLower(s.charCodeAt(e + 1)) || isDigit(s.charCodeAt(e + 1)) || s.charAt(e + 1) === '_')) {
      e += 2;
      while (isLower(s.charCodeAt(e)) || isDigit(s.charCodeAt(e)) || s.charAt(e) === '_') e++;
    }
    while (s.charAt(e) === '.' && isDigit(s.charCodeAt(e + 1))) {
      e += 2;
      while (isDigit(s.charCodeAt(e))) e++;
    }
    this.p = e;
    return { k: 'clone', a: enc, suffix: s.slice(start, e) };
  }

  // <encoding> ::= <name> <bare-function-type> | <name> | <special-name>
  encoding(top: boolean, params: boolean): Node {
    this.enter();
    const c = this.ch();
    if (c === 'G' || c === 'T') {
      const r = this.specialName();
      this.depth--;
      return r;
    }
    const saved = this.scope;
    this.scope = { args: undefined };
    try {
      const name = this.name(true);
      if (top && !params) return name;
      const n = this.ch();
      if (n === '' || n === 'E' || n === '.') {
        if (name.k === 'enc') return name; // cannot happen; keeps types simple
        return name;
      }
      const enc = this.functionQualsOf(name);
      const ret = hasReturnType(enc.name) ? this.type() : undefined;
      enc.ret = ret;
      enc.params = this.paramList();
      return enc;
    } finally {
      this.scope = saved;
      this.depth--;
    }
  }

  functionQualsOf(name: Node): Extract<Node, { k: 'enc' }> {
    const enc: Extract<Node, { k: 'enc' }> = { k: 'enc', name, ret: undefined, params: [], cv: this.pendingCv, ref: this.pendingRef, scope: this.scope };
    this.pendingCv = '';
    this.pendingRef = '';
    return enc;
  }

  paramList(): Node[] {
    const out: Node[] = [];
    for (;;) {
      const c = this.ch();
      if (c === '' || c === 'E' || c === '.' || c === 'Q') break;
      if ((c === 'R' || c === 'O') && this.ch(1) === 'E') break;
      out.push(this.type());
    }
    if (out.length === 0) this.fail();
    if (out.length === 1 && out[0]!.k === 'builtin' && (out[0] as { s: string }).s === 'void') return [];
    return out;
  }

  specialName(): Node {
    const c = this.ch();
    const d = this.ch(1);
    this.p += 2;
    if (c === 'T') {
      switch (d) {
        case 'V': return { k: 'special', text: 'vtable for ', a: this.type() };
        case 'T': return { k: 'special', text: 'VTT for ', a: this.type() };
        case 'I': return { k: 'special', text: 'typeinfo for ', a: this.type() };
        case 'S': return { k: 'special', text: 'typeinfo name for ', a: this.type() };
        case 'F': return { k: 'special', text: 'typeinfo fn for ', a: this.type() };
        case 'h':
          this.callOffset('h');
          return { k: 'special', text: 'non-virtual thunk to ', a: this.encoding(false, true) };
        case 'v':
          this.callOffset('v');
          return { k: 'special', text: 'virtual thunk to ', a: this.encoding(false, true) };
        case 'c':
          this.callOffset(undefined);
          this.callOffset(undefined);
          return { k: 'special', text: 'covariant return thunk to ', a: this.encoding(false, true) };
        case 'C': {
          const derived = this.type();
          this.number();
          this.expect('_');
          const base = this.type();
          return { k: 'ctorvt', a: base, b: derived };
        }
        case 'H': return { k: 'special', text: 'TLS init function for ', a: this.name(false) };
        case 'W': return { k: 'special', text: 'TLS wrapper function for ', a: this.name(false) };
        case 'A': return { k: 'special', text: 'template parameter object for ', a: this.templateArg() };
        default: this.fail();
      }
    }
    if (c === 'G') {
      switch (d) {
        case 'V': return { k: 'special', text: 'guard variable for ', a: this.name(false) };
        case 'R': {
          const name = this.name(false);
          const n = isDigit(this.c()) || isUpper(this.c()) ? this.seqId() : 0;
          this.expect('_');
          return { k: 'special', text: `reference temporary #${n} for `, a: name };
        }
        case 'A': return { k: 'special', text: 'hidden alias for ', a: this.encoding(false, true) };
        case 'T':
          if (this.eat('t')) return { k: 'special', text: 'transaction clone for ', a: this.encoding(false, true) };
          if (this.eat('n')) return { k: 'special', text: 'non-transaction clone for ', a: this.encoding(false, true) };
          return this.fail();
        default:
          return this.fail();
      }
    }
    this.fail();
  }

  seqId(): number {
    let n = 0;
    const start = this.p;
    for (;;) {
      const c = this.c();
      if (isDigit(c)) n = n * 36 + (c - 48);
      else if (isUpper(c)) n = n * 36 + (c - 55);
      else break;
      this.p++;
      if (n > 1e9) this.fail();
    }
    if (this.p === start) this.fail();
    return n;
  }

  callOffset(kind: string | undefined): void {
    const k = kind ?? this.ch();
    if (kind === undefined) this.p++;
    if (k === 'h') {
      this.numberText();
      this.expect('_');
    } else if (k === 'v') {
      this.numberText();
      this.expect('_');
      this.numberText();
      this.expect('_');
    } else this.fail();
  }

  // <name> ::= <nested-name> | <unscoped-name> | <unscoped-template-name> <template-args> | <local-name>
  name(encLevel: boolean): Node {
    this.enter();
    try {
      const c = this.ch();
      if (c === 'N') return this.nestedName(encLevel);
      if (c === 'Z') return this.localName(encLevel);
      let dc: Node;
      let subst = false;
      if (c === 'S') {
        if (this.ch(1) !== 't') {
          dc = this.substitution();
          subst = true;
        } else {
          this.p += 2;
          dc = { k: 'qual', a: { k: 'name', s: 'std' }, b: this.unqualifiedName(undefined) };
        }
      } else {
        dc = this.unqualifiedName(undefined);
      }
      if (this.ch() === 'I') {
        if (!subst) this.add(dc);
        dc = { k: 'tmpl', a: dc, args: this.templateArgs(encLevel) };
      }
      return dc;
    } finally {
      this.depth--;
    }
  }

  nestedName(encLevel: boolean): Node {
    this.expect('N');
    let cv = '';
    // qualifiers are parsed in the order r V K and printed innermost (K) first
    const quals: string[] = [];
    for (;;) {
      const c = this.ch();
      if (c === 'r') quals.push(' restrict');
      else if (c === 'V') quals.push(' volatile');
      else if (c === 'K') quals.push(' const');
      else break;
      this.p++;
    }
    for (let i = quals.length - 1; i >= 0; i--) cv += quals[i];
    let ref = '';
    if (this.ch() === 'R') {
      ref = ' &';
      this.p++;
    } else if (this.ch() === 'O') {
      ref = ' &&';
      this.p++;
    }
    const ret = this.prefix(encLevel);
    this.expect('E');
    if (encLevel) {
      this.pendingCv = cv;
      this.pendingRef = ref;
    }
    return ret;
  }

  prefix(encLevel: boolean): Node {
    let ret: Node | undefined;
    for (;;) {
      this.enter();
      this.depth--;
      const c = this.ch();
      if (c === '') this.fail();
      if (c === 'D' && (this.ch(1) === 'T' || this.ch(1) === 't')) {
        if (ret) this.fail();
        ret = this.type();
      } else if (c === 'I') {
        if (!ret) this.fail();
        ret = { k: 'tmpl', a: ret, args: this.templateArgs(encLevel) };
      } else if (c === 'T') {
        if (ret) this.fail();
        ret = this.templateParam();
      } else if (c === 'M') {
        this.p++;
        continue;
      } else if (c === 'S') {
        if (ret) this.fail();
        ret = this.substitution();
        continue;
      } else if (c === 'E') {
        this.fail();
      } else {
        ret = this.unqualifiedName(ret);
      }
      if (this.ch() === 'E') break;
      this.add(ret);
    }
    return ret;
  }

  unqualifiedName(scope: Node | undefined): Node {
    this.enter();
    try {
      const c = this.c();
      let ret: Node;
      if (isDigit(c)) {
        ret = this.sourceName();
      } else if (isLower(c)) {
        ret = this.operatorName();
        if (ret.k === 'op' && ret.code === 'li') ret = { k: 'litop', name: nameText(this.sourceName()) };
      } else if (c === 67 /* C */ || c === 68 /* D */) {
        if (c === 68 && this.ch(1) === 'C') {
          this.p += 2;
          const names: string[] = [];
          do names.push(nameText(this.sourceName()));
          while (this.ch() !== 'E' && names.length < 64);
          this.expect('E');
          ret = { k: 'binding', names };
        } else ret = this.ctorDtor(scope);
      } else if (c === 76 /* L */) {
        this.p++;
        ret = this.sourceName();
        this.discriminator();
      } else if (c === 85 /* U */) {
        ret = this.unnamedTypeName();
      } else {
        this.fail();
      }
      if (this.ch() === 'B') ret = this.abiTags(ret);
      return scope ? { k: 'qual', a: scope, b: ret } : ret;
    } finally {
      this.depth--;
    }
  }

  abiTags(n: Node): Node {
    const hold = this.lastName;
    while (this.eat('B')) {
      n = { k: 'tag', a: n, tag: nameText(this.sourceName()) };
    }
    this.lastName = hold;
    return n;
  }

  sourceName(): Node {
    const start = this.p;
    while (isDigit(this.c())) this.p++;
    const len = Number(this.s.slice(start, this.p));
    if (!(len > 0) || this.p + len > this.s.length) this.fail();
    const id = this.s.slice(this.p, this.p + len);
    this.p += len;
    let node: Node;
    if (len >= 10 && id.startsWith('_GLOBAL_') && (id[8] === '.' || id[8] === '_' || id[8] === '$') && id[9] === 'N') {
      node = { k: 'name', s: '(anonymous namespace)' };
    } else node = { k: 'name', s: id };
    this.lastName = node;
    return node;
  }

  operatorName(): Node {
    const code = this.s.slice(this.p, this.p + 2);
    this.p += 2;
    if (code === 'cv') {
      const was = this.inConversion;
      this.inConversion = !this.inExpression;
      try {
        const t = this.type();
        return this.inConversion ? { k: 'conv', t } : { k: 'cast', t };
      } finally {
        this.inConversion = was;
      }
    }
    if (code.charAt(0) === 'v' && isDigit(code.charCodeAt(1))) {
      return { k: 'op', name: ' ' + nameText(this.sourceName()), code };
    }
    const op = OPERATORS[code];
    if (!op) this.fail();
    return { k: 'op', name: op[0], code };
  }

  ctorDtor(scope: Node | undefined): Node {
    const last = this.lastName ?? (scope ? baseName(scope) : undefined);
    if (!last) this.fail();
    const c = this.ch();
    const d = this.ch(1);
    this.p += 2;
    if (c === 'C') {
      if (d === 'I') {
        // inheriting constructor: CI1 <base class type> / CI2 <type>
        const k = this.ch();
        if (k !== '1' && k !== '2' && k !== '3' && k !== '4' && k !== '5') this.fail();
        this.p++;
        this.type();
        return { k: 'ctor', name: last, dtor: false };
      }
      if (d !== '1' && d !== '2' && d !== '3' && d !== '4' && d !== '5') this.fail();
      return { k: 'ctor', name: last, dtor: false };
    }
    if (d !== '0' && d !== '1' && d !== '2' && d !== '4' && d !== '5') this.fail();
    return { k: 'ctor', name: last, dtor: true };
  }

  unnamedTypeName(): Node {
    this.expect('U');
    const c = this.ch();
    if (c === 't') {
      this.p++;
      const n = this.compactNumber();
      return { k: 'unnamed', n: n + 1 };
    }
    if (c === 'l') {
      this.p++;
      const params: Node[] = [];
      while (this.ch() !== 'E') {
        if (this.ch() === '') this.fail();
        params.push(this.type());
      }
      this.p++;
      const n = this.compactNumber();
      const ps = params.length === 1 && params[0]!.k === 'builtin' && (params[0] as { s: string }).s === 'void' ? [] : params;
      return { k: 'lambda', params: ps, n: n + 1 };
    }
    this.fail();
  }

  discriminator(): void {
    if (this.ch() !== '_') return;
    this.p++;
    let under = 1;
    if (this.eat('_')) under++;
    const n = this.number();
    if (under > 1 && n >= 10) this.expect('_');
  }

  // <local-name> ::= Z <encoding> E <entity name> [<discriminator>] | Z <encoding> E s [<discriminator>]
  localName(encLevel: boolean): Node {
    this.expect('Z');
    const enc = this.encoding(false, true);
    this.expect('E');
    if (this.eat('s')) {
      this.discriminator();
      return { k: 'local', enc, entity: { k: 'name', s: 'string literal' } };
    }
    let num = -1;
    if (this.eat('d')) num = this.compactNumber();
    let name = this.name(encLevel);
    if (name.k !== 'lambda' && name.k !== 'unnamed') this.discriminator();
    if (num >= 0) name = { k: 'defarg', n: num + 1, a: name };
    return { k: 'local', enc, entity: name };
  }

  templateArgs(encLevel: boolean): Node[] {
    this.enter();
    const hold = this.lastName;
    this.expect('I');
    const args: Node[] = [];
    while (!this.eat('E')) {
      if (this.ch() === '') this.fail();
      args.push(this.templateArg());
    }
    this.lastName = hold;
    if (encLevel) this.scope.args = args;
    this.depth--;
    return args;
  }

  templateArg(): Node {
    const c = this.ch();
    if (c === 'X') {
      this.p++;
      const was = this.inExpression;
      this.inExpression = true;
      const e = this.expression();
      this.inExpression = was;
      this.expect('E');
      return e;
    }
    if (c === 'L') return this.exprPrimary();
    if (c === 'J' || c === 'I') {
      this.p++;
      const items: Node[] = [];
      while (!this.eat('E')) {
        if (this.ch() === '') this.fail();
        items.push(this.templateArg());
      }
      return { k: 'pack', items };
    }
    return this.type();
  }

  templateParam(): Node {
    this.expect('T');
    if (this.ch() === 'L') this.fail(); // template parameters with levels (lambdas with template heads)
    const idx = this.compactNumber();
    return { k: 'tparam', idx, scope: this.scope };
  }

  substitution(): Node {
    this.expect('S');
    const c = this.c();
    if (c === 95 || isDigit(c) || isUpper(c)) {
      const id = c === 95 ? 0 : this.seqId() + 1;
      this.expect('_');
      const n = this.subs[id];
      if (!n) this.fail();
      return n;
    }
    const ch = this.ch();
    this.p++;
    if (ch === 't') return { k: 'name', s: 'std' };
    const std = STD_SUBS[ch];
    if (!std) this.fail();
    this.lastName = { k: 'name', s: std[1] };
    return { k: 'std', s: std[0] };
  }

}
