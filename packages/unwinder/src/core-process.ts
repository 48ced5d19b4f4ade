/**
 * The process an ELF core file records, as a live process would show it: its memory maps (NT_FILE
 * mappings, then anonymous segments), its executable (from the auxiliary vector) and whether the
 * file holds every byte its segments claim.
 */
import { statSync } from 'node:fs';
import type { MemoryMap } from '@pyglass/memory-reader';
import type { ElfCore } from './core.js';

const PF_X = 1;
const PF_W = 2;
const AT_PHDR = 3;
const AT_ENTRY = 9;

/** The core's address space as memory maps: NT_FILE mappings, then anonymous segments, by address. */
export function coreMaps(core: ElfCore): MemoryMap[] {
  const out: MemoryMap[] = [];
  const segs = core.memorySegments;
  const flagsAt = (addr: number) => segs.find((s) => addr >= s.vaddr && addr < s.vaddr + s.memsz)?.flags ?? 4;
  const perms = (f: number) => `r${f & PF_W ? 'w' : '-'}${f & PF_X ? 'x' : '-'}p`;
  for (const f of core.files) {
    const fl = flagsAt(f.start);
    out.push({ start: f.start, end: f.end, perms: perms(fl), readable: true, writable: (fl & PF_W) !== 0, executable: (fl & PF_X) !== 0, offset: f.offset, dev: '00:00', inode: 0, path: f.path });
  }
  for (const s of segs) {
    if (core.files.some((f) => s.vaddr >= f.start && s.vaddr < f.end)) continue;
    out.push({ start: s.vaddr, end: s.vaddr + s.memsz, perms: perms(s.flags), readable: true, writable: (s.flags & PF_W) !== 0, executable: (s.flags & PF_X) !== 0, offset: 0, dev: '00:00', inode: 0, path: '' });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** One entry of the core's auxiliary vector (NT_AUXV, 64-bit little-endian), undefined when absent. */
export function coreAuxvValue(core: ElfCore, type: number): number | undefined {
  const a = core.auxv;
  if (!a) return undefined;
  for (let off = 0; off + 16 <= a.length; off += 16) {
    const t = a.readUInt32LE(off) + a.readUInt32LE(off + 4) * 2 ** 32;
    if (t === 0) break;
    if (t === type) return a.readUInt32LE(off + 8) + a.readUInt32LE(off + 12) * 2 ** 32;
  }
  return undefined;
}

/** The executable's path in the core: the mapping holding AT_PHDR / AT_ENTRY, else the one named like the process. */
export function coreExecutablePath(core: ElfCore): string | undefined {
  for (const t of [AT_PHDR, AT_ENTRY]) {
    const addr = coreAuxvValue(core, t);
    if (addr === undefined) continue;
    const f = core.files.find((x) => addr >= x.start && addr < x.end);
    if (f) return f.path;
  }
  const fname = core.processInfo?.fname;
  if (fname) return core.files.find((f) => f.path.slice(f.path.lastIndexOf('/') + 1).startsWith(fname))?.path;
  return undefined;
}

/** When the core file is shorter than its segments need (cut short while written): both sizes; else undefined. */
export function coreTruncation(core: ElfCore): { size: number; need: number } | undefined {
  let size: number;
  try {
    size = statSync(core.path).size;
  } catch (e) {
    // a core read from a buffer, or its file removed since it was opened: nothing to compare
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let need = 0;
  for (const s of core.memorySegments) need = Math.max(need, s.offset + s.filesz);
  return need > size ? { size, need } : undefined;
}
