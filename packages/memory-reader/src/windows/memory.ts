/// <reference types="node" preserve="true" />

/**
 * Windows ProcessMemory: OpenProcess + ReadProcessMemory (UNTESTED: pyglass's CI is Linux only;
 * the prototypes were parse-checked with koffi).
 */
import { PermissionDenied, ProcessNotFound } from '../errors.js';
import { addressOf, onFirstUse } from '../native.js';
import { RangeReadMemory } from '../range-memory.js';

// Reads, batches and their bookkeeping are RangeReadMemory's (tested on Linux): this file is the system calls.
const PROCESS_VM_READ = 0x0010;
const PROCESS_QUERY_INFORMATION = 0x0400;
const ERROR_ACCESS_DENIED = 5;

/** kernel32's process and memory calls, declared on first use. */
const kernel32 = onFirstUse((k) => {
  const lib = k.load('kernel32.dll');
  return {
    openProcess: lib.func('void * __stdcall OpenProcess(uint32_t dwDesiredAccess, bool bInheritHandle, uint32_t dwProcessId)'),
    readProcessMemory: lib.func('bool __stdcall ReadProcessMemory(void *hProcess, uint64_t lpBaseAddress, uint64_t lpBuffer, size_t nSize, _Out_ size_t *lpNumberOfBytesRead)'),
    closeHandle: lib.func('bool __stdcall CloseHandle(void *hObject)'),
    getLastError: lib.func('uint32_t __stdcall GetLastError()'),
  };
});

export class WindowsProcessMemory extends RangeReadMemory {
  private handle: unknown;
  private readonly nread = [0];

  constructor(pid: number) {
    super(pid);
    const k = kernel32();
    this.handle = k.openProcess(PROCESS_VM_READ | PROCESS_QUERY_INFORMATION, false, pid);
    if (!this.handle) {
      const e = k.getLastError() as number;
      if (e === ERROR_ACCESS_DENIED) throw new PermissionDenied(pid, e);
      throw new ProcessNotFound(pid, e);
    }
  }

  protected readRange(address: number, dest: Uint8Array, destOffset: number, length: number): boolean {
    const ok = kernel32().readProcessMemory(this.handle, address, addressOf(dest) + destOffset, length, this.nread) as boolean;
    return ok && Number(this.nread[0]) === length;
  }

  close(): void {
    if (this.handle) kernel32().closeHandle(this.handle);
    this.handle = null;
  }
}
