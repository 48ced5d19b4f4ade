/**
 * Which processes the agent profiles: Python interpreters (by executable name, or a libpython
 * mapping for embedded ones) whose command line matches --match and whose container (from the
 * cgroup path) passes --match-container / --exclude-container. Verdicts are cached per
 * (pid, executable), so a steady host costs one directory listing per scan.
 */
import { type ContainerInfo, isGoneOrHidden, listProcessIds, openProcess, type TargetProcess } from '@pyglass/memory-reader';

export interface Candidate {
  pid: number;
  args: string[];
  commandLine: string;
  /** The container it runs in, undefined on the host. */
  container: ContainerInfo | undefined;
}

/** --match-container / --exclude-container: lowercase id prefixes (empty: no such filter). */
export interface ContainerFilter {
  match: readonly string[];
  exclude: readonly string[];
}

/** Whether a process in `container` (undefined: the host) passes the filter. */
export function containerSelected(container: ContainerInfo | undefined, filter: ContainerFilter): boolean {
  const id = container?.id.toLowerCase();
  if (filter.match.length > 0 && (id === undefined || !filter.match.some((p) => id.startsWith(p)))) return false;
  if (id !== undefined && filter.exclude.some((p) => id.startsWith(p))) return false;
  return true;
}

const pythonExe = /^(python|pypy)[0-9.]*[a-z]*$/;
const libpython = /\/libpython[0-9.]+[a-z]*\.so/;

export class ProcessDiscovery {
  /** pid → executable it had when judged not to be a candidate (an exec changes it). */
  private readonly notCandidates = new Map<number, string>();

  constructor(
    private readonly match: RegExp | undefined,
    private readonly ownPid: number,
    private readonly containers: ContainerFilter = { match: [], exclude: [] },
  ) {}

  /** Processes not in `known` that look like Python and match; drops verdicts of pids that are gone. */
  scan(known: ReadonlySet<number>): Candidate[] {
    const pids = listProcessIds();
    const alive = new Set(pids);
    for (const pid of this.notCandidates.keys()) if (!alive.has(pid)) this.notCandidates.delete(pid);
    const found: Candidate[] = [];
    for (const pid of pids) {
      if (pid === this.ownPid || known.has(pid)) continue;
      const candidate = this.inspect(pid);
      if (candidate !== undefined) found.push(candidate);
    }
    return found;
  }

  /** Not to be offered again while it runs the same executable (attaching failed for good). */
  reject(pid: number): void {
    try {
      this.notCandidates.set(pid, openProcess(pid).exe());
    } catch (error) {
      if (!(isGoneOrHidden(error))) throw error;
    }
  }

  private inspect(pid: number): Candidate | undefined {
    let exe: string;
    let args: string[];
    let container: ContainerInfo | undefined;
    const target = openProcess(pid);
    try {
      exe = target.exe();
      if (this.notCandidates.get(pid) === exe) return undefined;
      args = target.cmdline();
      container = target.container();
    } catch (error) {
      // gone meanwhile, a kernel thread (no executable), or not ours to read: not a candidate now
      if (isGoneOrHidden(error)) return undefined;
      throw error;
    }
    const commandLine = args.join(' ');
    const looksPython = pythonExe.test(exe.split('/').pop() ?? '') || hasLibpython(target);
    if (!looksPython || (this.match !== undefined && !this.match.test(commandLine)) || !containerSelected(container, this.containers)) {
      this.notCandidates.set(pid, exe);
      return undefined;
    }
    return { pid, args, commandLine, container };
  }
}

function hasLibpython(target: TargetProcess): boolean {
  try {
    return target.maps().some((m) => libpython.test(m.path));
  } catch (error) {
    if (isGoneOrHidden(error)) return false;
    throw error;
  }
}
