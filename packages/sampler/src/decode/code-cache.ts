/**
 * Code objects as read from the target, kept across samples and revalidated once per sample by
 * their identity fields (type, name, filename, line table, first line); their line tables, decoded
 * on first use; and the frames made from them, interned by line and entry flags.
 */
import type { PythonLayout } from '@pyglass/cpython-layouts';
import { lineAt, lineTableDecoder, MAX_LINE_TABLE, type LineTable } from './linetable.js';
import { GarbageObject, isUnreadable, type ObjectReader } from '../objects/objects.js';
import type { PageCache } from '../memory/pagecache.js';
import type { Frame } from '../types.js';

/** A code object as cached across samples (revalidated each sample by its identity fields). */
export interface CodeEntry {
  address: number;
  type: number;
  filenamePtr: number;
  namePtr: number;
  tablePtr: number;
  firstLine: number;
  name: string;
  filename: string;
  shortFilename: string | undefined;
  table: LineTable | undefined;
  tableFailed: boolean;
  /** Interned frames by line * 4 + flags. */
  frames: Map<number, Frame>;
  stamp: number;
}

export interface CodeCacheOptions {
  /** Address of PyCode_Type when the symbol is known (else learnt from the first code object). */
  codeType?: number | undefined;
  /** How filenames are shortened for display (Frame.shortFilename). */
  shortFilename?: ((filename: string) => string | undefined) | undefined;
  /** False: every code object is read afresh in every sample (the slow path the cache must match). */
  enabled?: boolean | undefined;
}

/** More code objects than this and the cache starts over. */
const MAX_CODE_OBJECTS = 100_000;
/** Interned frames per code object at most. */
const MAX_FRAMES_PER_CODE = 4096;

export class CodeCache {
  private readonly codes = new Map<number, CodeEntry>();
  private stamp = 0;
  private codeType: number | undefined;
  private readonly enabled: boolean;
  private readonly shortName: (filename: string) => string | undefined;
  private readonly decodeTable: (t: Uint8Array, first: number) => LineTable;
  /** Offset of the line table (co_lnotab ≤3.9, co_linetable 3.10+). */
  private readonly tableOff: number;
  /** The span of a code object holding its identity fields (fetched in one read). */
  private readonly winStart: number;
  private readonly winLen: number;
  /** Python 2 line tables are str objects, Python 3 ones bytes objects. */
  private readonly tableObject: { readonly ob_size: number; readonly ob_sval: number };

  constructor(private readonly m: PageCache, private readonly objs: ObjectReader, private readonly L: PythonLayout, options: CodeCacheOptions = {}) {
    this.codeType = options.codeType;
    this.enabled = options.enabled ?? true;
    this.shortName = options.shortFilename ?? (() => undefined);
    this.decodeTable = lineTableDecoder(L.lineTable);
    const co = L.code_object;
    this.tableOff = co.linetable !== undefined ? co.linetable : co.lnotab;
    const fields = [L.pyobject.ob_type, co.filename, co.name, co.firstlineno, this.tableOff];
    this.winStart = Math.min(...fields);
    this.winLen = Math.max(...fields) + 8 - this.winStart;
    this.tableObject = L.objects === 'py2' ? L.string_object : L.bytes_object;
  }

  /** A new sample: every entry is revalidated once before use. */
  /** Bumped whenever an entry is added, replaced or dropped (StackMemo: same generation, same entries). */
  generation = 0;

  newSample(): void {
    this.stamp++;
  }

  /** Queues (want) the identity fields of `code` unless it was validated this sample. */
  want(code: number): void {
    const e = this.codes.get(code);
    if (!e || e.stamp !== this.stamp) this.m.want(code + this.winStart, this.winLen);
  }

  /** The entry of a code object (validated once per sample), or undefined when `addr` is not one. */
  get(addr: number): CodeEntry | undefined {
    const m = this.m;
    const co = this.L.code_object;
    let e = this.enabled ? this.codes.get(addr) : undefined;
    if (e && e.stamp === this.stamp) return e;
    try {
      const type = m.u64(addr + this.L.pyobject.ob_type);
      if (this.codeType !== undefined && type !== this.codeType) return undefined;
      const filenamePtr = m.u64(addr + co.filename);
      const namePtr = m.u64(addr + co.name);
      const tablePtr = m.u64(addr + this.tableOff);
      const firstLine = m.i32(addr + co.firstlineno);
      if (e && e.type === type && e.filenamePtr === filenamePtr && e.namePtr === namePtr && e.tablePtr === tablePtr && e.firstLine === firstLine) {
        e.stamp = this.stamp;
        return e;
      }
      const name = this.objs.readString(namePtr);
      const filename = this.objs.readString(filenamePtr);
      if (this.codeType === undefined) this.codeType = type;
      e = {
        address: addr, type, filenamePtr, namePtr, tablePtr, firstLine, name, filename,
        shortFilename: this.shortName(filename), table: undefined, tableFailed: false, frames: new Map(), stamp: this.stamp,
      };
      if (!this.enabled) return e;
      this.generation++;
      if (this.codes.size > MAX_CODE_OBJECTS) this.codes.clear();
      this.codes.set(addr, e);
      return e;
    } catch (err) {
      if (!isUnreadable(err)) throw err;
      if (this.codes.delete(addr)) this.generation++;
      return undefined;
    }
  }

  /** Reads and decodes the line table of `e` (once; a table that cannot be read is not retried). */
  loadTable(e: CodeEntry): void {
    if (e.table || e.tableFailed) return;
    try {
      const B = this.tableObject;
      const len = this.m.i64(e.tablePtr + B.ob_size);
      if (!(len >= 0 && len < MAX_LINE_TABLE)) throw new GarbageObject(`line table of ${len} bytes`);
      e.table = this.decodeTable(this.m.bytes(e.tablePtr + B.ob_sval, len), e.firstLine);
    } catch (err) {
      if (!isUnreadable(err)) throw err;
      e.tableFailed = true;
    }
  }

  /** The line of instruction byte `offset` of `e` (0 when its line table cannot be read). */
  line(e: CodeEntry, offset: number): number {
    this.loadTable(e);
    return e.table ? lineAt(e.table, offset) : 0;
  }

  /** The frame of `e` at `line` with these entry flags, interned. */
  frame(e: CodeEntry, line: number, isEntry: boolean, isShimEntry: boolean): Frame {
    const key = line * 4 + (isEntry ? 1 : 0) + (isShimEntry ? 2 : 0);
    let f = e.frames.get(key);
    if (!f) {
      f = { name: e.name, filename: e.filename, module: undefined, shortFilename: e.shortFilename, line, locals: undefined, isEntry, isShimEntry };
      if (e.frames.size < MAX_FRAMES_PER_CODE) e.frames.set(key, f);
    }
    return f;
  }

  /** Code objects cached. */
  get size(): number {
    return this.codes.size;
  }
}
