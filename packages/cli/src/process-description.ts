/**
 * What the uploads say about a profiled process besides its pid: executable, command line, Python
 * version, container and pod (from its cgroup path) and its pid in its own pid namespace, read once
 * per process through memory-reader and cached until the process is let go.
 */
import { isGoneOrHidden, openProcess } from '@pyglass/memory-reader';
import type { ProcessDescription } from '@pyglass/pyroscope';

/** `fn()`, or undefined when the process is gone or not ours to read (it is described without it). */
function readable<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (isGoneOrHidden(error)) return undefined;
    throw error;
  }
}

/** Reads what /proc says of `pid`; `runtimeVersion` is the interpreter's version when attached. */
export function readProcessDescription(pid: number, runtimeVersion?: string): ProcessDescription {
  const target = openProcess(pid);
  const container = readable(() => target.container());
  const nspids = readable(() => target.namespacePids()) ?? [];
  return {
    executablePath: readable(() => target.exe()),
    commandLine: readable(() => target.cmdline()),
    runtimeName: 'CPython',
    runtimeVersion,
    containerId: container?.id,
    podUid: container?.podUid,
    namespacePid: nspids.length > 1 ? nspids.at(-1) : undefined,
  };
}

/**
 * Where a path as process `pid` sees it opens from here (its root: a container's file system while it
 * runs): memory-reader's resolver, for the outputs that read the target's files (the HTML report's sources).
 */
export function targetHostPath(pid: number, path: string): string {
  return openProcess(pid).hostPath(path);
}

/** Descriptions by pid, read on first use. */
export class ProcessDescriptions {
  private readonly known = new Map<number, ProcessDescription>();

  constructor(private readonly runtimeVersion: (pid: number) => string | undefined) {}

  get(pid: number): ProcessDescription {
    let d = this.known.get(pid);
    if (d === undefined) this.known.set(pid, (d = readProcessDescription(pid, this.runtimeVersion(pid))));
    return d;
  }

  /** Remembers a description read elsewhere (the agent reads it when it discovers a process). */
  set(pid: number, description: ProcessDescription): void {
    this.known.set(pid, description);
  }

  /** The process was let go: its pid may come back as another process. */
  forget(pid: number): void {
    this.known.delete(pid);
  }
}
