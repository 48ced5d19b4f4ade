/**
 * A process to profile, as every platform gives it: its memory, maps, threads and their run states,
 * command line, executable, root and the files it maps, namespaces, container, and a lock that
 * pauses it. `openProcess` (./platform.ts) picks the platform's implementation.
 */
import type { ClosableProcessMemory } from './open.js';
import type { ContainerInfo, MemoryMap } from './types.js';

/** A paused process: every thread stopped until `unlock()`. */
export interface ProcessLock {
  readonly pid: number;
  /** Thread ids that are stopped under this lock. */
  readonly threads: readonly number[];
  /** False once unlocked. */
  readonly locked: boolean;
  /** Resumes (detaches) every thread. Idempotent; never throws. */
  unlock(): void;
}

/** Whether each thread of a process is on a CPU, asked every sample: what it keeps open stays open until `close()`. */
export interface ThreadRunStates {
  /** True when the thread is running (on a CPU or runnable); a thread gone, exited or unreadable counts as running (it needs a read). */
  isRunning(tid: number): boolean;
  /** Forgets the threads not in `live` (tids). */
  retain(live: Iterable<number>): void;
  close(): void;
}

/**
 * One target process. Nothing is read when it is opened; each method reads what it says when called
 * and throws ProcessNotFound / PermissionDenied (`isGoneOrHidden`) once the process is gone or hidden.
 */
export interface TargetProcess {
  readonly pid: number;
  /** Its memory, opened on first use (which checks it can be profiled: a typed error says why not) and kept until `close()`. */
  memory(): ClosableProcessMemory;
  /** Its memory maps, read now. */
  maps(): MemoryMap[];
  /** Its thread ids, ascending. */
  threads(): number[];
  /** A reader of its threads' run states (the caller closes it; `close()` does not). */
  runStates(): ThreadRunStates;
  /** Its command line. */
  cmdline(): string[];
  /** Its executable's path, as the kernel prints it: from our root when the file is reachable from it (a chroot), else as it sees it. */
  exe(): string;
  /** A path that opens its executable from here (also when the file was deleted or is in another root). */
  exeLink(): string;
  /** Its root directory as seen from here: paths it sees resolve under it. */
  root(): string;
  /** Its working directory as seen from here: relative paths it uses resolve under it. */
  cwd(): string;
  /** A path as it sees it (absolute: under its root; relative: under its working directory), reachable from here. */
  hostPath(path: string): string;
  /** A path from which the file behind one of its mappings opens here (`root` replaces its root, e.g. a core file's sysroot). */
  mappedFile(map: Pick<MemoryMap, 'path' | 'inode' | 'start' | 'end'>, root?: string): string;
  /** Its pid in each nested pid namespace, outermost first (the last is the pid it sees for itself). */
  namespacePids(): number[];
  /** True when it sees another file system tree than ours (another mount namespace); false when unknown. */
  differentMountNamespace(): boolean;
  /** The container it runs in, or undefined on the host. */
  container(): ContainerInfo | undefined;
  /** Pauses every thread until the lock's `unlock()`. */
  lock(): ProcessLock;
  /** Releases what it holds (its memory). Idempotent. */
  close(): void;
}
