/// <reference types="node" preserve="true" />

/**
 * Windows ProcessMemory: OpenProcess + ReadProcessMemory (UNTESTED: pyglass's CI is Linux only;
 * the prototypes were parse-checked with koffi).
 */
import { RangeBatch } from '../batch.js';
import { BadAddress, PermissionDenied, ProcessNotFound } from '../errors.js';
import { addressOf, koffi, type NativeFn } from '../native.js';
import type { ProcessMemory, ReadBatch } from '../types.js';

// Shaped like ../darwin/memory.ts on purpose: each untested port stays self-contained (see there).
const PROCESS_VM_READ = 0x0010;
const PROCESS_QUERY_INFORMATION = 0x0400;
const ERROR_ACCESS_DENIED = 5;

interface Kernel32 {
  openProcess: NativeFn;
  readProcessMemory: NativeFn;
  closeHandle: NativeFn;
  getLastError: NativeFn;
}
let k32: Kernel32 | undefined;

function kernel32(): Kernel32 {
  if (k32) return k32;
  const lib = koffi().load('kernel32.dll');
  k32 = {
    openProcess: lib.func('void * __stdcall OpenProcess(uint32_t dwDesiredAccess, bool bInheritHandle, uint32_t dwProcessId)'),
    readProcessMemory: lib.func('bool __stdcall ReadProcessMemory(void *hProcess, uint64_t lpBaseAddress, uint64_t lpBuffer, size_t nSize, _Out_ size_t *lpNumberOfBytesRead)'),
    closeHandle: lib.func('bool __stdcall CloseHandle(void *hObject)'),
    getLastError: lib.func('uint32_t __stdcall GetLastError()'),
  };
  return k32;
}

export class WindowsProcessMemory implements ProcessMemory {
  readonly pid: number;
  private handle: unknown;
  private readonly nread = [0];

  constructor(pid: number) {
    this.pid = pid;
    const k = kernel32();
    this.handle = k.openProcess(PROCESS_VM_READ | PROCESS_QUERY_INFORMATION, false, pid);
    if (!this.handle) {
      const e = k.getLastError() as number;
      if (e === ERROR_ACCESS_DENIED) throw new PermissionDenied(pid, e);
      throw new ProcessNotFound(pid, e);
    }
  }

  read(address: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    this.readInto(address, buf, 0, length);
    return buf;
  }

  readInto(address: number, dest: Uint8Array, destOffset = 0, length = dest.length - destOffset): void {
    if (!this.tryRead(address, dest, destOffset, length)) throw new BadAddress(this.pid, address, length);
  }

  private tryRead(address: number, dest: Uint8Array, destOffset: number, length: number): boolean {
    if (length === 0) return true;
    const ok = kernel32().readProcessMemory(this.handle, address, addressOf(dest) + destOffset, length, this.nread) as boolean;
    return ok && Number(this.nread[0]) === length;
  }

  createBatch(capacity = 64): ReadBatch {
    return new RangeBatch(capacity);
  }

  readBatch(batch: ReadBatch): number {
    if (!(batch instanceof RangeBatch)) throw new TypeError('readBatch: the batch must come from createBatch()');
    let done = 0;
    for (let i = 0; i < batch.count; i++) {
      const ok = this.tryRead(batch.addresses[i]!, batch.dests[i]!, batch.destOffsets[i]!, batch.lengths[i]!);
      batch.ok[i] = ok ? 1 : 0;
      if (ok) done++;
    }
    return done;
  }

  close(): void {
    if (this.handle) kernel32().closeHandle(this.handle);
    this.handle = null;
  }
}
