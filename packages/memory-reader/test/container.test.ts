import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { TestCgroups } from '../../../tools/testing/cgroups.js';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { containerFromCgroupPath, namespacePids, parseContainerFromCgroup, parseNamespacePids, processContainer, ProcessNotFound } from '../src/index.js';

const id = 'a'.repeat(16) + '0123456789abcdef'.repeat(3);
const uid = '1f3a2b4c-5d6e-4f70-8192-a3b4c5d6e7f8';
const uidSystemd = uid.replaceAll('-', '_');

describe('containerFromCgroupPath', () => {
  const shapes: Array<[string, string, ReturnType<typeof containerFromCgroupPath>]> = [
    ['Docker, cgroupfs driver (v1)', `/docker/${id}`, { id, runtime: 'docker', podUid: undefined, cgroupPath: `/docker/${id}` }],
    ['Docker, systemd driver (v2)', `/system.slice/docker-${id}.scope`, { id, runtime: 'docker', podUid: undefined, cgroupPath: `/system.slice/docker-${id}.scope` }],
    ['Kubernetes, cgroupfs driver', `/kubepods/burstable/pod${uid}/${id}`, { id, runtime: 'kubernetes', podUid: uid, cgroupPath: `/kubepods/burstable/pod${uid}/${id}` }],
    ['Kubernetes guaranteed QoS, cgroupfs', `/kubepods/pod${uid}/${id}`, { id, runtime: 'kubernetes', podUid: uid, cgroupPath: `/kubepods/pod${uid}/${id}` }],
    [
      'containerd CRI, systemd driver',
      `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${uidSystemd}.slice/cri-containerd-${id}.scope`,
      { id, runtime: 'containerd', podUid: uid, cgroupPath: `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${uidSystemd}.slice/cri-containerd-${id}.scope` },
    ],
    [
      'CRI-O, systemd driver, guaranteed pod',
      `/kubepods.slice/kubepods-pod${uidSystemd}.slice/crio-${id}.scope`,
      { id, runtime: 'cri-o', podUid: uid, cgroupPath: `/kubepods.slice/kubepods-pod${uidSystemd}.slice/crio-${id}.scope` },
    ],
    ['Podman', `/machine.slice/libpod-${id}.scope`, { id, runtime: 'podman', podUid: undefined, cgroupPath: `/machine.slice/libpod-${id}.scope` }],
    ['Podman, rootless (user slice)', `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${id}.scope/container`, {
      id, runtime: 'podman', podUid: undefined, cgroupPath: `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${id}.scope/container`,
    }],
    ['Podman, cgroupfs driver', `/libpod_parent/${id}`, { id, runtime: 'podman', podUid: undefined, cgroupPath: `/libpod_parent/${id}` }],
    ['systemd-nspawn service', '/machine.slice/systemd-nspawn@web.service/payload', { id: 'web', runtime: 'systemd-nspawn', podUid: undefined, cgroupPath: '/machine.slice/systemd-nspawn@web.service/payload' }],
    ['machinectl scope (escaped)', '/machine.slice/machine-my\\x2dbox.scope', { id: 'my-box', runtime: 'systemd-nspawn', podUid: undefined, cgroupPath: '/machine.slice/machine-my\\x2dbox.scope' }],
    ['Docker in a nested cgroup namespace', `/actions_job/${id}`, { id, runtime: 'unknown', podUid: undefined, cgroupPath: `/actions_job/${id}` }],
  ];
  for (const [name, path, expected] of shapes) {
    it(name, () => expect(containerFromCgroupPath(path)).toEqual(expected));
  }

  it('host paths name no container', () => {
    for (const path of ['/', '/user.slice/user-0.slice/session-1.scope', '/system.slice/sshd.service', '/init.scope', `/process_api/${'f'.repeat(32)}`, `/docker/${id.slice(1)}`, `/system.slice/docker-${id}.scope.bak`, `/machine.slice/libpod-conmon-${id}.scope`]) {
      expect(containerFromCgroupPath(path), path).toBeUndefined();
    }
  });

  it('a pod uid outside kubepods is not taken', () => {
    expect(containerFromCgroupPath(`/pod${uid}/${id}`)?.podUid).toBeUndefined();
  });
});

describe('parseContainerFromCgroup', () => {
  it('cgroup v1 (several hierarchies, the container in some)', () => {
    const text = ['12:pids:/docker/' + id, '11:memory:/docker/' + id, '1:name=systemd:/docker/' + id, '0::/', ''].join('\n');
    expect(parseContainerFromCgroup(text)).toMatchObject({ id, runtime: 'docker' });
  });
  it('cgroup v2 (one unified line)', () => {
    expect(parseContainerFromCgroup(`0::/system.slice/docker-${id}.scope\n`)).toMatchObject({ id, runtime: 'docker' });
  });
  it('hybrid: the unified path wins over v1 hierarchies', () => {
    const other = 'b'.repeat(64);
    const text = `4:pids:/docker/${other}\n0::/kubepods/besteffort/pod${uid}/${id}\n`;
    expect(parseContainerFromCgroup(text)).toMatchObject({ id, runtime: 'kubernetes', podUid: uid });
  });
  it('the host (and this sandbox) is no container', () => {
    expect(parseContainerFromCgroup('9:name=systemd:/\n4:memory:/process_api/fcea26ca164e27365efec6fa4c382352\n0::/\n')).toBeUndefined();
    expect(parseContainerFromCgroup('')).toBeUndefined();
  });
});

describe('parseNamespacePids', () => {
  it('outermost first, own namespace last', () => {
    expect(parseNamespacePids('Name:\tpython3\nTgid:\t4242\nNSpid:\t4242\t7\t1\nNStgid:\t4242\t7\t1\n')).toEqual([4242, 7, 1]);
    expect(parseNamespacePids('NSpid:\t17203\n')).toEqual([17203]);
  });
  it('old kernels have no NSpid line', () => {
    expect(parseNamespacePids('Name:\tpython3\nPid:\t1\n')).toEqual([]);
  });
});

// Live: as root, a process moved into a cgroup whose path holds a container id, and one in its own
// pid namespace (these need root and a writable cgroup v1 hierarchy; skipped with the reason otherwise).
const children: ChildProcess[] = [];
const v1Cgroups = new TestCgroups('/sys/fs/cgroup/pids');
const v2Cgroups = new TestCgroups('/sys/fs/cgroup/unified');
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  v1Cgroups.removeAll();
  v2Cgroups.removeAll();
});

const isRoot = process.getuid?.() === 0;
const pidsV1 = '/sys/fs/cgroup/pids';
const unified = '/sys/fs/cgroup/unified';
const v2Reason = !isRoot ? 'needs root' : !v2Cgroups.writable ? `no writable cgroup v2 hierarchy at ${unified}` : undefined;
const v1Reason = !isRoot ? 'needs root' : !existsSync(`${pidsV1}/cgroup.procs`) ? `no cgroup v1 pids hierarchy at ${pidsV1}` : undefined;

function sleeper(): ChildProcess {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

describe('live readers', () => {
  it('this process: not in a container, NSpid its own pid', () => {
    expect(processContainer(process.pid)).toBeUndefined();
    expect(namespacePids(process.pid)[0]).toBe(process.pid);
    expect(() => processContainer(2 ** 22 + 7)).toThrow(ProcessNotFound);
  });

  /** Creates the cgroups (removed after the tests), moves a fresh process into the last one, checks what is read. */
  function inCgroup(cgroups: TestCgroups, path: string, expected: object): void {
    const dir = cgroups.make(path.split('/'));
    const child = sleeper();
    writeFileSync(`${dir}/cgroup.procs`, String(child.pid));
    expect(processContainer(child.pid!)).toMatchObject(expected);
    child.kill('SIGKILL');
  }
  const docker = randomBytes(32).toString('hex');
  const podUid = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

  it.skipIf(v1Reason !== undefined)(`a process in Docker and kubepods cgroups (cgroup v1)${v1Reason ? ` — skipped: ${v1Reason}` : ''}`, () => {
    inCgroup(v1Cgroups, `docker/${docker}`, { id: docker, runtime: 'docker', podUid: undefined });
    inCgroup(v1Cgroups, `kubepods/besteffort/pod${podUid}/${docker}`, { id: docker, runtime: 'kubernetes', podUid });
  });

  it.skipIf(v2Reason !== undefined)(`a process in Docker and CRI cgroups (cgroup v2)${v2Reason ? ` — skipped: ${v2Reason}` : ''}`, () => {
    inCgroup(v2Cgroups, `system.slice/docker-${docker}.scope`, { id: docker, runtime: 'docker' });
    const slice = `kubepods-burstable-pod${podUid.replaceAll('-', '_')}.slice`;
    inCgroup(v2Cgroups, `kubepods.slice/kubepods-burstable.slice/${slice}/cri-containerd-${docker}.scope`, {
      id: docker, runtime: 'containerd', podUid,
    });
  });

  it.skipIf(!isRoot)(`a process in its own pid namespace (unshare --pid --fork)${isRoot ? '' : ' — skipped: needs root'}`, async () => {
    const child = spawn('unshare', ['--pid', '--fork', '--kill-child', '--', 'sleep', '60'], { stdio: 'ignore' });
    children.push(child);
    // the forked sleep is unshare's child; wait for it to appear
    let inner: number | undefined;
    for (let i = 0; i < 200 && inner === undefined; i++) {
      const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
      if (kids !== '') inner = Number(kids.split(' ')[0]);
      else await new Promise((r) => setTimeout(r, 10));
    }
    expect(inner).toBeDefined();
    expect(namespacePids(inner!)).toEqual([inner, 1]);
  });
});
