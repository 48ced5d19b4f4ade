/**
 * Lazy access to koffi and libc. Nothing here touches koffi until a function is first called, so
 * importing @pyglass/memory-reader (e.g. only for the /proc parsers) stays cheap and works where
 * the native module is missing.
 */
import { createRequire } from 'node:module';
import type * as Koffi from 'koffi';
import { NativeLayerUnavailable } from './errors.js';

type KoffiModule = typeof Koffi;
/** A declared native function (koffi's call signature is untyped). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type NativeFn = (...args: any[]) => any;

const require = createRequire(import.meta.url);
let koffiModule: KoffiModule | undefined;

/** The koffi module, loaded on first use. */
export function koffi(): KoffiModule {
  if (koffiModule === undefined) {
    try {
      koffiModule = require('koffi') as KoffiModule;
    } catch (err) {
      // only a missing or unloadable module is turned into the typed error; anything else propagates
      const code = (err as { code?: unknown }).code;
      if (code === 'MODULE_NOT_FOUND' || code === 'ERR_DLOPEN_FAILED') throw new NativeLayerUnavailable(err as Error);
      throw err;
    }
  }
  return koffiModule;
}

/** The last errno of the calling thread, as reported by koffi. */
export function errno(): number {
  return koffi().errno();
}

/** Address of a buffer's first byte, as a number (user-space addresses fit in 2^53). */
export function addressOf(buf: Uint8Array): number {
  return Number(koffi().address(buf));
}

export interface Libc {
  /** process_vm_readv(pid, local, liovcnt, remote, riovcnt, flags) with raw iovec arrays. */
  processVmReadv: NativeFn;
  /** long ptrace(int request, ...): pass a type name before every extra argument. */
  ptrace: NativeFn;
  /** int waitpid(int pid, _Out_ int *status, int options) — status is a one-element array. */
  waitpid: NativeFn;
  /** long syscall(long number, ...): pass a type name before every extra argument. */
  syscall: NativeFn;
}

/** A native library's functions, declared by `declare` on the first call of the getter it returns (and koffi loaded then). */
export function onFirstUse<T>(declare: (k: KoffiModule) => T): () => T {
  let value: T | undefined;
  return () => (value ??= declare(koffi()));
}

/** libc's functions (Linux only), declared on first use. */
export const linuxLibc: () => Libc = onFirstUse((k) => {
  const lib = k.load('libc.so.6');
  return {
    processVmReadv: lib.func('process_vm_readv', 'intptr_t', ['int', 'void *', 'unsigned long', 'void *', 'unsigned long', 'unsigned long']),
    ptrace: lib.func('long ptrace(int request, ...)'),
    waitpid: lib.func('int waitpid(int pid, _Out_ int *status, int options)'),
    syscall: lib.func('long syscall(long number, ...)'),
  };
});

export const ESRCH = 3;
export const EINTR = 4;
export const EIO = 5;
export const ECHILD = 10;
export const EPERM = 1;
export const EACCES = 13;
export const EFAULT = 14;
export const EINVAL = 22;
export const ENOSYS = 38;

/** Writes a non-negative integer below 2^53 as a little-endian u64 into two u32 slots (no BigInt). */
export function putU64(arr: Uint32Array, index32: number, value: number): void {
  arr[index32] = value >>> 0;
  arr[index32 + 1] = Math.floor(value / 4294967296);
}
