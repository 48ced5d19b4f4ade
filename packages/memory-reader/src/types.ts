/// <reference types="node" preserve="true" />

/**
 * The contract between memory-reader and the layers above it.
 *
 * Addresses are plain `number`s: user-space addresses on every supported 64-bit platform are below
 * 2^47, well inside the 2^53 range a double holds exactly, and numbers keep the hot sampling loop
 * free of BigInt allocation. Use `toAddress()` to convert a 64-bit BigInt field read from a file.
 */

/** Many (address, length) ranges, filled by one `readBatch` call (one process_vm_readv). */
export interface ReadBatch {
  /** How many ranges are queued. */
  readonly count: number;
  /** Queues a read of `length` bytes at `address` into `dest[destOffset ..]`; returns its index. */
  add(address: number, length: number, dest: Uint8Array, destOffset?: number): number;
  /** True when range `index` was read completely by the last `readBatch`. */
  succeeded(index: number): boolean;
  /** Empties the batch so it can be reused without allocating. */
  clear(): void;
}

/**
 * Read access to one process's memory: a live process (process_vm_readv, /proc/PID/mem), or a
 * core file (see @pyglass/unwinder's core reader). Everything above memory-reader depends on this
 * interface only.
 */
export interface ProcessMemory {
  readonly pid: number;
  /** Copies `length` bytes at `address`. Throws BadAddress, ProcessExited or PermissionDenied. */
  read(address: number, length: number): Buffer;
  /** Copies `length` bytes at `address` into `dest[destOffset ..]` without allocating. */
  readInto(address: number, dest: Uint8Array, destOffset?: number, length?: number): void;
  /**
   * Fills every range of `batch` it can; ranges that fail are marked (`batch.succeeded(i)` false)
   * and the rest are still read. Returns the number of ranges read completely.
   */
  readBatch(batch: ReadBatch): number;
  /** A fresh batch sized for `capacity` ranges, for use with this memory. */
  createBatch(capacity?: number): ReadBatch;
}

/** One line of /proc/PID/maps. */
export interface MemoryMap {
  start: number;
  end: number;
  /** e.g. "r-xp" */
  perms: string;
  readable: boolean;
  writable: boolean;
  executable: boolean;
  /** File offset of the mapping. */
  offset: number;
  /** "08:01" */
  dev: string;
  inode: number;
  /** File path, "[heap]", "[stack]", "[vdso]" … or "" for anonymous maps. */
  path: string;
  /** True when the kernel marked the file " (deleted)" (the suffix is removed from `path`). */
  deleted?: boolean;
}

/** General-purpose registers of a stopped thread, by DWARF-ish name (rip/rsp/rbp… or pc/sp/x29…). */
export interface Registers {
  arch: 'x86_64' | 'aarch64';
  /** Instruction pointer. */
  pc: number;
  /** Stack pointer. */
  sp: number;
  /** Frame pointer (rbp / x29). */
  fp: number;
  /** All registers by name, e.g. { rip, rsp, rbp, rbx, … } or { x0 … x30, sp, pc }. */
  all: Record<string, number>;
}

/** Converts a 64-bit value read from a file or struct into an address `number`. */
export function toAddress(value: bigint): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`address 0x${value.toString(16)} is outside the range pyglass can represent`);
  }
  return Number(value);
}

/**
 * The runtimes told apart by their cgroup path; `kubernetes` is a kubepods path that names no runtime
 * (cgroupfs driver), `unknown` a bare 64-hex cgroup elsewhere.
 */
export const containerRuntimes = ['docker', 'containerd', 'cri-o', 'podman', 'systemd-nspawn', 'kubernetes', 'unknown'] as const;
export type ContainerRuntime = (typeof containerRuntimes)[number];

export interface ContainerInfo {
  /** The container id (64 hex digits), or the machine name of a systemd-nspawn container. */
  id: string;
  runtime: ContainerRuntime;
  /** The Kubernetes pod uid, from a kubepods path (dashes restored when systemd wrote underscores). */
  podUid?: string | undefined;
  /** The cgroup path the id was found in. */
  cgroupPath: string;
}
