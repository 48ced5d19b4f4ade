/**
 * Every `pyglass` command written in README.md and docs/*.md works as written: those that need
 * nothing but this repository (a program from examples/, --help, completions) are run with the real
 * bin and must exit 0 and write their output; those that need a pid, a server or a program that is
 * not here (pytest, a core file) are parsed by the real command-line parser, which must accept them
 * with the command the text says.
 */
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import type { CommandRequest } from '../src/commands/request.js';
import { docCommands, docFiles, type DocCommand } from './doc-commands.js';
import { cliSuite, pyglassRun, repoRoot } from './helpers.js';

const suite = cliSuite('pyglass-docs-');

/** Runs when everything it needs is in the repository; parses otherwise. */
function runnable(c: DocCommand): boolean {
  if (c.args.includes('--help') || c.args.includes('-h') || c.args[0] === 'completions') return true;
  if (c.args.includes('--pid') || c.args.includes('-p') || c.args.includes('--pyroscope')) return false;
  const dashdash = c.args.indexOf('--');
  if (dashdash < 0) return false;
  const script = c.args[dashdash + 2];
  return script !== undefined && /^python3?$/.test(c.args[dashdash + 1] ?? '') && existsSync(join(repoRoot, script));
}

const all = docFiles(repoRoot).flatMap((f) => docCommands(repoRoot, f));

describe('the commands in the documentation', () => {
  it('finds commands in README.md and in each docs page', () => {
    const files = new Set(all.map((c) => c.where.split(':')[0]));
    console.log(`${all.length} commands: ${all.filter(runnable).length} run, ${all.filter((c) => !runnable(c)).length} parsed, from ${[...files].join(', ')}`);
    for (const f of docFiles(repoRoot).filter((f) => f !== 'docs/performance.md')) expect(files, f).toContain(f);
  });

  it.each(all.filter((c) => !runnable(c)).map((c) => [c.where, c.text, c] as const))('%s parses: %s', async (_where, _text, c) => {
    const requests: CommandRequest[] = [];
    const status = await main(c.args, async (request) => {
      requests.push(request);
      return 0;
    });
    expect(status, `pyglass ${c.args.join(' ')}`).toBe(0);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.command.startsWith(c.args[0]!), `${requests[0]!.command} for ${c.args[0]}`).toBe(true);
  });

  it.each(all.filter(runnable).map((c) => [c.where, c.text, c] as const))('%s runs: %s', async (_where, _text, c) => {
    const cwd = join(suite.dir, c.where.replace(/[/:.]/g, '_'));
    cpSync(join(repoRoot, 'examples'), join(cwd, 'examples'), { recursive: true });
    const r = await pyglassRun(c.args, { cwd, timeout: 120_000 });
    expect(r.status, `pyglass ${c.args.join(' ')}\n${r.stderr}`).toBe(0);
    if (c.stdoutTo !== undefined) writeFileSync(join(cwd, c.stdoutTo), r.stdout);
    const o = c.args.indexOf('-o');
    const output = o >= 0 ? c.args[o + 1] : undefined;
    if (output === '-') expect(r.stdout.length).toBeGreaterThan(0);
    else if (output !== undefined) expect(statSync(join(cwd, output)).size).toBeGreaterThan(0);
    else if (c.args[0] === 'record' && !c.args.includes('--help')) expect(r.stderr).toMatch(/Wrote /);
    else expect(r.stdout.length).toBeGreaterThan(0);
    if (output?.endsWith('.svg')) expect(readFileSync(join(cwd, output), 'utf8')).toContain('<svg');
  }, 130_000);
});
