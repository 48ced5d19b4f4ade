/**
 * Error classes that `instanceof` recognises across copies of a package. An install can hold several
 * copies of one @pyglass package (npm's nested layout gives each dependent its own; a version
 * mismatch does too), and a caller's `e instanceof ProcessNotFound` must recognise the error another
 * copy threw. `brandErrors` gives each class a symbol from the global registry (`Symbol.for`, the
 * same in every copy), set on its prototype so that instances of its subclasses carry it too, and a
 * `Symbol.hasInstance` that checks the brand of the class asked about. A class without a brand of its
 * own (a caller's subclass) keeps plain `instanceof`.
 */

/** Where a branded class keeps its brand (a registry symbol: every copy of this package agrees on it). */
const BRAND_OF = Symbol.for('@pyglass/model:brand-of');

type ErrorClass = abstract new (...args: never[]) => Error;

/** `x instanceof this`, by brand when `this` has one of its own. */
function hasBrandedInstance(this: ErrorClass, x: unknown): boolean {
  const sym = Object.hasOwn(this, BRAND_OF) ? (this as unknown as Record<symbol, symbol>)[BRAND_OF] : undefined;
  if (sym === undefined) return Function.prototype[Symbol.hasInstance].call(this, x);
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[sym] === true;
}

/**
 * Brands each class as `${scope}:${name}` (e.g. '@pyglass/sampler:NotPythonProcess'): from then on
 * `instanceof` holds for an instance made by any copy of the package. The keys are part of the
 * package's interface: renaming one breaks the check against older copies.
 */
export function brandErrors(scope: string, classes: Record<string, ErrorClass>): void {
  for (const [name, cls] of Object.entries(classes)) {
    const sym = Symbol.for(`${scope}:${name}`);
    Object.defineProperty(cls, BRAND_OF, { value: sym });
    Object.defineProperty(cls.prototype, sym, { value: true });
    Object.defineProperty(cls, Symbol.hasInstance, { value: hasBrandedInstance, configurable: true });
  }
}
