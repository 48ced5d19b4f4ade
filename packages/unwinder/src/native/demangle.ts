/**
 * Itanium C++ ABI symbol demangling (the `_Z` scheme used by GCC and Clang on every platform but
 * Windows), with output formatted like binutils' `c++filt`, plus Rust's legacy `_ZN…17h<hash>E`
 * symbols (formatted like rustc-demangle's alternate form, without the hash).
 *
 * Names come from files of the profiled process, so the input is untrusted: parsing and printing
 * are bounded (recursion depth, work counter, output length) and any failure yields `undefined`.
 */
import { FAIL } from './demangle/nodes.js';
import { Parser } from './demangle/parse-expressions.js';
import { Printer } from './demangle/print-nodes.js';
import { demangleRustLegacy } from './demangle/rust.js';

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
