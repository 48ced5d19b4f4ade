/// <reference types="node" preserve="true" />

/**
 * The DW_CFA interpreter: runs a CIE's initial instructions and an FDE's instructions up to a pc
 * and yields the unwind row (CFA rule + one rule per register) in effect there.
 */
import { NREGS } from './arch.js';
import { ByteReader } from './reader.js';
import type { Fde, FrameSection } from './ehframe.js';
import { NativeUnwindError } from './errors.js';

/** Register rules. SAME is also the default for registers no instruction mentions. */
export const RULE_SAME = 0;
export const RULE_UNDEFINED = 1;
/** Saved at CFA + value. */
export const RULE_OFFSET = 2;
/** Value is CFA + value. */
export const RULE_VAL_OFFSET = 3;
/** Value is in register `value`. */
export const RULE_REGISTER = 4;
/** Saved at the address the expression computes (CFA pushed first). */
export const RULE_EXPRESSION = 5;
/** Value is what the expression computes (CFA pushed first). */
export const RULE_VAL_EXPRESSION = 6;

export class UnwindRow {
  /** CFA = reg[cfaRegister] + cfaOffset, unless cfaExpression is set. */
  cfaRegister = 0;
  cfaOffset = 0;
  cfaExpression: Buffer | null = null;
  readonly kind = new Uint8Array(NREGS);
  readonly value = new Float64Array(NREGS);
  expressions: Array<Buffer | null> | null = null;
  /** Return-address column (from the CIE). */
  raRegister = 16;
  /** The FDE's CIE has the 'S' augmentation (a signal trampoline). */
  signalFrame = false;
  /** Link-time pc range [start, end) this row covers. */
  start = 0;
  end = 0;

  copyFrom(o: UnwindRow): void {
    this.cfaRegister = o.cfaRegister;
    this.cfaOffset = o.cfaOffset;
    this.cfaExpression = o.cfaExpression;
    this.kind.set(o.kind);
    this.value.set(o.value);
    this.expressions = o.expressions ? o.expressions.slice() : null;
    this.raRegister = o.raRegister;
    this.signalFrame = o.signalFrame;
  }

  clone(): UnwindRow {
    const r = new UnwindRow();
    r.copyFrom(this);
    r.start = this.start;
    r.end = this.end;
    return r;
  }

  setRule(reg: number, kind: number, value: number, expr: Buffer | null = null): void {
    if (reg >= NREGS) return; // vector registers etc.: not needed to unwind
    this.kind[reg] = kind;
    this.value[reg] = value;
    if (expr || this.expressions) {
      this.expressions ??= new Array<Buffer | null>(NREGS).fill(null);
      this.expressions[reg] = expr;
    }
  }
}

/** Text like readelf's frames-interp columns ("c-8", "u", "r6", "exp"), for tests and debugging. */
export function describeRule(row: UnwindRow, reg: number): string {
  switch (row.kind[reg]) {
    case RULE_SAME: return 's';
    case RULE_UNDEFINED: return 'u';
    case RULE_OFFSET: return `c${row.value[reg]! >= 0 ? '+' : ''}${row.value[reg]}`;
    case RULE_VAL_OFFSET: return `v${row.value[reg]! >= 0 ? '+' : ''}${row.value[reg]}`;
    case RULE_REGISTER: return `r${row.value[reg]}`;
    case RULE_EXPRESSION: return 'exp';
    default: return 'vexp';
  }
}

const stateStack: UnwindRow[] = [];
const initialScratch = new UnwindRow();

/**
 * Executes one instruction block into `row` until the location passes `pc`. `initial` is the row
 * after the CIE instructions (for DW_CFA_restore). Returns false once `pc` was passed.
 */
function execute(section: FrameSection, fde: Fde | undefined, start: number, end: number, row: UnwindRow, initial: UnwindRow | null, pc: number, loc: { v: number }, depth: number): boolean {
  const cie = fde ? fde.cie : undefined;
  const caf = cie ? cie.codeAlign : 1;
  const daf = cie ? cie.dataAlign : 1;
  const r = new ByteReader(section.data, section.path, start, true, cie ? cie.addressSize : 8);
  const advance = (delta: number): boolean => {
    const next = loc.v + delta * caf;
    if (next > pc) {
      row.end = next;
      return false;
    }
    loc.v = next;
    row.start = next;
    return true;
  };
  while (r.pos < end) {
    const op = r.u8();
    const high = op & 0xc0;
    if (high === 0x40) { if (!advance(op & 0x3f)) return false; continue; }
    if (high === 0x80) { row.setRule(op & 0x3f, RULE_OFFSET, r.uleb() * daf); continue; }
    if (high === 0xc0) { restore(row, initial, op & 0x3f); continue; }
    switch (op) {
      case 0x00: break; // nop
      case 0x01: { // set_loc
        const next = r.pointer(cie ? cie.fdeEncoding : 0, { section: section.address }) ?? 0;
        if (next > pc) { row.end = next; return false; }
        loc.v = next;
        row.start = next;
        break;
      }
      case 0x02: if (!advance(r.u8())) return false; break;
      case 0x03: if (!advance(r.u16())) return false; break;
      case 0x04: if (!advance(r.u32())) return false; break;
      case 0x05: { const reg = r.uleb(); row.setRule(reg, RULE_OFFSET, r.uleb() * daf); break; }
      case 0x06: restore(row, initial, r.uleb()); break;
      case 0x07: row.setRule(r.uleb(), RULE_UNDEFINED, 0); break;
      case 0x08: row.setRule(r.uleb(), RULE_SAME, 0); break;
      case 0x09: { const reg = r.uleb(); row.setRule(reg, RULE_REGISTER, r.uleb()); break; }
      case 0x0a: { // remember_state
        if (stateStack.length >= depth + 64) throw new NativeUnwindError(`${section.path}: DW_CFA_remember_state nests too deeply in the FDE at offset ${fde?.offset}`);
        stateStack.push(row.clone());
        break;
      }
      case 0x0b: { // restore_state (keeps the current location)
        if (stateStack.length <= depth) break;
        const saved = stateStack.pop()!;
        const { start: s } = row;
        row.copyFrom(saved);
        row.start = s;
        break;
      }
      case 0x0c: row.cfaRegister = r.uleb(); row.cfaOffset = r.uleb(); row.cfaExpression = null; break;
      case 0x0d: row.cfaRegister = r.uleb(); row.cfaExpression = null; break;
      case 0x0e: row.cfaOffset = r.uleb(); row.cfaExpression = null; break;
      case 0x0f: { const len = r.uleb(); row.cfaExpression = section.data.subarray(r.pos, r.pos + len); r.pos += len; break; }
      case 0x10: case 0x16: { // expression, val_expression
        const reg = r.uleb();
        const len = r.uleb();
        row.setRule(reg, op === 0x10 ? RULE_EXPRESSION : RULE_VAL_EXPRESSION, 0, section.data.subarray(r.pos, r.pos + len));
        r.pos += len;
        break;
      }
      case 0x11: { const reg = r.uleb(); row.setRule(reg, RULE_OFFSET, r.sleb() * daf); break; }
      case 0x12: row.cfaRegister = r.uleb(); row.cfaOffset = r.sleb() * daf; row.cfaExpression = null; break;
      case 0x13: row.cfaOffset = r.sleb() * daf; row.cfaExpression = null; break;
      case 0x14: { const reg = r.uleb(); row.setRule(reg, RULE_VAL_OFFSET, r.uleb() * daf); break; }
      case 0x15: { const reg = r.uleb(); row.setRule(reg, RULE_VAL_OFFSET, r.sleb() * daf); break; }
      case 0x2d: break; // GNU_window_save (SPARC) / AARCH64_negate_ra_state: pointer-auth bits are stripped by the unwinder
      case 0x2e: r.uleb(); break; // GNU_args_size
      case 0x2f: { const reg = r.uleb(); row.setRule(reg, RULE_OFFSET, -r.uleb() * daf); break; } // GNU_negative_offset_extended
      default:
        throw new NativeUnwindError(`${section.path}: unknown call frame instruction 0x${op.toString(16)} at offset ${r.pos - 1}`);
    }
  }
  return true;
}

function restore(row: UnwindRow, initial: UnwindRow | null, reg: number): void {
  if (reg >= NREGS) return;
  if (initial) row.setRule(reg, initial.kind[reg]!, initial.value[reg]!, initial.expressions?.[reg] ?? null);
  else row.setRule(reg, RULE_SAME, 0);
}

/**
 * The row in effect at link-time address `pc` inside `fde` (written into `out`, which is returned).
 * `out.start`/`out.end` give the pc range the row covers.
 */
export function computeRow(fde: Fde, pc: number, out: UnwindRow = new UnwindRow()): UnwindRow {
  const section = fde.section;
  const cie = fde.cie;
  const depth = stateStack.length;
  try {
    const init = initialScratch;
    init.kind.fill(0);
    init.value.fill(0);
    init.expressions = null;
    init.cfaRegister = 0;
    init.cfaOffset = 0;
    init.cfaExpression = null;
    init.raRegister = cie.raRegister;
    init.signalFrame = cie.signalFrame;
    const loc = { v: fde.pcBegin };
    execute(section, fde, cie.instStart, cie.instEnd, init, null, Number.POSITIVE_INFINITY, loc, depth);
    stateStack.length = depth;
    out.copyFrom(init);
    out.start = fde.pcBegin;
    out.end = fde.pcEnd;
    loc.v = fde.pcBegin;
    const initial = init.clone();
    if (execute(section, fde, fde.instStart, fde.instEnd, out, initial, pc, loc, depth)) out.end = fde.pcEnd;
    return out;
  } finally {
    stateStack.length = depth;
  }
}
