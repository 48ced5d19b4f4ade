/**
 * The parser's state and cursor (position, substitutions, template scope, depth and work bounds),
 * and the productions of one grammar area that another area's parser calls, declared here so that
 * the areas can be split across files: names (parse-names.ts) < types (parse-types.ts) <
 * expressions (parse-expressions.ts), each class extending the one before.
 */
import { FAIL, MAX_DEPTH, type Node, type Scope } from './nodes.js';
import { isDigit } from './tables.js';

export abstract class ParserBase {
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


  /** Pending method qualifiers from the last nested name (moved onto the encoding). */
  pendingCv = '';
  pendingRef = '';

  abstract mangledName(top: boolean, params: boolean): Node;
  abstract encoding(top: boolean, params: boolean): Node;
  abstract type(): Node;
  abstract expression(): Node;
  abstract exprPrimary(): Node;
}
