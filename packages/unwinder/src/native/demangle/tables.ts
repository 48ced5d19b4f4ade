/** Fixed tables of the Itanium C++ ABI mangling: builtin types, operators, std:: abbreviations. */

/** Literal print styles of builtin types (how `L<type><value>E` is shown). */
export const L_DEFAULT = 0;
export const L_INT = 1;
export const L_BOOL = 2;
export const L_FLOAT = 3;

export const BUILTINS: Record<string, [string, number, string]> = {
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

export const D_BUILTINS: Record<string, string> = {
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
export const OPERATORS: Record<string, [string, number]> = {
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

export const STD_SUBS: Record<string, [string, string]> = {
  // code: [full expansion (c++filt's verbose form), name a constructor/destructor gets]
  a: ['std::allocator', 'allocator'],
  b: ['std::basic_string', 'basic_string'],
  s: ['std::basic_string<char, std::char_traits<char>, std::allocator<char> >', 'basic_string'],
  i: ['std::basic_istream<char, std::char_traits<char> >', 'basic_istream'],
  o: ['std::basic_ostream<char, std::char_traits<char> >', 'basic_ostream'],
  d: ['std::basic_iostream<char, std::char_traits<char> >', 'basic_iostream'],
};

export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isUpper = (c: number) => c >= 65 && c <= 90;
export const isLower = (c: number) => c >= 97 && c <= 122;
