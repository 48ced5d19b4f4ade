/**
 * demangle(): differential against binutils c++filt on every `_Z` symbol of real C++ libraries on
 * this machine (listed with this package's ELF parser) and of a C++ file compiled here with g++ -O2
 * (local symbols: lambdas, local statics, clone suffixes), with and without parameters; hand
 * cases for each feature and for Rust legacy names; a mutation test on hostile input.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openProcessMemory, readMaps } from '@pyglass/memory-reader';
import { ElfFile, STT_FUNC, SHT_DYNSYM, SHT_SYMTAB } from '../src/elf.js';
import { demangle, demangleWork } from '../src/native/demangle.js';
import { NativeUnwinder } from '../src/native/unwinder.js';
import { openProcessImage } from '../src/process.js';
import * as barrel from '../src/index.js';
import { seededRandom } from '../../../tools/testing/random.js';

const has = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
const hasCxxfilt = has('c++filt');
const hasGxx = has('g++');
const tmp = mkdtempSync(join(tmpdir(), 'pyglass-demangle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every distinct `_Z` name in .dynsym and .symtab, read with ElfFile. */
function mangledNames(path: string): string[] {
  const elf = ElfFile.open(path);
  const out = new Set<string>();
  for (const sec of elf.sections) {
    if (sec.type !== SHT_DYNSYM && sec.type !== SHT_SYMTAB) continue;
    const strtab = elf.sections[sec.link];
    if (!strtab) continue;
    const data = elf.sectionData(sec);
    const strings = elf.sectionData(strtab);
    const entSize = elf.is64 ? 24 : 16;
    for (let off = entSize; off + entSize <= data.length; off += entSize) {
      const no = elf.little ? data.readUInt32LE(off) : data.readUInt32BE(off);
      if (no === 0 || no >= strings.length) continue;
      const end = strings.indexOf(0, no);
      const name = strings.toString('latin1', no, end < 0 ? strings.length : end);
      if (name.startsWith('_Z')) out.add(name);
    }
  }
  elf.close();
  return [...out];
}

function cxxfilt(names: readonly string[], noParams: boolean): string[] {
  const out = execFileSync('c++filt', noParams ? ['--no-params'] : [], { input: names.join('\n') + '\n', maxBuffer: 1 << 30 }).toString();
  return out.split('\n').slice(0, names.length);
}

interface Agreement {
  equal: number;
  total: number;
  mismatches: string[];
}

function compare(names: readonly string[], noParams: boolean): Agreement {
  const expected = cxxfilt(names, noParams);
  let equal = 0;
  const mismatches: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const ours = demangle(name, { params: !noParams });
    const want = expected[i]!;
    if (want === name) {
      // c++filt leaves it unchanged: we must give undefined or the same string
      if (ours === undefined || ours === name) equal++;
      else mismatches.push(`${name}\n    ours: ${ours}\n    c++filt: (unchanged)`);
    } else if (ours === want) equal++;
    else mismatches.push(`${name}\n    ours: ${ours ?? '(undefined)'}\n    c++filt: ${want}`);
  }
  return { equal, total: names.length, mismatches };
}

const fmt = (n: number) => n.toLocaleString('en-US');

function report(label: string, noParams: boolean, a: Agreement): void {
  const share = a.total ? (100 * a.equal) / a.total : 100;
  console.log(`[demangle] ${label}${noParams ? ' --no-params' : ''}: ${fmt(a.equal)} of ${fmt(a.total)} equal to c++filt (${share.toFixed(2)} %)`);
  for (const m of a.mismatches.slice(0, 5)) console.log(`[demangle]   mismatch: ${m}`);
}

const LIBDIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'];
function findLib(file: string): string | undefined {
  for (const d of LIBDIRS) if (existsSync(join(d, file))) return join(d, file);
  return undefined;
}

/** Libraries with many C++ symbols (libstdc++ is required, the others are used when installed). */
const OTHER_LIBS = ['libicuuc.so.72', 'libicui18n.so.72', 'libboost_regex.so.1.74.0', 'libboost_filesystem.so.1.74.0', 'libclang-cpp.so.14', 'libLLVM-15.so.1', 'libz3.so.4', 'libapt-pkg.so.6.0.0'];

describe.skipIf(!hasCxxfilt)('demangle vs c++filt on real libraries', () => {
  const libstdcxx = findLib('libstdc++.so.6');

  it('libstdc++: every _Z symbol, with and without params (≥ 99 % equal)', () => {
    expect(libstdcxx, 'libstdc++.so.6 not found in ' + LIBDIRS.join(', ')).toBeDefined();
    const names = mangledNames(libstdcxx!);
    console.log(`[demangle] libstdc++ (${libstdcxx}): ${fmt(names.length)} _Z symbols`);
    expect(names.length).toBeGreaterThan(1000);
    for (const noParams of [false, true]) {
      const a = compare(names, noParams);
      report('libstdc++', noParams, a);
      expect(a.equal / a.total).toBeGreaterThanOrEqual(0.99);
    }
  });

  const present = OTHER_LIBS.map((f) => [f, findLib(f)] as const);
  for (const [file, path] of present) {
    it.skipIf(!path)(`${file}: every _Z symbol (≥ 99 % equal)${path ? '' : ' — skipped: not installed'}`, () => {
      const names = mangledNames(path!);
      console.log(`[demangle] ${file}: ${fmt(names.length)} _Z symbols`);
      for (const noParams of [false, true]) {
        const a = compare(names, noParams);
        report(file, noParams, a);
        expect(a.equal / a.total).toBeGreaterThanOrEqual(0.99);
      }
    });
  }
  const missing = present.filter(([, p]) => !p).map(([f]) => f);
  if (missing.length) console.log(`[demangle] not installed (skipped): ${missing.join(', ')}`);
});

const FIXTURE = String.raw`
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>
#include <algorithm>
namespace outer { namespace {
struct Hidden { int v; int get() const { return v; } };
} // anonymous
template <typename T, int N> struct Box {
  T items[N];
  template <typename U> U convert(const U& u) const & { return u + static_cast<U>(items[0]); }
  operator bool() const { return N > 0; }
  Box& operator+=(const Box& o) { for (int i = 0; i < N; i++) items[i] += o.items[i]; return *this; }
  virtual ~Box() {}
};
struct Base { virtual ~Base() {} virtual int f(int) = 0; };
struct Other { virtual ~Other() {} virtual int g() { return 1; } };
struct Derived : Base, Other { int f(int x) override { return x * 2; } int g() override { return 2; } };
template <typename... Ts> int count(Ts&&... ts) { return sizeof...(ts); }
template <typename F> auto apply(F f, int x) -> decltype(f(x)) { return f(x); }
std::string greet(const std::string& who) { static std::string cache; cache = "hi " + who; return cache; }
__attribute__((noinline)) int cold_path(int x) {
  if (__builtin_expect(x == 12345, 0)) { std::fprintf(stderr, "rare %d\n", x); throw std::runtime_error("rare"); }
  return x + 1;
}
static __attribute__((noinline)) int helper(std::vector<int>& v, int scale) { int s = 0; for (int x : v) s += x * scale; return s; }
int use_helper(std::vector<int>& v) { return helper(v, 3) + helper(v, 3); }
int (*fnptr_table[2])(int) = { cold_path, nullptr };
int Hidden_get(const Hidden& h) { return h.get(); }
}
using namespace outer;
extern "C" int drive(int n) {
  Box<double, 3> b{}; Box<int, 2> c{};
  b += b; c += c;
  std::vector<int> v(n, 1);
  std::sort(v.begin(), v.end(), [](int a, int b) { return a > b; });
  std::map<std::string, std::vector<std::pair<int, double>>> m; m["x"].push_back({1, 2.0});
  auto up = std::make_unique<Derived>();
  std::function<int(int)> fn = [n](int x) { return x + n; };
  auto gen = [](auto x) { return x * 2; };
  int total = count(1, 2.0, "three") + apply(fn, 3) + gen(4) + (int)gen(1.5) + b.convert(2) + (bool)c;
  total += up->f(n) + up->g() + cold_path(n) + use_helper(v) + (int)greet("you").size();
  static int calls = 0; calls++;
  return total + calls + (int)m.size();
}
`;

describe.skipIf(!hasCxxfilt || !hasGxx)('demangle vs c++filt on a g++ -O2 build (symtab: lambdas, locals, clones)', () => {
  it('every _Z symbol of the fixture, with and without params (100 % equal)', () => {
    const src = join(tmp, 'fixture.cpp');
    const lib = join(tmp, 'libfixture.so');
    writeFileSync(src, FIXTURE);
    execFileSync('g++', ['-std=c++17', '-O2', '-fPIC', '-shared', '-o', lib, src], { stdio: 'pipe' });
    const names = mangledNames(lib);
    const clones = names.filter((n) => /\.(cold|isra|constprop|part|lto_priv)/.test(n));
    console.log(`[demangle] g++ fixture: ${fmt(names.length)} _Z symbols, ${clones.length} with clone suffixes (${clones.slice(0, 4).join(', ')})`);
    expect(names.length).toBeGreaterThan(50);
    expect(clones.length, 'g++ -O2 made no clones (.cold/.constprop/…): the fixture no longer covers them').toBeGreaterThan(0);
    for (const noParams of [false, true]) {
      const a = compare(names, noParams);
      report('g++ fixture', noParams, a);
      expect(a.mismatches).toEqual([]);
    }
  });
});

describe('demangle: hand cases (outputs checked with c++filt)', () => {
  // [mangled, c++filt, c++filt --no-params]
  const cases: [string, string, string][] = [
    ['_ZN2at6native12_GLOBAL__N_110add_kernelERNS_18TensorIteratorBaseERKN3c106ScalarE', 'at::native::(anonymous namespace)::add_kernel(at::TensorIteratorBase&, c10::Scalar const&)', 'at::native::(anonymous namespace)::add_kernel'],
    ['_ZNSt6vectorIiSaIiEE9push_backEOi', 'std::vector<int, std::allocator<int> >::push_back(int&&)', 'std::vector<int, std::allocator<int> >::push_back'],
    ['_ZNKSs4sizeEv', 'std::basic_string<char, std::char_traits<char>, std::allocator<char> >::size() const', 'std::basic_string<char, std::char_traits<char>, std::allocator<char> >::size'],
    ['_ZNSsC1Ev', 'std::basic_string<char, std::char_traits<char>, std::allocator<char> >::basic_string()', 'std::basic_string<char, std::char_traits<char>, std::allocator<char> >::basic_string'],
    ['_ZN3FooC2ERKS_', 'Foo::Foo(Foo const&)', 'Foo::Foo'],
    ['_ZN1AD0Ev', 'A::~A()', 'A::~A'],
    ['_ZN3foo3barIiEEvT_', 'void foo::bar<int>(int)', 'foo::bar<int>'],
    ['_Z1fIJicEEvDpT_', 'void f<int, char>(int, char)', 'f<int, char>'],
    ['_Z1fIJEEvDpT_', 'void f<>()', 'f<>'],
    ['_Z1fIiEvRT_', 'void f<int>(int&)', 'f<int>'],
    ['_Z1fIOiEvRT_', 'void f<int&&>(int&)', 'f<int&&>'],
    ['_ZN1AcvT_IiEEv', 'A::operator int<int>()', 'A::operator int<int>'],
    ['_ZN1AcviEv', 'A::operator int()', 'A::operator int'],
    ['_ZN1AaSERKS_', 'A::operator=(A const&)', 'A::operator='],
    ['_ZN1AltIiEEbv', 'bool A::operator< <int>()', 'A::operator< <int>'],
    ['_ZN1AnwEm', 'A::operator new(unsigned long)', 'A::operator new'],
    ['_ZNVK1A1fEv', 'A::f() const volatile', 'A::f'],
    ['_ZNKR1A1fEv', 'A::f() const &', 'A::f'],
    ['_ZNKO1A1fEv', 'A::f() const &&', 'A::f'],
    ['_ZNK1A1fB5cxx11Ev', 'A::f[abi:cxx11]() const', 'A::f[abi:cxx11]'],
    ['_Z1fPVKi', 'f(int const volatile*)', 'f'],
    ['_Z1fM1AKFvvE', 'f(void (A::*)() const)', 'f'],
    ['_Z1fPA10_i', 'f(int (*) [10])', 'f'],
    ['_Z1fRA5_Kc', 'f(char const (&) [5])', 'f'],
    ['_Z1fKPFviE', 'f(void (* const)(int))', 'f'],
    ['_Z1fPFPFivEvE', 'f(int (*(*)())())', 'f'],
    ['_Z1fDv4_f', 'f(float __vector(4))', 'f'],
    ['_Z1fDn', 'f(decltype(nullptr))', 'f'],
    ['_Z1fPDoFvvE', 'f(void (*)() noexcept)', 'f'],
    ['_Z1fILi5EEvv', 'void f<5>()', 'f<5>'],
    ['_Z1fILb1EEvv', 'void f<true>()', 'f<true>'],
    ['_Z1fILc97EEvv', 'void f<(char)97>()', 'f<(char)97>'],
    ['_Z1fILin5EEvv', 'void f<-5>()', 'f<-5>'],
    ['_Z1fILm5EEvv', 'void f<5ul>()', 'f<5ul>'],
    ['_Z3fooIXadL_ZN1A3barEvEEEvv', 'void foo<&A::bar>()', 'foo<&A::bar>'],
    ['_Z1fIiEDTplfp_fp_ET_', 'decltype ({parm#1}+{parm#1}) f<int>(int)', 'f<int>'],
    ['_Z1fIiEvDTcl1gspfp_EE', 'void f<int>(decltype (g({parm#1}...)))', 'f<int>'],
    ['_Z1fIiEvDTscT_fp_E', 'void f<int>(decltype (static_cast<int>({parm#1})))', 'f<int>'],
    ['_Z1fIiEN1BIT_E1CEv', 'B<int>::C f<int>()', 'f<int>'],
    ['_ZZ3foovE1x', 'foo()::x', 'foo()::x'],
    ['_ZZ1fIiEvvE1x', 'f<int>()::x', 'f<int>()::x'],
    ['_ZZ1fvENKUlvE_clEv', 'f()::{lambda()#1}::operator()() const', 'f()::{lambda()#1}::operator()'],
    ['_ZZ1fvENUt_D1Ev', 'f()::{unnamed type#1}::~f()', 'f()::{unnamed type#1}::~f'],
    ['_ZZ1fvEs', 'f()::string literal', 'f()::string literal'],
    ['_ZZ1fvEd_1x', 'f()::{default arg#1}::x', 'f()::{default arg#1}::x'],
    ['_ZTV1A', 'vtable for A', 'vtable for A'],
    ['_ZTIN1A1BE', 'typeinfo for A::B', 'typeinfo for A::B'],
    ['_ZTSN1A1BE', 'typeinfo name for A::B', 'typeinfo name for A::B'],
    ['_ZTT1A', 'VTT for A', 'VTT for A'],
    ['_ZThn8_N3FooD1Ev', 'non-virtual thunk to Foo::~Foo()', 'non-virtual thunk to Foo::~Foo()'],
    ['_ZTv0_n24_N3Foo1fEv', 'virtual thunk to Foo::f()', 'virtual thunk to Foo::f()'],
    ['_ZTCN1A1BE0_N1CE', 'construction vtable for C-in-A::B', 'construction vtable for C-in-A::B'],
    ['_ZGVZ1fIiEvvE1x', 'guard variable for f<int>()::x', 'guard variable for f<int>()::x'],
    ['_ZTH1x', 'TLS init function for x', 'TLS init function for x'],
    ['_ZL3foov', 'foo()', 'foo'],
    ['_Z3foov.cold', 'foo() [clone .cold]', 'foo'],
    ['_Z3foov.constprop.0.isra.0', 'foo() [clone .constprop.0] [clone .isra.0]', 'foo'],
    ['_ZN1A1fEv.part.0', 'A::f() [clone .part.0]', 'A::f'],
    ['_Z1fv.lto_priv.0', 'f() [clone .lto_priv.0]', 'f'],
    ['_ZN5clang6interp15ByteCodeEmitter6emitOpIJEEEbNS0_6OpcodeEDpRKT_RKNS0_10SourceInfoE', 'bool clang::interp::ByteCodeEmitter::emitOp<>(clang::interp::Opcode, , clang::interp::SourceInfo const&)', 'clang::interp::ByteCodeEmitter::emitOp<>'],
  ];

  it.each(cases)('%s', (mangled, full, short) => {
    expect(demangle(mangled, { params: true })).toBe(full);
    expect(demangle(mangled, { params: false })).toBe(short);
    expect(demangle(mangled)).toBe(short); // params default off
  });

  it.skipIf(!hasCxxfilt)('the hand cases agree with this machine\'s c++filt', () => {
    const names = cases.map((c) => c[0]);
    expect(cxxfilt(names, false)).toEqual(cases.map((c) => c[1]));
    expect(cxxfilt(names, true)).toEqual(cases.map((c) => c[2]));
  });

  it('a symbol version suffix is kept, like c++filt', () => {
    expect(demangle('_ZNSt13runtime_errorC1EPKc@GLIBCXX_3.4.21', { params: true })).toBe('std::runtime_error::runtime_error(char const*)@GLIBCXX_3.4.21');
    expect(demangle('_ZNSt13runtime_errorC1EPKc@@GLIBCXX_3.4.21')).toBe('std::runtime_error::runtime_error@@GLIBCXX_3.4.21');
  });

  it('Mach-O names (__Z) demangle like _Z', () => {
    expect(demangle('__ZN3foo3barEv', { params: true })).toBe('foo::bar()');
    expect(demangle('__ZNSt6vectorIiSaIiEE9push_backEOi')).toBe('std::vector<int, std::allocator<int> >::push_back');
  });

  it('names that are not mangled, or not valid, give undefined', () => {
    for (const n of ['', 'main', 'PyEval_EvalFrameDefault', '_start', '__pyx_pw_3foo_1bar', '_Z', '_Z1', '_Z3fo', '_ZS_', '_Z1fT_', '_ZZ3foo']) {
      const r = demangle(n, { params: true });
      expect(r, n).toBeUndefined();
    }
  });
});

describe.skipIf(process.platform !== 'linux')('NativeUnwinder fills NativeSymbol.demangled', () => {
  it('symbolizing an address inside a C++ function of this node process gives its demangled name', () => {
    expect(barrel.demangle).toBe(demangle); // exported from the package barrel
    const exe = readMaps(process.pid).find((m) => m.path && m.path.endsWith('/node'))?.path;
    const elf = exe ? ElfFile.open(exe) : undefined;
    const cxx = exe ? mangledNames(exe).find((n) => {
      const s = elf!.symbol(n);
      return s && s.type === STT_FUNC && s.size > 64n && s.value > 0n && !n.includes('.') && !n.includes('@');
    }) : undefined;
    elf?.close();
    if (!exe || !cxx) {
      console.log(`[demangle] skipped: this node binary (${exe ?? 'not found'}) has no C++ function symbols`);
      return;
    }
    const name = cxx;
    const maps = readMaps(process.pid);
    const address = openProcessImage(process.pid, exe, maps).symbolAddress(name)! + 16;
    const memory = openProcessMemory(process.pid);
    try {
      const unwinder = new NativeUnwinder(process.pid, memory, { maps });
      const sym = unwinder.symbolize(address)!;
      console.log(`[demangle] node: ${sym.name} → ${sym.demangled}`);
      expect(sym.name).toBe(name);
      expect(sym.demangled).toBe(demangle(name));
      expect(sym.demangled).not.toMatch(/^_Z/);
      expect(unwinder.symbolize(address + 1)!.demangled).toBe(sym.demangled);
      const c = unwinder.symbolize(Number(openProcessImage(process.pid, exe, maps).symbolAddress('main') ?? 0));
      if (c?.name === 'main') expect(c.demangled).toBeUndefined(); // plain C names get no demangled field
    } finally {
      memory.close();
    }
  });
});

describe('demangle: Rust legacy symbols', () => {
  // outputs as rustc-demangle prints them in its alternate form ({:#}, no hash)
  const cases: [string, string][] = [
    ['_ZN3std2rt19lang_start_internal17h0123456789abcdefE', 'std::rt::lang_start_internal'],
    ['_ZN4core3ptr85drop_in_place$LT$std..rt..lang_start$LT$$LP$$RP$$GT$..$u7b$$u7b$closure$u7d$$u7d$$GT$17h5f9d3f4a2c2e7e1dE', 'core::ptr::drop_in_place<std::rt::lang_start<()>::{{closure}}>'],
    ['_ZN5alloc7raw_vec19RawVec$LT$T$C$A$GT$7reserve21do_reserve_and_handle17hd5e7a8d8ee7e0c2bE', 'alloc::raw_vec::RawVec<T,A>::reserve::do_reserve_and_handle'],
    ['_ZN50_$LT$impl$u20$core..fmt..Debug$u20$for$u20$i32$GT$3fmt17h3a3e8b5b4c0d2f1aE', '<impl core::fmt::Debug for i32>::fmt'],
    ['_ZN4core3fmt5write17h0fa5d4b1c9d7e2a3E.llvm.1234567890', 'core::fmt::write'],
  ];
  it.each(cases)('%s', (mangled, want) => {
    expect(demangle(mangled)).toBe(want);
    expect(demangle(mangled, { params: true })).toBe(want);
  });

  it.skipIf(!hasCxxfilt)('agrees with c++filt minus the ::h<hash> component', () => {
    const names = cases.slice(0, 4).map((c) => c[0]);
    const filt = cxxfilt(names, false).map((s) => s.replace(/::h[0-9a-f]{16}$/, ''));
    expect(filt).toEqual(cases.slice(0, 4).map((c) => c[1]));
  });

  it('a 17h… component that is not a hash, or a hash that is not last, is C++', () => {
    expect(demangle('_ZN3foo17h0123456789abcdeXE', { params: true })).toBe('foo::h0123456789abcdeX');
    expect(demangle('_ZN3foo17h0123456789abcdef3barE', { params: true })).toBe('foo::h0123456789abcdef::bar');
  });
});

describe('demangle: hostile input', () => {
  const seeds = [
    '_ZN2at6native12_GLOBAL__N_110add_kernelERNS_18TensorIteratorBaseERKN3c106ScalarE',
    '_ZSt9__find_ifIPKSt10unique_ptrIN4llvm24ScheduleHazardRecognizerESt14default_deleteIS2_EEN9__gnu_cxx5__ops10_Iter_predISt7_Mem_fnIMS2_KFbvEEEEET_SG_SG_T0_St26random_access_iterator_tag',
    '_ZN4llvm17make_filter_rangeIRNS_10BasicBlockESt8functionIFbRNS_11InstructionEEEEENS_14iterator_rangeINS_20filter_iterator_implIDTclsr3stdE5beginclsr3stdE7declvalIRT_EEEET0_NS_6detail15fwd_or_bidi_tagISC_E4typeEEEEEOSA_SD_',
    '_ZZ1fvENKUlvE_clEv', '_Z1fIJicEEvDpT_', '_ZThn8_N3FooD1Ev', '_Z1fPFPFivEvE', '_ZN1AcvT_IiEEv', '_Z3foov.constprop.0.isra.0',
    '_ZN4core3ptr85drop_in_place$LT$std..rt..lang_start$LT$$LP$$RP$$GT$..$u7b$$u7b$closure$u7d$$u7d$$GT$17h5f9d3f4a2c2e7e1dE',
  ];
  const alphabet = '_ZNSEIJTLXKVrROPFADCUBMGfpsdtclvimjcba0123456789.$';
  const check = (name: string) => {
    for (const params of [true, false]) {
      const r = demangle(name, { params });
      if (r !== undefined && typeof r !== 'string') throw new Error(`non-string result for ${name}`);
      // the work bound: proportional to the input, whatever the input
      if (demangleWork > 600 * name.length + 50_000) throw new Error(`work ${demangleWork} for ${name.length} chars: ${name}`);
    }
  };

  it('every truncation and thousands of seeded mutations: a string or undefined, bounded work', () => {
    const r = seededRandom(0x5eed);
    let n = 0;
    let parsed = 0;
    for (const s of seeds) {
      for (let i = 0; i <= s.length; i++) {
        check(s.slice(0, i));
        n++;
      }
    }
    for (let k = 0; k < 20_000; k++) {
      const base = seeds[Math.floor(r() * seeds.length)]!;
      const chars = base.split('');
      const edits = 1 + Math.floor(r() * 4);
      for (let e = 0; e < edits; e++) {
        const at = 2 + Math.floor(r() * Math.max(1, chars.length - 2));
        const op = r();
        const c = alphabet[Math.floor(r() * alphabet.length)]!;
        if (op < 0.3) chars[at] = c;
        else if (op < 0.55) chars.splice(at, 0, c);
        else if (op < 0.75) chars.splice(at, 1);
        else {
          // duplicate a slice (repeats substitutions, nesting, template args)
          const len = 1 + Math.floor(r() * 12);
          chars.splice(at, 0, ...chars.slice(at, at + len));
        }
      }
      const name = chars.join('');
      check(name);
      if (demangle(name, { params: true }) !== undefined) parsed++;
      n++;
    }
    console.log(`[demangle] hostile input: ${fmt(n)} truncated/mutated names, ${fmt(parsed)} mutants still parsed; none threw, work stayed bounded`);
  });

  /** `f(A, B<A, A>, B<B<A, A>, B<A, A> >, …)`: step k refers twice to step k-1's type. */
  function doubling(steps: number): string {
    let s = '_Z1f1AN1BIS_S_EE';
    for (let k = 1; k < steps; k++) {
      const id = (2 * k - 1).toString(36).toUpperCase();
      s += `N1BIS${id}_S${id}_EE`;
    }
    return s;
  }

  it('pathological shapes: deep nesting, exponential substitutions, self-referencing template params', () => {
    const shapes = [
      '_Z1f' + 'P'.repeat(5000) + 'i',
      '_Z1f' + 'N1a'.repeat(3000) + 'E',
      '_Z1fI' + 'I'.repeat(4000) + 'E',
      '_Z1fIT_EvT_', // T_ whose argument is T_ itself
      '_Z1fIJT_EEvDpT_',
      '_ZN' + '1aIS_E'.repeat(500) + 'E',
      // each step is B<previous, previous>: 2^60 characters if printing were unbounded
      doubling(60),
      '_Z' + 'Z'.repeat(3000) + '1fvE',
      '_Z' + 'x'.repeat(20000),
      '_Z1f' + 'DTcl'.repeat(2000),
      '_ZN1AcvT_IT_IT_IT_IT_EEEEEv',
    ];
    for (const s of shapes) check(s);
    expect(demangle(shapes[6]!, { params: true })).toBeUndefined(); // output would exceed the bound
    expect(demangle(doubling(2), { params: true })).toBe('f(A, B<A, A>, B<B<A, A>, B<A, A> >)');
  });
});
