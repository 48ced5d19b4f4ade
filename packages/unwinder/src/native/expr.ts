/// <reference types="node" preserve="true" />

/**
 * A small DWARF expression evaluator for the CFA / register rules found in .eh_frame (e.g. the PLT
 * rule `DW_OP_breg7 8; DW_OP_breg16 0; DW_OP_lit15; DW_OP_and; DW_OP_lit11; DW_OP_ge; DW_OP_lit3;
 * DW_OP_shl; DW_OP_plus`). Values are numbers; bitwise operators go through 64-bit BigInt only
 * when an operand does not fit in 31 bits.
 */
import { ByteReader } from './reader.js';
import { isUnusableInput } from '../errors.js';

export interface ExpressionContext {
  /** Value of DWARF register `n` in the frame being unwound, or undefined when unknown. */
  reg(n: number): number | undefined;
  /** The 8 (or `size`) bytes at `address` as an unsigned little-endian value, or undefined. */
  read(address: number, size: number): number | undefined;
  /** Load bias added to DW_OP_addr operands. */
  bias: number;
}

const MAX_STACK = 64;
const stack = new Float64Array(MAX_STACK);

function u64(a: number): bigint {
  return BigInt.asUintN(64, BigInt(Math.trunc(a)));
}
function fromU64(b: bigint): number {
  return Number(BigInt.asUintN(64, b));
}
function small(a: number, b: number): boolean {
  return a >= 0 && a < 0x80000000 && b >= 0 && b < 0x80000000;
}

/**
 * Evaluates `expr`; `initial` (the CFA, for DW_CFA_expression / val_expression) is pushed first.
 * Returns the value on top of the stack, or undefined when the expression uses an unsupported op,
 * an unknown register or unreadable memory.
 */
export function evaluateExpression(expr: Buffer, ctx: ExpressionContext, initial?: number): number | undefined {
  let sp = 0;
  if (initial !== undefined) stack[sp++] = initial;
  const r = new ByteReader(expr, '<dwarf expression>');
  const end = expr.length;
  try {
    while (r.pos < end) {
      const op = r.u8();
      if (sp >= MAX_STACK - 1) return undefined;
      if (op >= 0x30 && op <= 0x4f) { stack[sp++] = op - 0x30; continue; } // lit0..31
      if (op >= 0x70 && op <= 0x8f) { // breg0..31
        const v = ctx.reg(op - 0x70);
        const off = r.sleb();
        if (v === undefined) return undefined;
        stack[sp++] = v + off;
        continue;
      }
      if (op >= 0x50 && op <= 0x6f) { // reg0..31 (a location, not a value: treat as the value)
        const v = ctx.reg(op - 0x50);
        if (v === undefined) return undefined;
        stack[sp++] = v;
        continue;
      }
      switch (op) {
        case 0x03: stack[sp++] = r.u64() + ctx.bias; break; // addr
        case 0x06: { // deref
          if (sp < 1) return undefined;
          const v = ctx.read(stack[sp - 1]!, 8);
          if (v === undefined) return undefined;
          stack[sp - 1] = v;
          break;
        }
        case 0x94: { // deref_size
          const size = r.u8();
          if (sp < 1) return undefined;
          const v = ctx.read(stack[sp - 1]!, size);
          if (v === undefined) return undefined;
          stack[sp - 1] = v;
          break;
        }
        case 0x08: stack[sp++] = r.u8(); break; // const1u
        case 0x09: { const v = r.u8(); stack[sp++] = v > 127 ? v - 256 : v; break; } // const1s
        case 0x0a: stack[sp++] = r.u16(); break;
        case 0x0b: stack[sp++] = r.s16(); break;
        case 0x0c: stack[sp++] = r.u32(); break;
        case 0x0d: stack[sp++] = r.s32(); break;
        case 0x0e: stack[sp++] = r.u64(); break;
        case 0x0f: stack[sp++] = r.s64(); break;
        case 0x10: stack[sp++] = r.uleb(); break; // constu
        case 0x11: stack[sp++] = r.sleb(); break; // consts
        case 0x12: if (sp < 1) return undefined; stack[sp] = stack[sp - 1]!; sp++; break; // dup
        case 0x13: if (sp < 1) return undefined; sp--; break; // drop
        case 0x14: if (sp < 2) return undefined; stack[sp] = stack[sp - 2]!; sp++; break; // over
        case 0x15: { const i = r.u8(); if (i >= sp) return undefined; stack[sp] = stack[sp - 1 - i]!; sp++; break; } // pick
        case 0x16: { if (sp < 2) return undefined; const t = stack[sp - 1]!; stack[sp - 1] = stack[sp - 2]!; stack[sp - 2] = t; break; } // swap
        case 0x17: { // rot
          if (sp < 3) return undefined;
          const a = stack[sp - 1]!, b = stack[sp - 2]!, c = stack[sp - 3]!;
          stack[sp - 1] = b; stack[sp - 2] = c; stack[sp - 3] = a;
          break;
        }
        case 0x19: if (sp < 1) return undefined; stack[sp - 1] = Math.abs(stack[sp - 1]!); break; // abs
        case 0x1f: if (sp < 1) return undefined; stack[sp - 1] = -stack[sp - 1]!; break; // neg
        case 0x20: if (sp < 1) return undefined; stack[sp - 1] = fromU64(~u64(stack[sp - 1]!)); break; // not
        case 0x23: if (sp < 1) return undefined; stack[sp - 1] = stack[sp - 1]! + r.uleb(); break; // plus_uconst
        case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x21: case 0x22:
        case 0x24: case 0x25: case 0x26: case 0x27:
        case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: case 0x2e: {
          if (sp < 2) return undefined;
          const b = stack[--sp]!;
          const a = stack[sp - 1]!;
          let v: number;
          switch (op) {
            case 0x1a: v = small(a, b) ? a & b : fromU64(u64(a) & u64(b)); break; // and
            case 0x1b: if (b === 0) return undefined; v = Math.trunc(a / b); break; // div (signed)
            case 0x1c: v = a - b; break; // minus
            case 0x1d: if (b === 0) return undefined; v = fromU64(u64(a) % u64(b)); break; // mod
            case 0x1e: v = a * b; break; // mul
            case 0x21: v = small(a, b) ? a | b : fromU64(u64(a) | u64(b)); break; // or
            case 0x22: v = a + b; break; // plus
            case 0x24: v = b >= 64 ? 0 : fromU64(u64(a) << BigInt(b)); break; // shl
            case 0x25: v = b >= 64 ? 0 : fromU64(u64(a) >> BigInt(b)); break; // shr
            case 0x26: v = b >= 64 ? (a < 0 ? -1 : 0) : Math.floor(a / 2 ** b); break; // shra
            case 0x27: v = small(a, b) ? a ^ b : fromU64(u64(a) ^ u64(b)); break; // xor
            case 0x29: v = a === b ? 1 : 0; break; // eq
            case 0x2a: v = a >= b ? 1 : 0; break; // ge
            case 0x2b: v = a > b ? 1 : 0; break; // gt
            case 0x2c: v = a <= b ? 1 : 0; break; // le
            case 0x2d: v = a < b ? 1 : 0; break; // lt
            default: v = a !== b ? 1 : 0; break; // ne
          }
          stack[sp - 1] = v;
          break;
        }
        case 0x2f: { const off = r.s16(); r.pos += off; if (r.pos < 0 || r.pos > end) return undefined; break; } // skip
        case 0x28: { // bra
          const off = r.s16();
          if (sp < 1) return undefined;
          if (stack[--sp] !== 0) {
            r.pos += off;
            if (r.pos < 0 || r.pos > end) return undefined;
          }
          break;
        }
        case 0x90: { const v = ctx.reg(r.uleb()); if (v === undefined) return undefined; stack[sp++] = v; break; } // regx
        case 0x92: { // bregx
          const v = ctx.reg(r.uleb());
          const off = r.sleb();
          if (v === undefined) return undefined;
          stack[sp++] = v + off;
          break;
        }
        case 0x96: break; // nop
        default:
          return undefined; // unsupported (TLS, entry values, typed stack ops …)
      }
    }
  } catch (e) {
    if (!isUnusableInput(e)) throw e; // the expression runs past its end
    return undefined;
  }
  return sp > 0 ? stack[sp - 1] : undefined;
}
