/// <reference types="node" preserve="true" />

/**
 * DWARF `.debug_line` (versions 2–5, 32- and 64-bit DWARF): every compilation unit's line program
 * is run once into one address-sorted table (typed arrays), so `lineForAddress` is a binary search.
 * Also finds the file holding a module's line tables the way gdb does (the module itself, the
 * build-id file under /usr/lib/debug/.build-id, the `.gnu_debuglink` name) and reads compressed
 * debug sections (SHF_COMPRESSED zlib, legacy `.zdebug_*`).
 *
 * Input comes from the target's filesystem: malformed data throws ObjectFileError, every loop
 * consumes input, and allocations are bounded by the section sizes.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { ElfFile, type ElfSection } from '../elf.js';
import { isUnusableInput, ObjectFileError } from '../errors.js';
import { ByteReader } from './reader.js';
import { upperBound } from './search.js';

/** A source position: `file` is the directory joined with the file name as the compiler recorded them. */
export interface SourceLine {
  file: string;
  line: number;
}

const SHT_NOBITS = 8;
const SHF_COMPRESSED = 0x800n;
const ELFCOMPRESS_ZLIB = 1;
const ELFCOMPRESS_ZSTD = 2;
/** Largest decompressed debug section accepted (a header can claim anything). */
const MAX_DECOMPRESSED = 1 << 30;
/** File-table sentinel of the row that ends a sequence (no line information from its address on). */
const END = 0xffffffff;

/**
 * The bytes of a debug section, decompressed when needed; undefined when the file lacks it (or it
 * is SHT_NOBITS). Reads through the file's source without caching the raw bytes in the ElfFile.
 */
export function debugSectionData(elf: ElfFile, name: string): Buffer | undefined {
  let sec: ElfSection | undefined = elf.section(name);
  let legacy = false;
  if (!sec && name.startsWith('.debug_')) {
    sec = elf.section(`.z${name.slice(1)}`);
    legacy = sec !== undefined;
  }
  if (!sec || sec.type === SHT_NOBITS || sec.fileSize === 0) return undefined;
  const raw = elf.source.read(sec.fileOffset, sec.fileSize, `section ${sec.name}`);
  if (legacy) {
    // "ZLIB" + 8-byte big-endian size + zlib stream.
    if (raw.length < 12 || raw.toString('latin1', 0, 4) !== 'ZLIB') return raw;
    const size = Number(raw.readBigUInt64BE(4));
    return inflate(elf.path, sec.name, raw.subarray(12), size, ELFCOMPRESS_ZLIB);
  }
  if ((sec.flags & SHF_COMPRESSED) === 0n) return raw;
  const hdr = elf.is64 ? 24 : 12;
  if (raw.length < hdr) throw new ObjectFileError(elf.path, `compressed section ${sec.name} (${raw.length} bytes) is shorter than its ${hdr}-byte compression header`);
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const type = v.getUint32(0, elf.little);
  const size = elf.is64 ? Number(v.getBigUint64(8, elf.little)) : v.getUint32(4, elf.little);
  return inflate(elf.path, sec.name, raw.subarray(hdr), size, type);
}

function inflate(path: string, section: string, data: Buffer, size: number, type: number): Buffer {
  if (!(size >= 0 && size <= MAX_DECOMPRESSED)) {
    throw new ObjectFileError(path, `compressed section ${section} claims ${size} bytes uncompressed (limit ${MAX_DECOMPRESSED}): the file is corrupt`);
  }
  let out: Buffer;
  // loaded here, not imported: few modules have compressed debug sections, and every start-up would pay for zlib
  const zlib = process.getBuiltinModule('node:zlib');
  try {
    if (type === ELFCOMPRESS_ZLIB) out = zlib.inflateSync(data, { maxOutputLength: Math.max(1, size) });
    else if (type === ELFCOMPRESS_ZSTD) {
      const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Buffer, o?: object) => Buffer }).zstdDecompressSync;
      if (!zstd) throw new ObjectFileError(path, `section ${section} is zstd-compressed and this Node.js (${process.version}) has no zstd: use Node.js 22.15 or later`);
      out = zstd(data, { maxOutputLength: Math.max(1, size) });
    } else throw new ObjectFileError(path, `section ${section} uses unknown compression type ${type}`);
  } catch (e) {
    if (e instanceof ObjectFileError) throw e;
    throw new ObjectFileError(path, `section ${section} does not decompress (${(e as Error).message})`);
  }
  if (out.length !== size) throw new ObjectFileError(path, `section ${section} decompressed to ${out.length} bytes, its header says ${size}`);
  return out;
}

/** Thrown inside the parser; turned into ObjectFileError (whole section) or a skipped unit. */
class Malformed extends Error {}

/** A cursor bounded by its unit's end: reads past it throw Malformed. */
class Cursor extends ByteReader {
  constructor(buf: Buffer, pos: number, end: number, little: boolean) {
    super(buf, '.debug_line', pos, little, 8, end);
  }
  protected override outOfBounds(n: number): never {
    throw new Malformed(`need ${n} bytes at offset ${this.pos}, the unit ends at ${this.end}`);
  }
  /** An unsigned integer of `size` bytes (1–8). */
  uN(size: number): number {
    switch (size) {
      case 1: return this.u8();
      case 2: return this.u16();
      case 4: return this.u32();
      case 8: return this.u64();
      default: {
        this.need(size);
        let v = 0;
        for (let i = 0; i < size; i++) {
          const b = this.buf[this.pos + (this.little ? size - 1 - i : i)]!;
          v = v * 256 + b;
        }
        this.pos += size;
        return v;
      }
    }
  }
  /** A NUL-terminated UTF-8 string inside the unit. */
  override cstring(): string {
    const e = this.buf.indexOf(0, this.pos);
    if (e < 0 || e >= this.end) throw new Malformed(`unterminated string at offset ${this.pos}`);
    const s = this.buf.toString('utf8', this.pos, e);
    this.pos = e + 1;
    return s;
  }
  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
}

/** Growable typed-array columns of the table being built. */
class Rows {
  addrs = new Float64Array(1024);
  lines = new Uint32Array(1024);
  files = new Uint32Array(1024);
  n = 0;
  grow(): void {
    const cap = this.addrs.length * 2;
    const a = new Float64Array(cap);
    a.set(this.addrs);
    const l = new Uint32Array(cap);
    l.set(this.lines);
    const f = new Uint32Array(cap);
    f.set(this.files);
    this.addrs = a;
    this.lines = l;
    this.files = f;
  }
}

export interface LineTableOptions {
  /** Name for error messages. */
  path?: string;
  little?: boolean;
  /** Default address size when a (v2–4) header does not give one: 8 or 4. */
  addressSize?: number;
  /** `.debug_line_str` (DW_FORM_line_strp) and `.debug_str` (DW_FORM_strp) contents. */
  lineStr?: Buffer;
  str?: Buffer;
  /**
   * Drop sequences that start at address 0 (code the linker discarded keeps its line program with
   * address 0 in linked files). Default true.
   */
  dropAddressZero?: boolean;
}

/**
 * The line tables of all compilation units of one `.debug_line` section, merged into one
 * address-sorted table. Build with `LineTable.parse`.
 */
export class LineTable {
  /** Units skipped because they use something this parser does not read (one line each). */
  readonly skipped: string[] = [];
  /** Compilation units parsed. */
  units = 0;
  private addrs: Float64Array;
  private lines: Uint32Array;
  private files: Uint32Array;
  private n: number;
  private readonly names: string[];

  private constructor(addrs: Float64Array, lines: Uint32Array, files: Uint32Array, n: number, names: string[]) {
    this.addrs = addrs;
    this.lines = lines;
    this.files = files;
    this.n = n;
    this.names = names;
  }

  /** Rows in the table (sequence ends included). */
  get rowCount(): number {
    return this.n;
  }

  /**
   * The row covering link-time `address`: the last row at or below it, unless that row ends a
   * sequence (then the address has no line information).
   */
  lineForAddress(address: number): SourceLine | undefined {
    const i = upperBound(this.addrs, address, this.n) - 1;
    if (i < 0) return undefined;
    const f = this.files[i]!;
    if (f === END) return undefined;
    return { file: this.names[f]!, line: this.lines[i]! };
  }

  /** Parses a whole `.debug_line` section. Throws ObjectFileError when a unit header's length is impossible. */
  static parse(data: Buffer, options: LineTableOptions = {}): LineTable {
    const path = options.path ?? '<debug_line>';
    const little = options.little ?? true;
    const rows = new Rows();
    const names: string[] = [];
    const nameIds = new Map<string, number>();
    // Sequences: [firstRow, endRowExclusive, startAddress].
    const seqFirst: number[] = [];
    const seqEnd: number[] = [];
    const seqAddr: number[] = [];
    const skipped: string[] = [];
    let units = 0;
    let off = 0;
    let monotonic = true;
    while (off < data.length) {
      if (data.length - off < 4) throw new ObjectFileError(path, `.debug_line: ${data.length - off} stray bytes at offset ${off} (too short for a unit header)`);
      let unitLength = little ? data.readUInt32LE(off) : data.readUInt32BE(off);
      let offsetSize = 4;
      let hdr = off + 4;
      if (unitLength === 0xffffffff) {
        if (data.length - off < 12) throw new ObjectFileError(path, `.debug_line: 64-bit unit header at offset ${off} is truncated`);
        const lo = little ? data.readUInt32LE(off + 4) : data.readUInt32BE(off + 8);
        const hi = little ? data.readUInt32LE(off + 8) : data.readUInt32BE(off + 4);
        unitLength = hi * 4294967296 + lo;
        offsetSize = 8;
        hdr = off + 12;
      } else if (unitLength >= 0xfffffff0) {
        throw new ObjectFileError(path, `.debug_line: unit at offset ${off} has reserved length 0x${unitLength.toString(16)}`);
      }
      if (unitLength > data.length - hdr) {
        throw new ObjectFileError(path, `.debug_line: unit at offset ${off} claims ${unitLength} bytes, only ${data.length - hdr} remain: the section is truncated or corrupt`);
      }
      const unitEnd = hdr + unitLength;
      try {
        const ok = runUnit(new Cursor(data, hdr, unitEnd, little), offsetSize, options, rows, names, nameIds, seqFirst, seqEnd, seqAddr);
        if (!ok) monotonic = false;
        units++;
      } catch (e) {
        if (!(e instanceof Malformed)) throw e;
        // Sequences the unit completed stay; rows of an unfinished one are never copied out.
        skipped.push(`unit at offset ${off}: ${e.message}`);
      }
      off = unitEnd;
    }
    const table = LineTable.assemble(rows, names, seqFirst, seqEnd, seqAddr, monotonic);
    table.units = units;
    table.skipped.push(...skipped);
    return table;
  }

  /** Orders the sequences by start address (one stable sort of all rows if they overlap). */
  private static assemble(rows: Rows, names: string[], first: number[], end: number[], start: number[], monotonic: boolean): LineTable {
    const order = Array.from(first.keys()).sort((x, y) => start[x]! - start[y]! || x - y);
    let total = 0;
    for (const s of order) total += end[s]! - first[s]!;
    const addrs = new Float64Array(total);
    const lines = new Uint32Array(total);
    const files = new Uint32Array(total);
    let n = 0;
    let sorted = monotonic;
    for (const s of order) {
      const a = first[s]!;
      const b = end[s]!;
      if (n > 0 && rows.addrs[a]! < addrs[n - 1]!) sorted = false; // overlaps the previous sequence
      addrs.set(rows.addrs.subarray(a, b), n);
      lines.set(rows.lines.subarray(a, b), n);
      files.set(rows.files.subarray(a, b), n);
      n += b - a;
    }
    if (!sorted) {
      const idx = new Uint32Array(n);
      for (let i = 0; i < n; i++) idx[i] = i;
      idx.sort((x, y) => addrs[x]! - addrs[y]! || x - y);
      const a2 = new Float64Array(n);
      const l2 = new Uint32Array(n);
      const f2 = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const j = idx[i]!;
        a2[i] = addrs[j]!;
        l2[i] = lines[j]!;
        f2[i] = files[j]!;
      }
      return new LineTable(a2, l2, f2, n, names);
    }
    return new LineTable(addrs, lines, files, n, names);
  }
}

// Standard opcodes.
const DW_LNS_copy = 1;
const DW_LNS_advance_pc = 2;
const DW_LNS_advance_line = 3;
const DW_LNS_set_file = 4;
const DW_LNS_set_column = 5;
const DW_LNS_negate_stmt = 6;
const DW_LNS_set_basic_block = 7;
const DW_LNS_const_add_pc = 8;
const DW_LNS_fixed_advance_pc = 9;
const DW_LNS_set_prologue_end = 10;
const DW_LNS_set_epilogue_begin = 11;
const DW_LNS_set_isa = 12;
// Extended opcodes.
const DW_LNE_end_sequence = 1;
const DW_LNE_set_address = 2;
const DW_LNE_define_file = 3;
// v5 entry formats.
const DW_LNCT_path = 1;
const DW_LNCT_directory_index = 2;
const DW_FORM_block2 = 0x03;
const DW_FORM_block4 = 0x04;
const DW_FORM_data2 = 0x05;
const DW_FORM_data4 = 0x06;
const DW_FORM_data8 = 0x07;
const DW_FORM_string = 0x08;
const DW_FORM_block = 0x09;
const DW_FORM_block1 = 0x0a;
const DW_FORM_data1 = 0x0b;
const DW_FORM_flag = 0x0c;
const DW_FORM_sdata = 0x0d;
const DW_FORM_strp = 0x0e;
const DW_FORM_udata = 0x0f;
const DW_FORM_sec_offset = 0x17;
const DW_FORM_data16 = 0x1e;
const DW_FORM_line_strp = 0x1f;

function joinPath(dir: string | undefined, name: string): string {
  if (name.startsWith('/') || !dir) return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

function stringAt(table: Buffer | undefined, offset: number, what: string): string {
  if (!table) throw new Malformed(`${what} string needs a section the file does not have`);
  if (offset >= table.length) throw new Malformed(`${what} string offset ${offset} is outside its section (${table.length} bytes)`);
  const e = table.indexOf(0, offset);
  if (e < 0) throw new Malformed(`${what} string at ${offset} is not NUL-terminated`);
  return table.toString('utf8', offset, e);
}

/** Reads one attribute value of a v5 directory/file entry: a string, a number, or undefined (skipped). */
function readForm(c: Cursor, form: number, offsetSize: number, options: LineTableOptions): string | number | undefined {
  switch (form) {
    case DW_FORM_string: return c.cstring();
    case DW_FORM_line_strp: return stringAt(options.lineStr, c.uN(offsetSize), '.debug_line_str');
    case DW_FORM_strp: return stringAt(options.str, c.uN(offsetSize), '.debug_str');
    case DW_FORM_udata: return c.uleb();
    case DW_FORM_sdata: return c.sleb();
    case DW_FORM_data1: return c.u8();
    case DW_FORM_data2: return c.u16();
    case DW_FORM_data4: return c.u32();
    case DW_FORM_data8: return c.u64();
    case DW_FORM_flag: return c.u8();
    case DW_FORM_sec_offset: return c.uN(offsetSize);
    case DW_FORM_data16: c.skip(16); return undefined;
    case DW_FORM_block: c.skip(c.uleb()); return undefined;
    case DW_FORM_block1: c.skip(c.u8()); return undefined;
    case DW_FORM_block2: c.skip(c.u16()); return undefined;
    case DW_FORM_block4: c.skip(c.u32()); return undefined;
    default:
      throw new Malformed(`entry format uses form 0x${form.toString(16)}, which the line table reader does not support`);
  }
}

/** v5 directory or file-name entries: each a list of (content type, value). */
function readEntries(c: Cursor, offsetSize: number, options: LineTableOptions, what: string): { path: string; dir: number }[] {
  const nFormats = c.u8();
  const formats: number[] = [];
  for (let i = 0; i < nFormats; i++) formats.push(c.uleb(), c.uleb());
  const count = c.uleb();
  if (count > 0 && nFormats === 0) throw new Malformed(`${count} ${what} entries with no entry format`);
  if (count > c.end - c.pos) throw new Malformed(`${count} ${what} entries cannot fit in the ${c.end - c.pos} header bytes left`);
  const out: { path: string; dir: number }[] = [];
  for (let i = 0; i < count; i++) {
    let path = '';
    let dir = 0;
    const start = c.pos;
    for (let k = 0; k < formats.length; k += 2) {
      const v = readForm(c, formats[k + 1]!, offsetSize, options);
      if (formats[k] === DW_LNCT_path && typeof v === 'string') path = v;
      else if (formats[k] === DW_LNCT_directory_index && typeof v === 'number') dir = v;
    }
    if (c.pos === start) throw new Malformed(`${what} entry ${i} is empty`);
    out.push({ path, dir });
  }
  return out;
}

/**
 * Runs one unit's header and line program, appending rows and sequences. Returns false when a
 * sequence's addresses decrease (the table then needs a full sort).
 */
function runUnit(
  c: Cursor,
  offsetSize: number,
  options: LineTableOptions,
  rows: Rows,
  names: string[],
  nameIds: Map<string, number>,
  seqFirst: number[],
  seqEnd: number[],
  seqAddr: number[],
): boolean {
  const version = c.u16();
  if (version < 2 || version > 5) throw new Malformed(`unsupported DWARF line table version ${version}`);
  if (version >= 5) {
    c.u8(); // address_size (DW_LNE_set_address carries its own length)
    c.u8(); // segment_selector_size
  }
  const headerLength = c.uN(offsetSize);
  if (headerLength > c.end - c.pos) throw new Malformed(`header length ${headerLength} runs past the unit end`);
  const programStart = c.pos + headerLength;
  const minInst = c.u8();
  const maxOps = version >= 4 ? c.u8() || 1 : 1;
  const defaultIsStmt = c.u8() !== 0;
  const lineBase = (c.u8() << 24) >> 24;
  const lineRange = c.u8();
  const opcodeBase = c.u8();
  if (lineRange === 0) throw new Malformed('line_range is 0');
  if (opcodeBase === 0) throw new Malformed('opcode_base is 0');
  const opLengths = new Uint8Array(opcodeBase);
  for (let i = 1; i < opcodeBase; i++) opLengths[i] = c.u8();

  // File table → ids in the shared name list. v2–4 files are numbered from 1, v5 from 0.
  const fileIds: number[] = [];
  const intern = (s: string): number => {
    let id = nameIds.get(s);
    if (id === undefined) {
      id = names.length;
      names.push(s);
      nameIds.set(s, id);
    }
    return id;
  };
  let dirs: string[];
  if (version >= 5) {
    const d = readEntries(c, offsetSize, options, 'directory');
    dirs = d.map((e) => e.path);
    const comp = dirs[0];
    for (let i = 1; i < dirs.length; i++) if (comp && !dirs[i]!.startsWith('/')) dirs[i] = joinPath(comp, dirs[i]!);
    for (const f of readEntries(c, offsetSize, options, 'file name')) fileIds.push(intern(joinPath(dirs[f.dir], f.path)));
  } else {
    dirs = [''];
    for (;;) {
      const s = c.cstring();
      if (s === '') break;
      dirs.push(s);
    }
    fileIds.push(intern('??'));
    for (;;) {
      const s = c.cstring();
      if (s === '') break;
      const dir = c.uleb();
      c.uleb();
      c.uleb();
      fileIds.push(intern(joinPath(dirs[dir], s)));
    }
  }
  const unknown = intern('??');
  c.pos = programStart;

  const dropZero = options.dropAddressZero ?? true;
  let monotonic = true;
  // State machine registers.
  let address = 0;
  let opIndex = 0;
  let file = 1;
  let line = 1;
  let isStmt = defaultIsStmt;
  let seqStart = rows.n;
  let seqLow = -1;
  void isStmt;

  const emit = (end: boolean): void => {
    const n = rows.n;
    if (n > seqStart && rows.addrs[n - 1]! === address) {
      // Several rows at one address: the last one describes the code there (as binutils does).
      rows.lines[n - 1] = line;
      rows.files[n - 1] = end ? END : (fileIds[file] ?? unknown);
      return;
    }
    if (n > seqStart && address < rows.addrs[n - 1]!) monotonic = false;
    if (n === rows.addrs.length) rows.grow();
    rows.addrs[n] = address;
    rows.lines[n] = line;
    rows.files[n] = end ? END : (fileIds[file] ?? unknown);
    rows.n = n + 1;
    if (seqLow < 0) seqLow = address;
  };
  const advance = (opAdvance: number): void => {
    if (maxOps === 1) address += minInst * opAdvance;
    else {
      const t = opIndex + opAdvance;
      address += minInst * Math.floor(t / maxOps);
      opIndex = t % maxOps;
    }
  };

  while (c.pos < c.end) {
    const op = c.u8();
    if (op >= opcodeBase) {
      const adj = op - opcodeBase;
      advance(Math.floor(adj / lineRange));
      line += lineBase + (adj % lineRange);
      emit(false);
      continue;
    }
    switch (op) {
      case 0: {
        const len = c.uleb();
        if (len === 0) break;
        if (len > c.end - c.pos) throw new Malformed(`extended opcode of ${len} bytes runs past the unit end`);
        const next = c.pos + len;
        const sub = c.u8();
        if (sub === DW_LNE_end_sequence) {
          emit(true);
          if (rows.n > seqStart) {
            if (dropZero && seqLow === 0) rows.n = seqStart;
            else {
              seqFirst.push(seqStart);
              seqEnd.push(rows.n);
              seqAddr.push(seqLow);
            }
          }
          seqStart = rows.n;
          seqLow = -1;
          address = 0;
          opIndex = 0;
          file = 1;
          line = 1;
          isStmt = defaultIsStmt;
        } else if (sub === DW_LNE_set_address) {
          const size = len - 1;
          address = size >= 1 && size <= 8 ? c.uN(size) : address;
          opIndex = 0;
        } else if (sub === DW_LNE_define_file) {
          const s = c.cstring();
          const dir = c.uleb();
          fileIds.push(intern(joinPath(dirs[dir], s)));
        }
        c.pos = next;
        break;
      }
      case DW_LNS_copy:
        emit(false);
        break;
      case DW_LNS_advance_pc:
        advance(c.uleb());
        break;
      case DW_LNS_advance_line:
        line += c.sleb();
        break;
      case DW_LNS_set_file:
        file = c.uleb();
        break;
      case DW_LNS_set_column:
        c.uleb();
        break;
      case DW_LNS_negate_stmt:
        isStmt = !isStmt;
        break;
      case DW_LNS_set_basic_block:
      case DW_LNS_set_prologue_end:
      case DW_LNS_set_epilogue_begin:
        break;
      case DW_LNS_const_add_pc:
        advance(Math.floor((255 - opcodeBase) / lineRange));
        break;
      case DW_LNS_fixed_advance_pc:
        address += c.u16();
        opIndex = 0;
        break;
      case DW_LNS_set_isa:
        c.uleb();
        break;
      default:
        // An opcode this reader does not know: skip its declared LEB128 operands.
        for (let i = opLengths[op]!; i > 0; i--) c.uleb();
    }
  }
  // A sequence without end_sequence at the unit end is dropped.
  rows.n = seqStart;
  return monotonic;
}

/** Where to look for separate debug files. */
export interface DebugFileOptions {
  /** Root the target's paths are relative to ("/proc/PID/root"; "" for this machine). */
  root?: string;
  /** The module's path as the target sees it (its directory is searched for the debuglink name). */
  targetPath?: string;
  /** Global debug directories (default ["/usr/lib/debug"]). */
  debugDirectories?: string[];
}

/**
 * The file holding `elf`'s `.debug_line`, looked up like gdb: the file itself, then
 * `<debugdir>/.build-id/xx/rest.debug` (build-id must match), then the `.gnu_debuglink` name in the
 * module's directory, its `.debug/` subdirectory and `<debugdir>/<module dir>/` (build-id or CRC32
 * must match). Paths are tried under `root` first. Undefined when none has line tables. A returned
 * file other than `elf` is the caller's to close.
 */
export function findLineDebugFile(elf: ElfFile, options: DebugFileOptions = {}): ElfFile | undefined {
  if (hasSection(elf, '.debug_line')) return elf;
  const root = options.root ?? '';
  const debugDirs = options.debugDirectories ?? ['/usr/lib/debug'];
  const under = (p: string): string[] => (root ? [root + p, p] : [p]);
  const id = elf.buildId;
  const tried = new Set<string>();
  const attempt = (candidate: string, check: (f: ElfFile) => boolean): ElfFile | undefined => {
    if (tried.has(candidate) || candidate === elf.path) return undefined;
    tried.add(candidate);
    if (!existsSync(candidate)) return undefined;
    let f: ElfFile | undefined;
    try {
      f = ElfFile.open(candidate);
      if (hasSection(f, '.debug_line') && check(f)) return f;
    } catch (e) {
      if (!isUnusableInput(e)) throw e; // unreadable or not ELF: keep looking
    }
    f?.close();
    return undefined;
  };
  if (id && id.length >= 4) {
    for (const d of debugDirs) {
      for (const p of under(`${d}/.build-id/${id.slice(0, 2)}/${id.slice(2)}.debug`)) {
        const f = attempt(p, (x) => x.buildId === id);
        if (f) return f;
      }
    }
  }
  let link: { name: string; crc: number } | undefined;
  try {
    link = elf.debugLink;
  } catch (e) {
    if (!isUnusableInput(e)) throw e;
    link = undefined;
  }
  if (link && link.name && !link.name.includes('\0')) {
    const target = options.targetPath ?? elf.path;
    const dir = target.includes('/') ? target.slice(0, target.lastIndexOf('/')) || '/' : '.';
    const rel = [`${dir}/${link.name}`, `${dir}/.debug/${link.name}`, ...debugDirs.map((d) => `${d}${dir.startsWith('/') ? '' : '/'}${dir}/${link.name}`)];
    const check = (f: ElfFile): boolean => {
      const fid = f.buildId;
      if (id && fid) return fid === id;
      return fileCrc32(f.path) === link!.crc;
    };
    for (const r of rel) {
      const cands = options.targetPath ? under(r) : [r];
      for (const p of cands) {
        const f = attempt(p, check);
        if (f) return f;
      }
    }
  }
  return undefined;
}

function hasSection(elf: ElfFile, name: string): boolean {
  const s = elf.section(name) ?? elf.section(`.z${name.slice(1)}`);
  return s !== undefined && s.type !== SHT_NOBITS && s.fileSize > 0;
}

/** CRC32 (the .gnu_debuglink checksum) of a whole file, read in 1 MiB pieces; undefined if unreadable. */
function fileCrc32(path: string): number | undefined {
  const crc32 = (process.getBuiltinModule('node:zlib') as unknown as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  if (!crc32) return undefined;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if (!isUnusableInput(e)) throw e;
    return undefined;
  }
  try {
    const buf = Buffer.alloc(1 << 20);
    let crc = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) return crc >>> 0;
      crc = crc32(buf.subarray(0, n), crc);
    }
  } catch (e) {
    if (!isUnusableInput(e)) throw e;
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Builds the line table of an ELF file that has `.debug_line` (null when it has none). */
export function loadLineTable(elf: ElfFile): LineTable | null {
  const data = debugSectionData(elf, '.debug_line');
  if (!data) return null;
  const kind = elf.type;
  return LineTable.parse(data, {
    path: elf.path,
    little: elf.little,
    addressSize: elf.is64 ? 8 : 4,
    lineStr: debugSectionData(elf, '.debug_line_str'),
    str: debugSectionData(elf, '.debug_str'),
    dropAddressZero: kind === 2 || kind === 3, // ET_EXEC / ET_DYN
  });
}

/**
 * Line information of one module, loaded on the first lookup (debug file search, decompression,
 * parse) and kept as typed arrays. Lookups are cached by address.
 */
export class ModuleLines {
  private table?: LineTable | null;
  private readonly cache = new Map<number, SourceLine | null>();
  /** Path of the file the line tables came from, once loaded. */
  debugFile?: string;
  /** Why line tables could not be loaded, if they could not. */
  error?: string;

  constructor(
    readonly elf: ElfFile,
    readonly options: DebugFileOptions = {},
  ) {}

  /** The parsed table (loading it now if needed), or null when the module has no line information. */
  get lineTable(): LineTable | null {
    if (this.table === undefined) {
      this.table = null;
      let f: ElfFile | undefined;
      try {
        f = findLineDebugFile(this.elf, this.options);
        if (f) {
          this.debugFile = f.path;
          this.table = loadLineTable(f);
        }
      } catch (e) {
        this.error = (e as Error).message;
        this.table = null;
      } finally {
        if (f && f !== this.elf) f.close();
      }
    }
    return this.table;
  }

  /** File and line of link-time address `address` (cached), or undefined. */
  lineForAddress(address: number): SourceLine | undefined {
    const hit = this.cache.get(address);
    if (hit !== undefined) return hit ?? undefined;
    const t = this.lineTable;
    const r = t ? t.lineForAddress(address) : undefined;
    if (this.cache.size >= 65536) this.cache.clear();
    this.cache.set(address, r ?? null);
    return r;
  }
}

const moduleLines = new WeakMap<object, ModuleLines>();

/**
 * The shared ModuleLines of a parsed module (one per ElfFile object: unwinders that share a
 * NativeModule share its line tables).
 */
export function linesForModule(elf: ElfFile, options: DebugFileOptions = {}): ModuleLines {
  let m = moduleLines.get(elf);
  if (!m) {
    m = new ModuleLines(elf, options);
    moduleLines.set(elf, m);
  }
  return m;
}
