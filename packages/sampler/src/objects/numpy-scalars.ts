/**
 * numpy scalars in locals, printed as py-spy prints them (python_data_access.rs, `format_obval`).
 *
 * Every numeric numpy scalar is `{PyObject_HEAD; <ctype> obval;}` (numpy's arrayscalars.h), so the value
 * sits right after the object header: at 16 on GIL builds, at 32 on free-threaded ones (py-spy
 * hard-codes 16). The type is told by its `tp_name`; nothing is imported into the target. py-spy
 * formats bool, the sized ints and float32/float64; every other numpy type (float16, longdouble,
 * complex, the platform-named ulonglong, datetime64, …) keeps the generic `<numpy.X at 0x…>` form.
 */
import { formatFloat, formatFloat32 } from './floats.js';
import type { PageCache } from '../memory/pagecache.js';

type ScalarReader = (m: PageCache, at: number) => string;

const TWO32 = 2n ** 32n;

function u64(m: PageCache, at: number): bigint {
  return BigInt(m.u32(at)) + BigInt(m.u32(at + 4)) * TWO32;
}

function f32(m: PageCache, at: number): number {
  const b = m.bytes(at, 4);
  return new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);
}

/** tp_name → how py-spy reads and prints the value (numpy ≥ 2.0 names; numpy 1.x's `numpy.bool_` is not formatted, as in py-spy). */
const SCALARS: ReadonlyMap<string, ScalarReader> = new Map<string, ScalarReader>([
  // any nonzero byte is true (numpy stores 0/1, but a reader must not fail on other values)
  ['numpy.bool', (m, at) => (m.u8(at) !== 0 ? 'true' : 'false')],
  ['numpy.int8', (m, at) => String((m.u8(at) << 24) >> 24)],
  ['numpy.int16', (m, at) => String((m.u32(at) << 16) >> 16)],
  ['numpy.int32', (m, at) => String(m.i32(at))],
  ['numpy.int64', (m, at) => BigInt.asIntN(64, u64(m, at)).toString()],
  ['numpy.uint8', (m, at) => String(m.u8(at))],
  ['numpy.uint16', (m, at) => String(m.u32(at) & 0xffff)],
  ['numpy.uint32', (m, at) => String(m.u32(at))],
  ['numpy.uint64', (m, at) => u64(m, at).toString()],
  ['numpy.float32', (m, at) => formatFloat32(f32(m, at))],
  ['numpy.float64', (m, at) => formatFloat(m.f64(at))],
]);

/**
 * py-spy's repr of the numpy scalar at `addr` whose type is named `typeName`, or undefined when
 * the type is not one py-spy formats. `headerSize` is sizeof(PyObject) of the target's build.
 */
export function numpyScalarRepr(m: PageCache, addr: number, headerSize: number, typeName: string): string | undefined {
  if (!typeName.startsWith('numpy.')) return undefined;
  const read = SCALARS.get(typeName);
  return read === undefined ? undefined : read(m, addr + headerSize);
}
