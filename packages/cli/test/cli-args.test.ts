import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, isOneLineError, pyglass, repoRoot } from './helpers.js';

beforeAll(() => buildCli());

describe('pyglass command line', () => {
  it('--help lists record, top and dump', () => {
    const r = pyglass(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['record', 'top', 'dump']) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  it('--version prints the cli package version', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8')) as { version: string };
    const r = pyglass(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('no arguments prints help and fails', () => {
    const r = pyglass([]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('record');
  });

  it.each([
    [['record', '-r', '0', '-p', '1'], /rate/],
    [['record', '-r', '-5', '-p', '1'], /rate|argument/],
    [['record', '-r', 'abc', '-p', '1'], /rate/],
    [['record', '-r', '100001', '-p', '1'], /rate/],
    [['record', '-d', '0', '-p', '1'], /duration/],
    [['record', '-f', 'svgz', '-p', '1'], /flamegraph, speedscope, raw, chrometrace, pprof/],
    [['record', '-p', 'nope'], /process id/],
    [['top', '--delay', '0', '-p', '1'], /delay/],
    [['frobnicate'], /unknown command/],
  ])('rejects %j with one clear line and a non-zero status', (args, message) => {
    const r = pyglass(args, { timeout: 50_000 });
    expect(r.status).not.toBe(0);
    expect(r.status, 'pyglass did not end within 50 s (the timeout of its run)').not.toBeNull();
    expect(r.stderr).toMatch(message);
    expect(isOneLineError(r.stderr)).toBe(true);
  });

  it.each([['record'], ['top'], ['dump']])('%s without a target says what to give', (cmd) => {
    const r = pyglass([cmd], { timeout: 50_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--pid|PID/);
    expect(isOneLineError(r.stderr)).toBe(true);
  });

  it('unique prefixes select a subcommand, like py-spy', () => {
    const r = pyglass(['r', '-r', '0', '-p', '1']);
    expect(r.stderr).toMatch(/rate/);
  });

  it('--function with --nolineno is refused', () => {
    const r = pyglass(['record', '-F', '--nolineno', '-p', '1']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--function/);
  });

  it('an output in a missing directory fails before sampling starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyglass-out-'));
    const r = pyglass(['record', '-o', join(dir, 'missing', 'x.svg'), '--', 'python3', '-c', 'pass'], { timeout: 20_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/does not exist/);
    expect(r.stderr).not.toMatch(/Sampling process/);
  });

  it('a program that does not exist fails clearly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyglass-out-'));
    const r = pyglass(['record', '-o', join(dir, 'x.svg'), '--', '/nonexistent/python-xyz'], { timeout: 20_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/cannot run '\/nonexistent\/python-xyz'/);
    expect(isOneLineError(r.stderr)).toBe(true);
  });
});
