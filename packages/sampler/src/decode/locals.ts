/**
 * The local variables of one frame, read for `--locals` (py-spy's semantics: the first `argcount`
 * are arguments; 3.11+ cells and free variables are not locals).
 */
import type { PythonLayout } from '@pyglass/cpython-layouts';
import { isUnreadable, type ObjectReader } from '../objects/objects.js';
import type { PageCache } from '../memory/pagecache.js';
import type { LocalVariable } from '../types.js';

/** A frame claiming more locals than this is garbage. */
const MAX_LOCALS = 65536;
/** Characters of a local's name at most. */
const MAX_NAME = 256;

export class LocalsReader {
  /** `untag`: clears the _PyStackRef tag bits of a value slot (3.14+; the identity before). */
  constructor(
    private readonly m: PageCache,
    private readonly objs: ObjectReader,
    private readonly L: PythonLayout,
    private readonly untag: (p: number) => number,
  ) {}

  /** Locals of the frame at `frame` (a frame object ≤3.10, an interpreter frame 3.11+) running `code`; reprs up to 128 × `dumpLocals` characters. */
  read(code: number, frame: number, dumpLocals: number): LocalVariable[] {
    const m = this.m;
    const L = this.L;
    const out: LocalVariable[] = [];
    try {
      const argcount = m.i32(code + L.code_object.argcount);
      let names: number;
      let count: number;
      let kinds = 0;
      let values: number;
      let fastLocal = 0;
      if (L.frames === 'interpreter-frame') {
        names = m.u64(code + L.code_object.localsplusnames);
        count = m.i32(code + L.code_object.nlocalsplus);
        kinds = m.u64(code + L.code_object.localspluskinds);
        values = frame + L.interpreter_frame.localsplus;
        fastLocal = L.constants.CO_FAST_LOCAL;
      } else {
        names = m.u64(code + L.code_object.varnames);
        count = m.i32(code + L.code_object.nlocals);
        values = frame + L.frame_object.f_localsplus;
      }
      if (!(count >= 0 && count <= MAX_LOCALS)) return out;
      const kindData = kinds ? kinds + L.bytes_object.ob_sval : 0;
      for (let i = 0; i < count; i++) {
        if (kindData && fastLocal && (m.u8(kindData + i) & fastLocal) === 0) continue;
        const addr = this.untag(m.u64(values + i * 8));
        if (!addr) continue;
        out.push({ name: this.nameAt(names, i), addr, arg: i < argcount, repr: this.reprOf(addr, dumpLocals) });
      }
    } catch (e) {
      if (!isUnreadable(e)) throw e; // the locals read so far
    }
    return out;
  }

  private nameAt(names: number, i: number): string {
    try {
      return this.objs.readString(this.m.u64(names + this.L.tuple_object.ob_item + i * 8), MAX_NAME);
    } catch (e) {
      if (!isUnreadable(e)) throw e;
      return '?';
    }
  }

  private reprOf(addr: number, dumpLocals: number): string {
    try {
      return this.objs.repr(addr, 128 * dumpLocals);
    } catch (e) {
      if (!isUnreadable(e)) throw e;
      return '?';
    }
  }
}
