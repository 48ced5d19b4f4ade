/// <reference types="node" preserve="true" />

/**
 * macOS ProcessMemory: task_for_pid + mach_vm_read_overwrite (UNTESTED: pyglass's CI is Linux
 * only; the prototypes were parse-checked with koffi). Needs root or the debugger entitlement.
 */
import { RangeBatch } from '../batch.js';
import { BadAddress, MemoryReaderError, PermissionDenied } from '../errors.js';
import { addressOf, koffi, type NativeFn } from '../native.js';
import type { ProcessMemory, ReadBatch } from '../types.js';

// Shaped like ../windows/memory.ts on purpose (constants, a lazily loaded library, a RangeBatch reader):
// each untested port stays self-contained rather than sharing a base no test exercises.
const KERN_SUCCESS = 0;
const KERN_INVALID_ADDRESS = 1;
const KERN_PROTECTION_FAILURE = 2;

interface Mach {
  selfTask: number;
  taskForPid: NativeFn;
  readOverwrite: NativeFn;
}
let mach: Mach | undefined;

function machLib(): Mach {
  if (mach) return mach;
  const k = koffi();
  const sys = k.load('/usr/lib/libSystem.B.dylib');
  mach = {
    selfTask: k.decode(sys.symbol('mach_task_self_'), 'uint32_t') as number,
    taskForPid: sys.func('int task_for_pid(uint32_t target_tport, int pid, _Out_ uint32_t *task)'),
    readOverwrite: sys.func('int mach_vm_read_overwrite(uint32_t target_task, uint64_t address, uint64_t size, uint64_t data, _Out_ uint64_t *outsize)'),
  };
  return mach;
}

export class DarwinProcessMemory implements ProcessMemory {
  readonly pid: number;
  private readonly task: number;
  private readonly outSize = [0];

  constructor(pid: number) {
    this.pid = pid;
    const m = machLib();
    const t = [0];
    const kr = m.taskForPid(m.selfTask, pid, t) as number;
    if (kr !== KERN_SUCCESS) throw new PermissionDenied(pid, kr);
    this.task = t[0]!;
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
    const kr = machLib().readOverwrite(this.task, address, length, addressOf(dest) + destOffset, this.outSize) as number;
    if (kr === KERN_SUCCESS) return Number(this.outSize[0]) === length;
    if (kr === KERN_INVALID_ADDRESS || kr === KERN_PROTECTION_FAILURE) return false;
    throw new MemoryReaderError(`mach_vm_read_overwrite on process ${this.pid} failed with kern_return ${kr}`, this.pid, kr);
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

  close(): void {}
}
