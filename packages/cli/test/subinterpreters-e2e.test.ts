/**
 * `pyglass dump` and `record` on a program running code in three sub-interpreters, each from its own
 * thread (the sampler's scripts/subinterp_target.py), on every 3.12+ interpreter of the matrix:
 * dump's text groups threads under `Interpreter N:` lines, its JSON has `interpreter_id`, and
 * `record --threads` labels the sub-interpreter threads, `top` counts them, and `dump --core` of the
 * process (3.12) shows the same interpreters.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPythons, spawnPython, waitForOutput } from '../../../tools/pythons/pythons.js';
import { activeTracesIn, recordUntil } from '../../../tools/testing/capture-watch.js';
import { cliSuite } from './helpers.js';
import { kill, lineTags, pyglassRun, run } from './e2e-helpers.js';

const script = join(import.meta.dirname, '..', '..', 'sampler', 'test', 'scripts', 'subinterp_target.py');
const L = lineTags(script);
const all = findPythons();
const pythons = all.filter((p) => p.major === 3 && p.minor >= 12);
console.log(`[sub-interpreters e2e] interpreters: ${pythons.map((p) => p.label).join(', ')}; SKIPPED: ${all.filter((p) => !pythons.includes(p)).map((p) => p.label).join(', ')} (no sub-interpreters before 3.12)`);

// dump --core of a sub-interpreter program, on one host interpreter
const coreLabel = '3.12';
const gcoreAvailable = existsSync('/usr/bin/gcore');
if (!gcoreAvailable) console.log('[sub-interpreters e2e] dump --core case SKIPPED: gcore (gdb) is not installed (tools/pythons/provision.sh installs it)');

const suite = cliSuite('pyglass-subinterp-');
const children = suite.children;

interface JsonTrace { os_thread_id: number | null; thread_name: string | null; active: boolean; interpreter_id: number | null; frames: Array<{ name: string; line: number }> }

describe.each(pythons.map((p) => [p.label, p] as const))('%s', (label, py) => {
  it('dump groups threads by interpreter (text and JSON); record --threads labels them; top counts them', async () => {
    const child = spawnPython(py, script);
    children.push(child);
    const out = await waitForOutput(child, 'READY', 120_000);
    const sub = new Map([...out.matchAll(/^INTERP (\d+) (\d+) (\d+)$/gm)].map((m) => [Number(m[1]), { id: Number(m[2]), tid: Number(m[3]) }]));
    const pid = String(child.pid);
    try {
      const text = await pyglassRun(['dump', '--pid', pid]);
      expect(text.status, text.stderr).toBe(0);
      const blocks = text.stdout.split(/^(?=Interpreter \d+)/m).slice(1);
      // sub-interpreters by id (the runner threads race to create theirs)
      const ids = [1, 2, 3].map((n) => sub.get(n)!.id).sort((x, y) => x - y);
      expect(blocks.map((b) => b.split('\n')[0])).toEqual(['Interpreter 0 (main):', ...ids.map((id) => `Interpreter ${id}:`)]);
      expect(blocks[0]).toContain(`main_wait (subinterp_target.py:${L['main_wait']})`);
      expect(blocks[0]).toMatch(new RegExp(`^Thread ${sub.get(1)!.tid} \\(idle\\): "Runner-1"$`, 'm'));
      const sleeperBlock = blocks.find((b) => b.startsWith(`Interpreter ${sub.get(1)!.id}:`))!;
      expect(sleeperBlock).toMatch(new RegExp(`^Thread ${sub.get(1)!.tid} \\(idle\\)`, 'm'));
      expect(sleeperBlock).toContain(`sub_sleeper (subinterp_target.py:${L['sub_sleeper']})`);
      const joinerBlock = blocks.find((b) => b.startsWith(`Interpreter ${sub.get(3)!.id}:`))!;
      expect(joinerBlock).toMatch(/^Thread \d+ \(\w+\): "SubThread-3"\n {4}sub_thread_body/m);

      const json = await pyglassRun(['dump', '--json', '--pid', pid]);
      expect(json.status, json.stderr).toBe(0);
      const traces = JSON.parse(json.stdout) as JsonTrace[];
      expect(traces.every((t) => typeof t.interpreter_id === 'number')).toBe(true);
      const busy = traces.find((t) => t.frames[0]?.name === 'sub_busy');
      expect(busy).toMatchObject({ interpreter_id: sub.get(2)!.id, os_thread_id: sub.get(2)!.tid });

      const raw = join(suite.dir, `record-${label}.txt`);
      // until 20 samples of the sub-interpreter's busy loop (however long a loaded machine takes)
      const rec = await recordUntil(['--threads', '-r', '50', '-o', raw, '--pid', pid], `${raw}.pyglass`, '20 samples in sub_busy()', (s) => activeTracesIn(s, 'sub_busy') >= 20);
      expect(rec.status, rec.stderr).toBe(0);
      const busyLines = readFileSync(raw, 'utf8').split('\n').filter((l) => l.includes('sub_busy (subinterp_target.py:'));
      expect(busyLines.length).toBeGreaterThan(0);
      for (const l of busyLines) expect(l.startsWith(`thread (${sub.get(2)!.tid}, interpreter ${sub.get(2)!.id}): `), l).toBe(true);

      // top (plain tables when stdout is not a terminal) counts the sub-interpreter's busy loop
      let table = '';
      const top = await pyglassRun(['top', '--delay', '1', '--pid', pid], {
        timeout: 60_000,
        onSpawn: (c) => c.stdout!.on('data', (d: Buffer) => {
          table += d.toString();
          if (/^\s*[\d.]+% +[\d.]+% .* sub_busy \(subinterp_target\.py\)$/m.test(table)) c.kill('SIGINT');
        }),
      });
      expect(top.stdout, top.stderr).toMatch(/sub_busy \(subinterp_target\.py\)/);

      // a core of the process (gdb's gcore; one host interpreter is enough) has the same interpreters
      if (label === coreLabel && gcoreAvailable) {
        const r = await run('gcore', ['-o', join(suite.dir, 'core'), pid], { timeout: 120_000 });
        expect(r.status, r.stderr).toBe(0);
        const core = await pyglassRun(['dump', '--core', join(suite.dir, `core.${pid}`)]);
        expect(core.status, core.stderr).toBe(0);
        const headings = core.stdout.split('\n').filter((l) => l.startsWith('Interpreter '));
        expect(headings).toEqual(['Interpreter 0 (main):', ...ids.map((id) => `Interpreter ${id}:`)]);
        expect(core.stdout).toContain(`sub_sleeper (subinterp_target.py:${L['sub_sleeper']})`);
      }
    } finally {
      kill(child);
    }
  }, 300_000);
});
