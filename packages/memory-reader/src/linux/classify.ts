/**
 * Why a pid cannot be profiled, decided from what /proc says about it (Linux): a kernel thread, a
 * zombie, another user's process we may not trace, a pid not visible from our pid namespace. Each
 * gets its own typed error and one-line message instead of a misleading "not found".
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { KernelThread, OtherUsersProcess, PermissionDenied, PidNotVisible, ProcessNotFound, ZombieProcess } from '../errors.js';
import { isGoneErrno, isGoneOrHiddenErrno } from './errno.js';
import { parseStat, parseStatFlags } from './stat.js';

/** PF_KTHREAD in include/linux/sched.h: the task is a kernel thread. */
const PF_KTHREAD = 0x00200000;
/** Capability number of CAP_SYS_PTRACE (bit in CapEff). */
const CAP_SYS_PTRACE = 19;

/** What /proc says about a process, for deciding whether it can be profiled. */
export interface ProcessFacts {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** A kernel thread (PF_KTHREAD): no executable, no user memory. */
  kernelThread: boolean;
  /** Exited, waiting to be reaped: every thread is a zombie (a zombie leader with live threads is not). */
  zombie: boolean;
  /** Real, effective, saved and file-system uids. */
  uids: number[];
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    // EINVAL: /proc/self/attr/current without a security module
    if (isGoneOrHiddenErrno(e) || (e as NodeJS.ErrnoException).code === 'EINVAL') return undefined;
    throw e;
  }
}

function statusField(status: string, field: string): string | undefined {
  const line = status.split('\n').find((l) => l.startsWith(`${field}:`));
  return line?.slice(field.length + 1).trim();
}

/** The facts about `pid`, or undefined when /proc has no such process (from where we stand). */
export function processFacts(pid: number): ProcessFacts | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const { comm, state, ppid } = parseStat(stat);
  const status = readText(`/proc/${pid}/status`) ?? '';
  const uids = (statusField(status, 'Uid') ?? '').split(/\s+/).filter(Boolean).map(Number);
  let zombie = state === 'Z' || state === 'X';
  if (zombie) {
    // every thread a zombie; a thread gone meanwhile counts as one
    try {
      zombie = readdirSync(`/proc/${pid}/task`).every((tid) => {
        const line = readText(`/proc/${pid}/task/${tid}/stat`);
        const s = line === undefined ? 'X' : parseStat(line).state;
        return s === 'Z' || s === 'X';
      });
    } catch (e) {
      if (!isGoneErrno(e)) throw e;
    }
  }
  return { pid, comm, state, ppid, kernelThread: (parseStatFlags(stat) & PF_KTHREAD) !== 0, zombie, uids };
}

/** True when this process holds CAP_SYS_PTRACE (root normally does). */
function canTraceAnyone(): boolean {
  const capEff = statusField(readText('/proc/self/status') ?? '', 'CapEff');
  if (capEff === undefined) return process.geteuid?.() === 0;
  return ((BigInt(`0x${capEff}`) >> BigInt(CAP_SYS_PTRACE)) & 1n) === 1n;
}

function userName(uid: number): string | undefined {
  for (const line of (readText('/etc/passwd') ?? '').split('\n')) {
    const [name, , id] = line.split(':');
    if (name && Number(id) === uid) return name;
  }
  return undefined;
}

/** True when /proc is mounted with hidepid (other users' processes hidden) and we are not root. */
function hidesOtherUsers(): boolean {
  if (process.geteuid?.() === 0) return false;
  const procMount = (readText('/proc/self/mountinfo') ?? '').split('\n').find((l) => l.split(' ')[4] === '/proc');
  return procMount !== undefined && /\bhidepid=(?!0\b|off\b)/.test(procMount);
}

/**
 * Why we cannot see `pid` although it may exist: our pid namespace is nested (a container), or
 * /proc is mounted with hidepid and we are not root. Undefined when we see every process.
 */
function invisibilityReason(): string | undefined {
  const nspid = statusField(readText('/proc/self/status') ?? '', 'NSpid')?.split(/\s+/).filter(Boolean) ?? [];
  // Kernel threads live only in the initial pid namespace, where kthreadd is pid 2: when it is not
  // there, our /proc shows a nested namespace (a container with its own /proc shows one NSpid only).
  if (nspid.length > 1 || (!hidesOtherUsers() && processFacts(2)?.kernelThread !== true)) {
    const ours = nspid.length > 1 ? ` (its own pid is ${nspid.at(-1)} here, ${nspid[0]} outside)` : '';
    return `pyglass runs in a nested pid namespace, a container${ours}, where only that namespace's processes are visible: give the pid as seen from here, or run pyglass in the target's pid namespace (on the host, or with nsenter)`;
  }
  if (hidesOtherUsers()) {
    return "/proc is mounted with hidepid, which hides other users' processes: check the pid, or run pyglass as root or as the process's owner";
  }
  return undefined;
}

/** ProcessNotFound, or PidNotVisible when the pid may exist where we cannot see it. */
export function notFound(pid: number): ProcessNotFound {
  const why = invisibilityReason();
  return why ? new PidNotVisible(pid, why) : new ProcessNotFound(pid);
}

/**
 * The permission error for `pid`, with the cause found: OtherUsersProcess when it belongs to another
 * user and we may not trace other users' processes, else a PermissionDenied that says why (see
 * permissionCause).
 */
export function permissionDenied(pid: number, errno?: number, what = 'reading'): PermissionDenied {
  return otherUsersProcess(pid, errno, what) ?? new PermissionDenied(pid, errno, what, permissionCause(pid, canTraceAnyone(), what));
}

/** OtherUsersProcess when `pid` belongs to another user and we may not trace other users' processes. */
function otherUsersProcess(pid: number, errno?: number, what = 'reading'): OtherUsersProcess | undefined {
  const facts = processFacts(pid);
  const us = process.geteuid?.();
  if (facts && us !== undefined && facts.uids.length > 0 && facts.uids.some((u) => u !== us) && !canTraceAnyone()) {
    const owner = facts.uids[1] ?? facts.uids[0]!;
    return new OtherUsersProcess(pid, owner, userName(owner), us, errno, what);
  }
  return undefined;
}

/** The pid tracing `pid` (TracerPid of /proc/PID/status) and its name, when it is not us. */
export function tracerOfProcess(pid: number): { pid: number; name: string } | undefined {
  const tracer = Number(statusField(readText(`/proc/${pid}/status`) ?? '', 'TracerPid') ?? 0);
  if (!tracer || tracer === process.pid) return undefined;
  return { pid: tracer, name: readText(`/proc/${tracer}/comm`)?.trim() ?? '' };
}

/**
 * Why the kernel refused, from what this machine says: another tracer, Yama's ptrace_scope (only
 * when the file exists), root without CAP_SYS_PTRACE, a user namespace, seccomp or a security module.
 * Ends with what to try.
 */
export function permissionCause(pid: number, privileged: boolean, what: string): string {
  const tracer = tracerOfProcess(pid);
  if (tracer) {
    return `it is being traced by process ${tracer.pid}${tracer.name ? ` (${tracer.name})` : ''}, and only one debugger or profiler can attach at a time: stop that one${what === 'pausing' ? ', or use --nonblocking' : ''}`;
  }
  const yama = readText('/proc/sys/kernel/yama/ptrace_scope')?.trim();
  if (yama === '3') return 'ptrace is disabled on this machine until reboot (/proc/sys/kernel/yama/ptrace_scope is 3)';
  const root = process.geteuid?.() === 0;
  if (!privileged) {
    if (yama === '2') return 'only processes with CAP_SYS_PTRACE may trace others here (/proc/sys/kernel/yama/ptrace_scope is 2): run as root or grant CAP_SYS_PTRACE';
    if (yama === '1') {
      return 'an unprivileged user may trace only its own child processes here (/proc/sys/kernel/yama/ptrace_scope is 1): run as root, grant CAP_SYS_PTRACE, or let pyglass launch the program (pyglass record -- python3 app.py)';
    }
    if (root) return 'pyglass runs as root but without CAP_SYS_PTRACE, which containers drop by default: add it (docker run --cap-add SYS_PTRACE; Kubernetes: securityContext.capabilities.add: ["SYS_PTRACE"])';
    return 'run as root or grant CAP_SYS_PTRACE (inside Docker add --cap-add SYS_PTRACE)';
  }
  if (what === 'pausing') {
    // reading worked (attaching reads first), so ptrace itself was refused: almost always another
    // tracer that paused the process at that moment and has let go since
    return 'another debugger or profiler (a second pyglass or py-spy on this process, gdb, strace) held it at that moment, and only one can pause a process at a time: stop the other one, or use --nonblocking';
  }
  const self = readText('/proc/self/status') ?? '';
  const uidMap = readText('/proc/self/uid_map')?.trim().split(/\s+/);
  if (uidMap && !(uidMap[0] === '0' && uidMap[1] === '0' && uidMap[2] === '4294967295')) {
    return 'pyglass is root only inside a user namespace (a rootless container), which gives it no rights over processes outside it: run pyglass in the target\'s container or on the host';
  }
  if ((statusField(self, 'Seccomp') ?? '0') !== '0') {
    return 'although pyglass runs with CAP_SYS_PTRACE, a seccomp filter on pyglass refuses ptrace and process_vm_readv (a container\'s default profile): run it with a profile that allows them (docker run --security-opt seccomp=unconfined)';
  }
  const confinement = readText('/proc/self/attr/current')?.replace(/\0/g, '').trim();
  const lsm = readText('/sys/kernel/security/lsm')?.trim();
  const policy = confinement && confinement !== 'unconfined' ? `the security module's policy pyglass runs under (${confinement})` : lsm ? `a security module (${lsm.split(',').filter((m) => /apparmor|selinux|smack|tomoyo|landlock/.test(m)).join(', ') || lsm})` : 'a security module (AppArmor, SELinux)';
  return `pyglass runs as ${root ? 'root ' : ''}with CAP_SYS_PTRACE, so the refusal comes from ${policy}, or the process is in a user namespace pyglass has no rights in (another container's): run pyglass inside the target's container, or allow ptrace in that policy`;
}

/**
 * Throws the typed reason why `pid` cannot be profiled: ProcessNotFound (or PidNotVisible),
 * KernelThread, ZombieProcess or OtherUsersProcess. Returns the facts when none applies.
 */
export function checkSamplable(pid: number): ProcessFacts {
  const facts = processFacts(pid);
  if (!facts) {
    // /proc/PID unreadable although present: permission, not absence
    if (Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`)) throw permissionDenied(pid);
    throw notFound(pid);
  }
  if (facts.kernelThread) throw new KernelThread(pid, facts.comm);
  if (facts.zombie) throw new ZombieProcess(pid, facts.comm, facts.ppid);
  const denied = otherUsersProcess(pid);
  if (denied) throw denied;
  return facts;
}
