/**
 * Which platform this machine is: the one place a platform's implementation is picked. Linux's is
 * the `linux/` folder, over /proc, process_vm_readv and ptrace; a port adds its folder and one line
 * in `platforms` (see the README's "Adding a platform").
 */
import { MemoryReaderError } from './errors.js';
import type { OpenOptions } from './linux/memory.js';
import { LinuxProcess } from './linux/process.js';
import type { TargetProcess } from './process.js';

/** Each platform's process object, by `process.platform`: the one line a port adds. */
const platforms: Partial<Record<NodeJS.Platform, (pid: number, options?: OpenOptions) => TargetProcess>> = {
  linux: (pid, options) => new LinuxProcess(pid, options),
};

/** Opens process `pid` of this machine (reads nothing yet). Throws MemoryReaderError on a platform without a port. */
export function openProcess(pid: number, options?: OpenOptions): TargetProcess {
  const open = platforms[process.platform];
  if (open === undefined) throw new MemoryReaderError(`Profiling a process is not supported on ${process.platform}: pyglass runs on Linux`, pid);
  return open(pid, options);
}
