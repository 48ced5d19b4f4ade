/// <reference types="node" preserve="true" />

/**
 * macOS ProcessMemory: task_for_pid + mach_vm_read_overwrite (UNTESTED: pyglass's CI is Linux
 * only; the prototypes were parse-checked with koffi). Needs root or the debugger entitlement.
 */
import { MemoryReaderError, PermissionDenied } from '../errors.js';
import { addressOf, onFirstUse } from '../native.js';
import { RangeReadMemory } from '../range-memory.js';

// Reads, batches and their bookkeeping are RangeReadMemory's (tested on Linux): this file is the system calls.
const KERN_SUCCESS = 0;
const KERN_INVALID_ADDRESS = 1;
const KERN_PROTECTION_FAILURE = 2;

/** libSystem's Mach calls, declared on first use. */
const machLib = onFirstUse((k) => {
  const sys = k.load('/usr/lib/libSystem.B.dylib');
  return {
    selfTask: k.decode(sys.symbol('mach_task_self_'), 'uint32_t') as number,
    taskForPid: sys.func('int task_for_pid(uint32_t target_tport, int pid, _Out_ uint32_t *task)'),
    readOverwrite: sys.func('int mach_vm_read_overwrite(uint32_t target_task, uint64_t address, uint64_t size, uint64_t data, _Out_ uint64_t *outsize)'),
  };
});

export class DarwinProcessMemory extends RangeReadMemory {
  private readonly task: number;
  private readonly outSize = [0];

  constructor(pid: number) {
    super(pid);
    const m = machLib();
    const t = [0];
    const kr = m.taskForPid(m.selfTask, pid, t) as number;
    if (kr !== KERN_SUCCESS) throw new PermissionDenied(pid, kr);
    this.task = t[0]!;
  }

  protected readRange(address: number, dest: Uint8Array, destOffset: number, length: number): boolean {
    const kr = machLib().readOverwrite(this.task, address, length, addressOf(dest) + destOffset, this.outSize) as number;
    if (kr === KERN_SUCCESS) return Number(this.outSize[0]) === length;
    if (kr === KERN_INVALID_ADDRESS || kr === KERN_PROTECTION_FAILURE) return false;
    throw new MemoryReaderError(`mach_vm_read_overwrite on process ${this.pid} failed with kern_return ${kr}`, this.pid, kr);
  }

  close(): void {}
}
