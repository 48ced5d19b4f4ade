/** Linux's TargetProcess (see ../process.ts): /proc, process_vm_readv and ptrace, through this folder's modules. */
import type { ProcessLock, TargetProcess, ThreadRunStates } from '../process.js';
import type { ClosableProcessMemory } from '../open.js';
import type { ContainerInfo, MemoryMap } from '../types.js';
import { namespacePids, processContainer } from './container.js';
import { hostPathFor, mappedFilePath, processCwd, processExeLink, processRoot } from './host-path.js';
import { lockProcess } from './lock.js';
import { LiveProcessMemory, type OpenOptions } from './memory.js';
import { isDifferentMountNamespace, listThreads, processCmdline, processExe, readMaps } from './proc.js';
import { ThreadStateReader } from './status.js';

export class LinuxProcess implements TargetProcess {
  private mem: LiveProcessMemory | undefined;
  constructor(readonly pid: number, private readonly options: OpenOptions = {}) {}

  memory(): ClosableProcessMemory {
    return (this.mem ??= new LiveProcessMemory(this.pid, this.options));
  }

  maps(): MemoryMap[] {
    return readMaps(this.pid);
  }

  threads(): number[] {
    return listThreads(this.pid);
  }

  runStates(): ThreadRunStates {
    return new ThreadStateReader(this.pid);
  }

  cmdline(): string[] {
    return processCmdline(this.pid);
  }

  exe(): string {
    return processExe(this.pid);
  }

  exeLink(): string {
    return processExeLink(this.pid);
  }

  root(): string {
    return processRoot(this.pid);
  }

  cwd(): string {
    return processCwd(this.pid);
  }

  hostPath(path: string): string {
    return hostPathFor(this.pid, path);
  }

  mappedFile(map: Pick<MemoryMap, 'path' | 'inode' | 'start' | 'end'>, root?: string): string {
    return mappedFilePath(this.pid, map, root);
  }

  namespacePids(): number[] {
    return namespacePids(this.pid);
  }

  differentMountNamespace(): boolean {
    return isDifferentMountNamespace(this.pid);
  }

  container(): ContainerInfo | undefined {
    return processContainer(this.pid);
  }

  lock(): ProcessLock {
    return lockProcess(this.pid);
  }

  close(): void {
    this.mem?.close();
    this.mem = undefined;
  }
}
