/**
 * A target already held by another tracer (gdb here): pausing it is refused by the kernel even for
 * root, so pyglass must say who holds it instead of suggesting CAP_SYS_PTRACE.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { buildCli, isOneLineError, pyglass } from './helpers.js';
import { kill } from './e2e-helpers.js';

const haveGdb = spawnSync('gdb', ['--version']).status === 0;
const py = findPythons().find((p) => p.label === '3.12') ?? findPythons().find((p) => !p.root && p.major === 3);
const children: ChildProcess[] = [];

beforeAll(() => buildCli(), 180_000);
afterAll(() => {
  for (const c of children) kill(c);
});

function tracerPid(pid: number): number {
  return Number(/^TracerPid:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

it.skipIf(!haveGdb || !py)(`dump of a process gdb is attached to names gdb as the tracer${!haveGdb ? ' (skipped: gdb is not installed; tools/pythons/provision.sh installs it)' : ''}`, async () => {
  const target = spawnPython(py!, join(import.meta.dirname, 'robustness', 'counter.py'));
  children.push(target);
  await waitForOutput(target, 'READY', 120_000);
  const gdb = spawn('gdb', ['-p', String(target.pid), '-batch', '-ex', 'shell sleep 20'], { stdio: 'ignore' });
  children.push(gdb);
  for (let i = 0; i < 200 && tracerPid(target.pid!) === 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(tracerPid(target.pid!)).not.toBe(0);
  const r = pyglass(['dump', '-p', String(target.pid)], { timeout: 30_000 });
  kill(gdb);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(new RegExp(`already being traced by process \\d+ \\(gdb\\)`));
  expect(r.stderr).not.toMatch(/CAP_SYS_PTRACE/);
  expect(isOneLineError(r.stderr)).toBe(true);
}, 60_000);
