/**
 * DWARF register numbering for the architectures the unwinder supports.
 *
 * x86_64 (System V psABI): 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp, 8–15 r8–r15,
 * 16 return address (rip). aarch64: 0–30 x0–x30, 31 sp, return address column x30; the unwinder
 * keeps the pc in an extra slot (32) that is not a DWARF column.
 */
import type { Registers } from '@pyglass/memory-reader';

export type NativeArch = 'x86_64' | 'aarch64';

/** Register slots tracked per frame (both architectures fit: aarch64 uses 0–31 plus 32 for pc). */
export const NREGS = 33;

export interface ArchInfo {
  arch: NativeArch;
  /** Slot holding the program counter of a frame. */
  pc: number;
  /** Slot holding the stack pointer (DWARF number). */
  sp: number;
  /** Frame pointer (rbp / x29). */
  fp: number;
  /** Default return-address column (CIEs say which one they use). */
  ra: number;
  /** DWARF register names, by number. */
  names: readonly string[];
}

const X86_64_NAMES = ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'];
const AARCH64_NAMES = [...Array.from({ length: 31 }, (_, i) => `x${i}`), 'sp', 'pc'];

export const X86_64: ArchInfo = { arch: 'x86_64', pc: 16, sp: 7, fp: 6, ra: 16, names: X86_64_NAMES };
export const AARCH64: ArchInfo = { arch: 'aarch64', pc: 32, sp: 31, fp: 29, ra: 30, names: AARCH64_NAMES };

export function archInfo(arch: NativeArch): ArchInfo {
  return arch === 'x86_64' ? X86_64 : AARCH64;
}

/** The architecture of this Node process (the only one ptrace can read registers for). */
export function hostArch(): NativeArch {
  return process.arch === 'arm64' ? 'aarch64' : 'x86_64';
}

/**
 * Fills `regs`/`valid` (length NREGS) from a Registers snapshot; returns the arch description.
 * Registers missing from `registers.all` stay invalid, except pc/sp/fp, which come from the fields.
 */
export function loadRegisters(registers: Registers, regs: Float64Array, valid: Uint8Array): ArchInfo {
  const info = archInfo(registers.arch);
  valid.fill(0);
  const all = registers.all;
  const names = info.names;
  for (let i = 0; i < names.length; i++) {
    const v = all[names[i]!];
    if (v !== undefined) {
      regs[i] = v;
      valid[i] = 1;
    }
  }
  regs[info.pc] = registers.pc;
  regs[info.sp] = registers.sp;
  regs[info.fp] = registers.fp;
  valid[info.pc] = valid[info.sp] = valid[info.fp] = 1;
  return info;
}
