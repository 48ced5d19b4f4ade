/**
 * The cause a permission error names, decided from this machine's real facts: another tracer (by
 * pid and name), a refused pause while pyglass is privileged (another tracer that let go since),
 * root without CAP_SYS_PTRACE; Yama's ptrace_scope only on kernels that have it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { permissionCause, tracerOfProcess } from '../src/linux/classify.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
const hasYama = existsSync('/proc/sys/kernel/yama/ptrace_scope');

/** A process that seizes `pid` with PTRACE_SEIZE (it keeps running) and holds it; resolves once seized. */
async function seize(pid: number): Promise<ChildProcess> {
  const code = `import ctypes, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
if libc.ptrace(0x4206, ${pid}, None, None) != 0:
    print("FAILED", ctypes.get_errno(), flush=True); sys.exit(1)
print("SEIZED", flush=True)
time.sleep(120)
`;
  const tracer = spawn('python3', ['-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(tracer);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    tracer.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('SEIZED')) resolve();
      if (out.includes('FAILED')) reject(new Error(out));
    });
    tracer.on('exit', (code) => reject(new Error(`tracer exited (${code}): ${out}`)));
  });
  return tracer;
}

describe('permissionCause', () => {
  it('names the process tracing the target, by pid and name', async () => {
    const target = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(target);
    const tracer = await seize(target.pid!);
    expect(tracerOfProcess(target.pid!)).toEqual({ pid: tracer.pid, name: expect.stringMatching(/^python/) });
    const why = permissionCause(target.pid!, true, 'pausing');
    expect(why).toMatch(new RegExp(`^it is being traced by process ${tracer.pid} \\(python[^)]*\\), and only one debugger or profiler can attach at a time: stop that one, or use --nonblocking$`));
  });

  it('a refused pause while pyglass may trace anyone: another tracer held it at that moment', () => {
    const target = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(target);
    const why = permissionCause(target.pid!, true, 'pausing');
    expect(why).toMatch(/another debugger or profiler .* held it at that moment/);
    expect(why).not.toMatch(/run as root/);
  });

  it.runIf(process.geteuid?.() === 0)('root without CAP_SYS_PTRACE is told to add the capability, not to run as root', () => {
    const target = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(target);
    const why = permissionCause(target.pid!, false, 'reading');
    if (hasYama) expect(why).toMatch(/ptrace_scope|CAP_SYS_PTRACE/);
    else expect(why).toMatch(/^pyglass runs as root but without CAP_SYS_PTRACE/);
  });

  it(`mentions /proc/sys/kernel/yama/ptrace_scope only when it exists (here it ${hasYama ? 'does' : 'does not'})`, () => {
    const target = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(target);
    for (const privileged of [true, false]) {
      for (const what of ['reading', 'pausing']) {
        const why = permissionCause(target.pid!, privileged, what);
        if (!hasYama) expect(why, `${privileged} ${what}`).not.toMatch(/ptrace_scope/);
        // a restricting scope is the cause for an unprivileged reader
        else if (!privileged && ['1', '2', '3'].includes(readFileSync('/proc/sys/kernel/yama/ptrace_scope', 'utf8').trim())) expect(why).toMatch(/ptrace_scope is [123]/);
      }
    }
  });
});
