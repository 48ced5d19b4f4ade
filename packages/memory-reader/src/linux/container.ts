/**
 * Which container a process runs in, from its cgroup path (/proc/PID/cgroup), and its pid inside
 * its own pid namespace (NSpid in /proc/PID/status). The parsers are pure (unit-tested over the
 * path shapes of each runtime); `processContainer` and `namespacePids` read the live files.
 */
import type { ContainerInfo, ContainerRuntime } from '../types.js';
import { readProc } from './proc.js';

const hex64 = /^[0-9a-f]{64}$/;
/** `docker-ID.scope`, `cri-containerd-ID.scope`, `crio-ID.scope`, `libpod-ID.scope` (systemd cgroup driver). */
const scopeUnit = /^(docker|cri-containerd|crio|libpod)-([0-9a-f]{64})\.scope$/;
const scopeRuntime: Record<string, ContainerRuntime> = { docker: 'docker', 'cri-containerd': 'containerd', crio: 'cri-o', libpod: 'podman' };
/** `pod<uid>` (cgroupfs driver) or `kubepods-<qos>-pod<uid with _>.slice` / `kubepods-pod<uid>.slice` (systemd driver). */
const podSegment = /^(?:pod|kubepods(?:-[a-z]+)?-pod)([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/;
/** systemd-nspawn: `systemd-nspawn@NAME.service` (with `machine.slice`), or `machine-NAME.scope` (machinectl, with escapes). */
const nspawnService = /^systemd-nspawn@(.+)\.service$/;
const machineScope = /^machine-(.+)\.scope$/;

/** systemd's unit-name escapes (`\x2d` for '-'). */
function unescapeUnit(name: string): string {
  return name.replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The container named by one cgroup path, if any. */
export function containerFromCgroupPath(path: string): ContainerInfo | undefined {
  const segments = path.split('/').filter((s) => s !== '');
  let podUid: string | undefined;
  let kubepods = false;
  for (const s of segments) {
    if (s === 'kubepods' || s.startsWith('kubepods.') || s.startsWith('kubepods-')) kubepods = true;
    const pod = kubepods ? podSegment.exec(s) : null;
    if (pod !== null) podUid = pod[1]!.replaceAll('_', '-');
  }
  // the deepest segment that names a container: a runtime's own sub-cgroups (e.g. nspawn's payload) come after it
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    const scope = scopeUnit.exec(s);
    if (scope !== null) return { id: scope[2]!, runtime: scopeRuntime[scope[1]!]!, podUid, cgroupPath: path };
    if (hex64.test(s)) {
      const parent = segments[i - 1];
      const runtime: ContainerRuntime = kubepods ? 'kubernetes' : parent === 'docker' ? 'docker' : parent === 'libpod_parent' ? 'podman' : 'unknown';
      return { id: s, runtime, podUid, cgroupPath: path };
    }
    const nspawn = nspawnService.exec(s) ?? (segments[i - 1] === 'machine.slice' ? machineScope.exec(s) : null);
    if (nspawn !== null) return { id: unescapeUnit(nspawn[1]!), runtime: 'systemd-nspawn', podUid, cgroupPath: path };
  }
  return undefined;
}

/**
 * The container of a process from the text of /proc/PID/cgroup (`ID:CONTROLLERS:PATH` lines, v1 and
 * v2): the unified (v2, `0::`) path first, then the v1 hierarchies in order. Undefined when no path
 * names a container (a process of the host).
 */
export function parseContainerFromCgroup(text: string): ContainerInfo | undefined {
  const paths: string[] = [];
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = first < 0 ? -1 : line.indexOf(':', first + 1);
    if (second < 0) continue;
    const path = line.slice(second + 1);
    if (line.slice(0, second) === '0:') paths.unshift(path);
    else paths.push(path);
  }
  for (const path of paths) {
    const found = containerFromCgroupPath(path);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The `NSpid:` line of /proc/PID/status: the pid in each pid namespace the process is in, outermost
 * (the reader's own) first, its own namespace's last. Empty when the kernel has no such line (< 4.1).
 */
export function parseNamespacePids(statusText: string): number[] {
  const m = /^NSpid:\s*([0-9\s]+)$/m.exec(statusText);
  if (m === null) return [];
  return m[1]!.trim().split(/\s+/).map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

/** The container a live process runs in, or undefined on the host. Throws ProcessNotFound / PermissionDenied. */
export function processContainer(pid: number): ContainerInfo | undefined {
  return parseContainerFromCgroup(readProc(pid, 'cgroup'));
}

/** A live process's pid in each nested pid namespace (see parseNamespacePids). Throws ProcessNotFound / PermissionDenied. */
export function namespacePids(pid: number): number[] {
  return parseNamespacePids(readProc(pid, 'status'));
}
