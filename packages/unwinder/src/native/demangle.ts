/**
 * Itanium C++ ABI symbol demangling (the `_Z` scheme used by GCC and Clang on every platform but
 * Windows), with output formatted like binutils' `c++filt`, plus Rust's legacy `_ZN…17h<hash>E`
 * symbols (formatted like rustc-demangle's alternate form, without the hash).
 *
 * Names come from files of the profiled process, so the input is untrusted: parsing and printing
 * are bounded (recursion depth, work counter, output length) and any failure yields `undefined`.
 */

export interface DemangleOptions {
  /**
   * true: the full signature, like `c++filt` (`void std::vector<int>::push_back(int&&)`).
   * false (default): without the function's parameters, return type and qualifiers, like
   * `c++filt --no-params` and py-spy (`std::vector<int>::push_back`).
   */
  params?: boolean;
}

/** Work done by the last `demangle` call (parse + print steps), for tests of the work bound. */
export let demangleWork = 0;

const MAX_DEPTH = 192;
const MAX_OUTPUT = 1 << 16;

/** Thrown internally to abandon a parse or print; never escapes `demangle`. */
const FAIL: unique symbol = Symbol('demangle-fail');

/* ----------------------------------------------------------------------------------------------
 * Nodes
 * -------------------------------------------------------------------------------------------- */

interface Scope {
  args: Node[] | undefined;
}

type Node =
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


/** Literal print styles of builtin types (how `L<type><value>E` is shown). */
const L_DEFAULT = 0;
const L_INT = 1;
const L_BOOL = 2;
const L_FLOAT = 3;

const BUILTINS: Record<string, [string, number, string]> = {
  // code: [name, literal style, literal suffix]
  a: ['signed char', L_DEFAULT, ''],
  b: ['bool', L_BOOL, ''],
  c: ['char', L_DEFAULT, ''],
  d: ['double', L_FLOAT, ''],
  e: ['long double', L_FLOAT, ''],
  f: ['float', L_FLOAT, ''],
  g: ['__float128', L_FLOAT, ''],
  h: ['unsigned char', L_DEFAULT, ''],
  i: ['int', L_INT, ''],
  j: ['unsigned int', L_INT, 'u'],
  l: ['long', L_INT, 'l'],
  m: ['unsigned long', L_INT, 'ul'],
  n: ['__int128', L_DEFAULT, ''],
  o: ['unsigned __int128', L_DEFAULT, ''],
  s: ['short', L_DEFAULT, ''],
  t: ['unsigned short', L_DEFAULT, ''],
  v: ['void', L_DEFAULT, ''],
  w: ['wchar_t', L_DEFAULT, ''],
  x: ['long long', L_INT, 'll'],
  y: ['unsigned long long', L_INT, 'ull'],
  z: ['...', L_DEFAULT, ''],
};

const D_BUILTINS: Record<string, string> = {
  a: 'auto',
  c: 'decltype(auto)',
  d: 'decimal64',
  e: 'decimal128',
  f: 'decimal32',
  h: 'half',
  i: 'char32_t',
  n: 'decltype(nullptr)',
  s: 'char16_t',
  u: 'char8_t',
};

/** Operator codes: [printed name, arity]. */
const OPERATORS: Record<string, [string, number]> = {
  aN: ['&=', 2], aS: ['=', 2], aa: ['&&', 2], ad: ['&', 1], an: ['&', 2], at: ['alignof ', 1],
  aw: ['co_await ', 1], az: ['alignof ', 1], cc: ['const_cast', 2], cl: ['()', 2], cm: [',', 2],
  co: ['~', 1], dV: ['/=', 2], da: ['delete[] ', 1], dc: ['dynamic_cast', 2], de: ['*', 1],
  dl: ['delete ', 1], ds: ['.*', 2], dt: ['.', 2], dv: ['/', 2], eO: ['^=', 2], eo: ['^', 2],
  eq: ['==', 2], ge: ['>=', 2], gs: ['::', 1], gt: ['>', 2], ix: ['[]', 2], lS: ['<<=', 2],
  le: ['<=', 2], ls: ['<<', 2], lt: ['<', 2], mI: ['-=', 2], mL: ['*=', 2], mi: ['-', 2],
  ml: ['*', 2], mm: ['--', 1], na: ['new[]', 3], ne: ['!=', 2], ng: ['-', 1], nt: ['!', 1],
  nw: ['new', 3], nx: ['noexcept', 1], oR: ['|=', 2], oo: ['||', 2], or: ['|', 2], pL: ['+=', 2],
  pl: ['+', 2], pm: ['->*', 2], pp: ['++', 1], ps: ['+', 1], pt: ['->', 2], qu: ['?', 3],
  rM: ['%=', 2], rS: ['>>=', 2], rc: ['reinterpret_cast', 2], rm: ['%', 2], rs: ['>>', 2],
  sP: ['sizeof...', 1], sZ: ['sizeof...', 1], sc: ['static_cast', 2], ss: ['<=>', 2],
  st: ['sizeof ', 1], sz: ['sizeof ', 1], tr: ['throw', 0], tw: ['throw ', 1],
};

const STD_SUBS: Record<string, [string, string]> = {
  // code: [full expansion (c++filt's verbose form), name a constructor/destructor gets]
  a: ['std::allocator', 'allocator'],
  b: ['std::basic_string', 'basic_string'],
  s: ['std::basic_string<char, std::char_traits<char>, std::allocator<char> >', 'basic_string'],
  i: ['std::basic_istream<char, std::char_traits<char> >', 'basic_istream'],
  o: ['std::basic_ostream<char, std::char_traits<char> >', 'basic_ostream'],
  d: ['std::basic_iostream<char, std::char_traits<char> >', 'basic_iostream'],
};

const isDigit = (c: number) => c >= 48 && c <= 57;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;

/* ----------------------------------------------------------------------------------------------
 * Parser
 * -------------------------------------------------------------------------------------------- */

class Parser {
  p = 0;
  readonly subs: Node[] = [];
  scope: Scope = { args: undefined };
  depth = 0;
  work = 0;
  readonly maxWork: number;
  /** The last source name seen (libiberty's rule for naming constructors and destructors). */
  lastName: Node | undefined;
  /** Parsing the type of a conversion operator (template args may belong to the operator). */
  inConversion = false;
  inExpression = false;

  constructor(readonly s: string) {
    this.maxWork = 64 * s.length + 4096;
  }

  fail(): never {
    throw FAIL;
  }

  c(o = 0): number {
    return this.s.charCodeAt(this.p + o);
  }

  ch(o = 0): string {
    return this.s.charAt(this.p + o);
  }

  eat(c: string): boolean {
    if (this.s.charAt(this.p) === c) {
      this.p++;
      return true;
    }
    return false;
  }

  expect(c: string): void {
    if (this.s.charAt(this.p) !== c) this.fail();
    this.p++;
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH || ++this.work > this.maxWork) this.fail();
  }

  add(n: Node): void {
    if (this.subs.length > 4096) this.fail();
    this.subs.push(n);
  }

  /** <number> ::= [n] <decimal>; returns the text (with '-'). */
  numberText(): string {
    const start = this.p;
    let neg = false;
    if (this.ch() === 'n') {
      neg = true;
      this.p++;
    }
    const d = this.p;
    while (isDigit(this.c())) this.p++;
    if (this.p === d) {
      this.p = start;
      this.fail();
    }
    return (neg ? '-' : '') + this.s.slice(d, this.p);
  }

  number(): number {
    const t = this.numberText();
    const n = Number(t);
    if (!Number.isSafeInteger(n)) this.fail();
    return n;
  }

  /** [<digits>] _ → 0 for "_", digits+1 otherwise. */
  compactNumber(): number {
    if (this.eat('_')) return 0;
    if (!isDigit(this.c())) this.fail();
    const n = this.number() + 1;
    this.expect('_');
    return n;
  }

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

  /** Pending method qualifiers from the last nested name (moved onto the encoding). */
  pendingCv = '';
  pendingRef = '';

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

function nameText(n: Node): string {
  return n.k === 'name' ? n.s : '';
}

/** The name a constructor of class `n` gets (the class name without scope or arguments). */
function baseName(n: Node): Node | undefined {
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

function isCtorDtorConv(n: Node): boolean {
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
function hasReturnType(n: Node): boolean {
  if (n.k === 'local') return hasReturnType(n.entity);
  if (n.k === 'tmpl') return !isCtorDtorConv(n.a);
  return false;
}

/* ----------------------------------------------------------------------------------------------
 * Printer
 * -------------------------------------------------------------------------------------------- */

class Printer {
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

function children(n: Node): Node[] {
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

/** Prints a node on its own (exception specifications, `dn` names), within the caller's limits. */
function printDetached(n: Node): string {
  const p = new Printer(100_000);
  p.print(n);
  return p.out;
}

/* ----------------------------------------------------------------------------------------------
 * Rust legacy symbols
 * -------------------------------------------------------------------------------------------- */

const RUST_HASH = /^h[0-9a-f]{16}$/;
const RUST_ESCAPES: Record<string, string> = {
  SP: '@', BP: '*', RF: '&', LT: '<', GT: '>', LP: '(', RP: ')', C: ',',
};

/** `_ZN…17h<16 hex>E` with every component a plain identifier: rustc's legacy mangling. */
function demangleRustLegacy(s: string): string | undefined {
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

/* ----------------------------------------------------------------------------------------------
 * Entry point
 * -------------------------------------------------------------------------------------------- */

/**
 * Demangles an Itanium C++ ABI name (`_Z…`, or Mach-O's `__Z…`), including GCC clone suffixes
 * (`.cold`, `.isra.0`, … shown as ` [clone .cold]` with params), and Rust legacy names
 * (`_ZN…17h<hash>E` → `std::rt::lang_start_internal`). A `@version` suffix is kept. Returns `undefined` for names that are not
 * mangled or cannot be parsed; never throws.
 */
export function demangle(name: string, options?: DemangleOptions): string | undefined {
  demangleWork = 0;
  if (typeof name !== 'string' || name.length < 3 || name.length > 16384) return undefined;
  const at = name.indexOf('@', 2);
  if (at > 0) {
    // a symbol version (`_ZNSt13runtime_errorC1EPKc@GLIBCXX_3.4.21`, `…@@GLIBCXX_3.4`) stays as a suffix
    const base = demangleName(name.slice(0, at), options);
    return base === undefined ? undefined : base + name.slice(at);
  }
  return demangleName(name, options);
}

function demangleName(name: string, options: DemangleOptions | undefined): string | undefined {
  let s = name;
  if (s.charCodeAt(0) === 95 && s.charCodeAt(1) === 95 && s.charCodeAt(2) === 90) s = s.slice(1); // __Z (Mach-O)
  if (s.charCodeAt(0) !== 95 || s.charCodeAt(1) !== 90) return undefined;
  const params = options?.params === true;
  if (s.charCodeAt(2) === 78 /* N */ && /17h[0-9a-f]{16}E(?:\.llvm\.[0-9A-Fa-f@.]+)?$/.test(s)) {
    const rust = demangleRustLegacy(s.slice(3));
    if (rust !== undefined) return rust;
  }
  const parser = new Parser(s);
  let result: string | undefined;
  try {
    const node = parser.mangledName(true, params);
    if (params && parser.p !== s.length) return undefined;
    const printer = new Printer(parser.maxWork * 8);
    try {
      if (node.k === 'enc') printer.encoding(node, params, true);
      else printer.print(node);
    } finally {
      demangleWork = parser.work + printer.steps;
    }
    result = printer.out;
  } catch (e) {
    if (e !== FAIL) {
      // a bug in this module must not take down symbolization: treat it as unparseable
      return undefined;
    }
    return undefined;
  } finally {
    if (demangleWork === 0) demangleWork = parser.work;
  }
  return result;
}
