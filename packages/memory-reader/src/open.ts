/// <reference types="node" preserve="true" />

import { DarwinProcessMemory } from './darwin/memory.js';
import { MemoryReaderError } from './errors.js';
import { LiveProcessMemory, type OpenOptions } from './linux/memory.js';
import type { ProcessMemory } from './types.js';
import { WindowsProcessMemory } from './windows/memory.js';

/** A ProcessMemory holding OS resources (an fd, a task port, a handle) released by `close()`. */
export interface ClosableProcessMemory extends ProcessMemory {
  close(): void;
}

/**
 * Opens a live process for reading: process_vm_readv (falling back to /proc/PID/mem) on Linux,
 * task_for_pid on macOS, OpenProcess on Windows. Throws ProcessNotFound / PermissionDenied.
 */
export function openProcessMemory(pid: number, options?: OpenOptions): ClosableProcessMemory {
  switch (process.platform) {
    case 'linux':
      return new LiveProcessMemory(pid, options);
    case 'darwin':
      return new DarwinProcessMemory(pid);
    case 'win32':
      return new WindowsProcessMemory(pid);
    default:
      throw new MemoryReaderError(`Reading process memory is not supported on ${process.platform}`, pid);
  }
}

/** Reads `length` bytes at `address` of process `pid` (opens and closes the process each time). */
export function readMemory(pid: number, address: number, length: number): Buffer {
  const mem = openProcessMemory(pid);
  try {
    return mem.read(address, length);
  } finally {
    mem.close();
  }
}
