/**
 * `record -f html` of real programs on every interpreter found, and `pyglass diff` of real records,
 * opened in a real Chromium (puppeteer-core, Debian's /usr/bin/chromium). Shares are bounded with the
 * sample counts (binomial bounds) around what the target measured itself (its CPU time in heavy()
 * and light()), never with timing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { Profile } from 'pprof-format';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureWriter, decodeRecords, PprofRecorder, type ReportData } from '@pyglass/exporters';
import type { Sample, StackTrace } from '@pyglass/model';
import { cacheDir, findPythons, oneOfEachKind, pythonCommand, reportMatrix, spawnPython, waitForOutput, type PythonInterpreter } from '../../../tools/pythons/pythons.js';
import { outsideBinomialSeries } from '../../../tools/testing/bounds.js';
import { activeSeries, activeTracesIn, capturedSamples, recordUntil } from '../../../tools/testing/capture-watch.js';
import { browserMissing, launchBrowser, openPage, summaryValue } from '../../../tools/testing/browser.js';
import { cliSuite, goOnSampling, isOneLineError } from './helpers.js';
import { kill, pyglassRun } from './e2e-helpers.js';

const heavyLight = join(import.meta.dirname, 'scripts', 'heavy_light.py');
const hotSwitch = join(import.meta.dirname, 'scripts', 'hot_switch.py');
const pythons = findPythons();
reportMatrix(pythons, 'html report');
const missing = browserMissing();
if (missing) console.log(`[html report] browser checks skipped: ${missing}`);
const go = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
if (!go) console.log('[html report] diff -f pprof is checked by decoding only: go is not installed (tools/pythons/provision.sh installs it)');

const suite = cliSuite('pyglass-html-');
let browser: Browser | undefined;
beforeAll(async () => {
  if (!missing) browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** The report's embedded data (what the page was given). */
function reportData(file: string): ReportData {
  const html = readFileSync(file, 'utf8');
  const m = /<script type="application\/json" id="pyglass-data">(.*?)<\/script>/s.exec(html);
  if (!m) throw new Error('no data in the report');
  return JSON.parse(m[1]!) as ReportData;
}

/** Own samples of function `name` in the report's data, the active samples (not idle) and all. */
function ownSamples(d: ReportData, name: string): { own: number; active: number; all: number } {
  let own = 0;
  let active = 0;
  let all = 0;
  const rec = decodeRecords(d);
  for (let r = 0; r < d.recNode.length; r++) {
    const ctx = rec.context[r]!;
    let n = 0;
    for (let i = rec.offset[r]!; i < rec.offset[r + 1]!; i++) n += rec.count[i]!;
    all += n;
    if (d.contexts[7 * ctx + 1] === 5) continue; // idle: hidden at first without --idle
    active += n;
    const frame = d.nodes[2 * rec.node[r]! + 1]!;
    if (d.strings[d.frames[3 * frame]!] === name) own += n;
  }
  return { own, active, all };
}

/** Own samples per function (name and file) of the non-idle records, as the page's table counts them. */
function ownByFunction(d: ReportData): Map<string, number> {
  const own = new Map<string, number>();
  const rec = decodeRecords(d);
  for (let r = 0; r < d.recNode.length; r++) {
    if (d.contexts[7 * rec.context[r]! + 1] === 5) continue;
    let n = 0;
    for (let i = rec.offset[r]!; i < rec.offset[r + 1]!; i++) n += rec.count[i]!;
    const frame = d.nodes[2 * rec.node[r]! + 1]!;
    const key = `${d.strings[d.frames[3 * frame]!]}\0${d.strings[d.frames[3 * frame + 1]!]}`;
    own.set(key, (own.get(key) ?? 0) + n);
  }
  return own;
}

/** A capture file (as `record -f capture` writes it) of pid 7 with these samples. */
function captureOf(samples: Sample[], endTime = 4000): Buffer {
  const w = new CaptureWriter({
    pyglassVersion: '0.0.0', commandLine: ['record'], title: 'capture', target: { pid: 7 }, startTime: 0, platform: 'linux', arch: 'x64',
    options: { rate: 100, lineNo: 'last-instruction', idle: false, gil: false, threads: false, subprocesses: false, native: false, nonblocking: false, async: false, greenlets: false, fullFilenames: false },
  });
  const parts = [w.header(), w.process({ pid: 7, commandLine: ['python3', 'x.py'], firstSeen: 0 })];
  for (const s of samples) w.add(s);
  parts.push(w.end({ endTime, achievedRate: samples.length > 0 ? 100 : 0, stopReason: 'the duration ended' }));
  return Buffer.concat(parts);
}

/** Records `script ARGS` (hot_switch.py) into `out`, its format from its extension, until its loop has 400 samples. */
async function recordSpins(py: PythonInterpreter, script: string, args: string[], out: string): Promise<void> {
  // (its stdin: it spins once the record says it samples, not while pyglass starts up)
  const child = spawnPython(py, script, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  suite.children.push(child);
  await waitForOutput(child, 'READY', 120_000);
  const r = await recordUntil(['-r', '200', '--hideprogress', '-o', out, '-p', String(child.pid)], `${out}.pyglass`, '400 samples in spin()', (s) => activeTracesIn(s, 'spin') >= 400, { onSpawn: goOnSampling(child) });
  kill(child);
  expect(r.status, r.stderr).toBe(0);
}

/** Records `script` (which prints READY once set up) for `seconds` at 200 Hz; returns what it printed up to READY. */
async function recordTarget(py: PythonInterpreter, script: string, args: string[], out: string, format: string, seconds = 1, flags: string[] = []): Promise<string> {
  const child = spawnPython(py, script, args);
  suite.children.push(child);
  const ready = await waitForOutput(child, 'READY', 60_000);
  const r = await pyglassRun(['record', ...flags, '-d', String(seconds), '-r', '200', '-f', format, '-o', out, '-p', String(child.pid)], { timeout: 120_000 });
  kill(child);
  expect(r.status, r.stderr).toBe(0);
  return ready;
}

/** Samples the report in `page` selects now. */
const selectedIn = (page: Page) => page.evaluate(() => (window as unknown as { pyglass: { selected(): number } }).pyglass.selected());
/** Whether the flame graph in `page` draws a frame of function `fn`. */
const draws = async (page: Page, fn: string) => (await page.evaluate(() => (window as unknown as { pyglass: { rects(): Array<{ label: string }> } }).pyglass.rects())).some((x) => x.label.startsWith(`${fn} (`));
/** A filter label's sample count: "name (count)". */
const countOf = (label: string) => Number(/\((\d+)\)$/.exec(label)![1]);
/** The labels of filter `dim`'s values in `page`, "name (count)". */
const filterLabels = (page: Page, dim: string) => page.$$eval(`fieldset[data-dimension="${dim}"] label`, (ls) => ls.map((l) => l.textContent?.trim() ?? ''));

/**
 * Unchecks the value of filter `dim` whose label `which` picks: the selection loses exactly its count,
 * function `gone`'s frames leave the flame graph and `stays`'s remain. Returns its box, to check it again.
 */
async function uncheckRemoves(page: Page, dim: string, which: (label: string) => boolean, gone: string, stays?: string): Promise<ElementHandle<HTMLInputElement>> {
  const labels = await filterLabels(page, dim);
  const i = labels.findIndex(which);
  expect(i, `${dim}: ${labels.join(', ')}`).toBeGreaterThanOrEqual(0);
  const all = await selectedIn(page);
  expect(await draws(page, gone), gone).toBe(true);
  const box = (await page.$$<HTMLInputElement>(`fieldset[data-dimension="${dim}"] input`))[i]!;
  await box.click();
  expect(await selectedIn(page)).toBe(all - countOf(labels[i]!));
  expect(await draws(page, gone), gone).toBe(false);
  if (stays !== undefined) expect(await draws(page, stays), stays).toBe(true);
  return box;
}

// the page does not depend on the version; its data does (record-formats checks every format on every interpreter)
describe.each(oneOfEachKind(pythons, 'html report').map((p) => [p.label, p] as const))('record -f html: %s', (label, py) => {
  it('opens in Chromium with the hottest function, its share and its source lines', async () => {
    const out = join(suite.dir, `${label}.html`);
    // heavy_light.py measures how its wall-clock time splits between heavy() and light(), and prints
    // it: the split a wall-clock sampler sees, also when the program waits for a CPU (record-e2e)
    // (and a capture of the same samples, in time order for the bounds: see record-e2e's split)
    const capture = join(suite.dir, `${label}.pyglass`);
    const r = await pyglassRun(['record', '-r', '200', '-o', out, '-o', capture, '--', ...pythonCommand(py, heavyLight, ['1'])], { timeout: 120_000 });
    const split = /SPLIT (?:\S+ ){4}(\S+) (\S+)/.exec(r.stdout);
    expect(r.status, r.stderr).toBe(0);
    expect(split, r.stdout).not.toBeNull();
    const [inHeavy, inLight] = split!.slice(1, 3).map(Number) as [number, number];
    const data = reportData(out);
    const { own: heavyOwn, active, all } = ownSamples(data, 'heavy');
    const light = ownSamples(data, 'light').own;
    const order = activeSeries(capturedSamples(capture), (t) => (t.frames[0]?.name === 'heavy' ? true : t.frames[0]?.name === 'light' ? false : undefined));
    expect(order.length, `${label}: the capture holds the report's own samples of heavy() and light()`).toBe(heavyOwn + light);
    expect(outsideBinomialSeries(`${label}: heavy`, order, inHeavy / (inHeavy + inLight))).toBeUndefined();
    let heavyFile = '';
    const heavyLines: number[] = [];
    for (let f = 0; f < data.frames.length / 3; f++) {
      if (data.strings[data.frames[3 * f]!] !== 'heavy') continue;
      heavyFile = data.strings[data.frames[3 * f + 1]!]!;
      heavyLines.push(data.frames[3 * f + 2]!);
    }
    if (py.root) expect(existsSync(heavyFile), 'the script exists only inside the root').toBe(false);
    if (browser === undefined) return;
    const o = await openPage(browser, out);
    // the table's first row is the function with the most own samples in the data, with its share;
    // heavy's row shows its share (start-up can outweigh the loop on a starved machine: no order assumed)
    const own = ownByFunction(data);
    const hottest = [...own.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const pctOf = (n: number) => {
      const p = (100 * n) / active;
      return `${p >= 10 ? p.toFixed(1) : p.toFixed(2)}%`;
    };
    // the table keeps elements only for the rows in view
    const tableRows = () => o.page.$$eval('#function-table tbody tr[data-function]', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((t) => t.textContent ?? '')));
    const rows = await tableRows();
    expect(rows[0]![0]).toBe(pctOf(hottest[1]));
    expect(own.get(`${rows[0]![4]}\0${rows[0]![5]!.replace(/:\d+$/, '')}`)).toBe(hottest[1]);
    // heavy's row, through the table's filter box
    await o.page.type('#table-filter', 'heavy');
    await o.page.waitForFunction(() => [...document.querySelectorAll('#function-table tbody tr[data-function] td.fn')].some((td) => td.textContent === 'heavy'));
    const heavyRow = (await tableRows()).find((r) => r[4] === 'heavy')!;
    expect(heavyRow[0]).toBe(pctOf(heavyOwn));
    // the source of heavy, read through the target's root for a chroot interpreter, its lines with their share
    const src = await o.page.$eval('#sources', (e) => e.textContent ?? '');
    expect(src).toContain(heavyFile);
    expect(src).toContain('def heavy():');
    const hotLines = await o.page.$$eval('#sources tr.hot td.lineno', (tds) => tds.map((t) => Number(t.textContent)));
    expect(heavyLines.some((l) => hotLines.includes(l))).toBe(true);
    // the summary: what the record printed (rounds, late rounds, errors), the rate asked, the command; its
    // samples are every thread's, idle ones too (record counts those its other formats keep: not idle)
    const said = /Samples: (\d+) Errors: (\d+)/.exec(r.stderr)!;
    const late = /Late samples: \S+ \((\d+) of (\d+) sampling rounds/.exec(r.stderr)!;
    expect(said, r.stderr).not.toBeNull();
    expect(late, r.stderr).not.toBeNull();
    expect(await summaryValue(o.page, 'Python')).toContain(py.version);
    expect(await summaryValue(o.page, 'Command')).toContain('heavy_light.py');
    expect(await summaryValue(o.page, 'Rate')).toMatch(/^200 Hz asked, [\d.]+ Hz achieved$/);
    expect(await summaryValue(o.page, 'Samples')).toBe(`${all} thread samples in ${late[2]} intervals`);
    expect(Number(said[1])).toBeLessThanOrEqual(all);
    expect(await summaryValue(o.page, 'Late samples')).toMatch(new RegExp(`^${late[1]} \\(`));
    expect(await summaryValue(o.page, 'Errors')).toBe(said[2]);
    expect(await summaryValue(o.page, 'Duration')).toMatch(/^\d/);

    // zoom into heavy's widest frame: the breadcrumb ends with it and it spans the graph
    const drawn = () => o.page.evaluate(() => (window as unknown as { pyglass: { rects(): Array<{ label: string; x: number; w: number; y: number }> } }).pyglass.rects());
    const heavyFrame = (await drawn()).filter((r) => r.label.startsWith('heavy (')).sort((a, b) => b.w - a.w)[0]!;
    // (typing in the table's filter scrolled the page: the graph back into view, clear of the sticky header)
    await o.page.$eval('#graph', (e) => e.scrollIntoView({ block: 'center' }));
    const graph = (await (await o.page.$('#graph canvas'))!.boundingBox())!;
    await o.page.mouse.click(graph.x + heavyFrame.x + heavyFrame.w / 2, graph.y + heavyFrame.y + 9);
    expect((await o.page.$$eval('#breadcrumbs .crumb', (bs) => bs.map((b) => b.textContent))).at(-1)).toBe(heavyFrame.label);
    const zoomed = await drawn();
    expect(zoomed[0]!.label).toBe(heavyFrame.label);
    expect(zoomed[0]!.w).toBeGreaterThan(graph.width * 0.99);
    // a search for heavy lights its frames and shows their share: its own samples (it calls no Python)
    await o.page.focus('#search');
    await o.page.keyboard.type('/^heavy /');
    await o.page.keyboard.press('Enter');
    expect(await o.page.$eval('#match', (e) => e.textContent)).toBe(`${pctOf(heavyOwn)} matched (${heavyOwn} samples)`);
    // a time range over the first half of the timeline: fewer samples, and the summary says how many
    await o.page.$eval('#timeline-canvas', (e) => e.scrollIntoView({ block: 'center' }));
    const tl = (await (await o.page.$('#timeline-canvas'))!.boundingBox())!;
    await o.page.mouse.move(tl.x + 222, tl.y + 5);
    await o.page.mouse.down();
    await o.page.mouse.move(tl.x + 220 + (tl.width - 220) / 2, tl.y + 5, { steps: 3 });
    await o.page.mouse.up();
    const inRange = await selectedIn(o.page);
    expect(inRange).toBeGreaterThan(0);
    expect(inRange).toBeLessThan(active);
    expect(await summaryValue(o.page, 'Selected')).toMatch(new RegExp(`^${inRange} samples \\(`));
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([]);
    await o.page.close();
  }, 180_000);
});

// the newest host interpreter (no chroot, no debug or free-threaded build) records the diff's inputs
const py = pythons.filter((p) => !p.root && !p.debug && !p.freeThreaded && p.major === 3).sort((a, b) => b.minor - a.minor)[0] ?? pythons[0];

describe.skipIf(py === undefined || missing !== undefined)('record -f html --async of event loops in two threads', () => {
  it('filters by thread and by asyncio task: unchecking one takes away its samples and frames', async () => {
    const out = join(suite.dir, 'async.html');
    // threads loop-a (task a_running on it, awaited by a_parent) and loop-b (b_parent awaiting b_child, both suspended)
    await recordTarget(py!, join(import.meta.dirname, 'scripts', 'async_threads.py'), [], out, 'html', 1, ['--async', '--idle']);
    const o = await openPage(browser!, out);
    // every state starts checked (--idle): the threads' counts add up to what is selected
    const threads = await filterLabels(o.page, 'thread');
    const all = await selectedIn(o.page);
    expect(threads.reduce((a, l) => a + countOf(l), 0)).toBe(all);
    for (const name of ['MainThread', 'loop-a', 'loop-b']) expect(threads.some((l) => new RegExp(` ${name} \\(\\d+\\)$`).test(l)), threads.join(', ')).toBe(true);
    const tasks = await filterLabels(o.page, 'task');
    for (const name of ['a_parent', 'b_parent', 'b_child']) expect(tasks.some((l) => l.startsWith(`${name} (0x`)), tasks.join(', ')).toBe(true);
    // loop-a's thread: a_running (running on it) is gone; back again
    const loopA = await uncheckRemoves(o.page, 'thread', (l) => / loop-a \(\d+\)$/.test(l), 'a_running');
    await loopA.click();
    expect(await selectedIn(o.page)).toBe(all);
    // the suspended task b_child: its frames are gone, b_parent's stay
    await uncheckRemoves(o.page, 'task', (l) => l.startsWith('b_child (0x'), 'b_child', 'b_parent');
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([]);
    await o.page.close();
  }, 180_000);
});

describe.skipIf(py === undefined || py.minor < 12 || missing !== undefined)('record -f html of sub-interpreters', () => {
  it('filters by sub-interpreter: unchecking one takes away its samples and frames', async () => {
    const out = join(suite.dir, 'subinterpreters.html');
    // sub-interpreters 1 (sub_sleeper), 2 (sub_busy, spinning) and 3 (sub_joiner and its own thread), each from a thread of the main one
    const script = join(import.meta.dirname, '..', '..', 'sampler', 'test', 'scripts', 'subinterp_target.py');
    const ready = await recordTarget(py!, script, [], out, 'html', 1, ['--idle']);
    const ids = new Map([...ready.matchAll(/^INTERP (\d+) (\d+) \d+$/gm)].map((m) => [Number(m[1]), Number(m[2])]));
    expect(ids.size, ready).toBe(3);
    const o = await openPage(browser!, out);
    const labels = await filterLabels(o.page, 'interp');
    for (const name of ['main interpreter', ...[...ids.values()].map((id) => `interpreter ${id}`)]) expect(labels.some((l) => l.startsWith(`${name} (`)), labels.join(', ')).toBe(true);
    await uncheckRemoves(o.page, 'interp', (l) => l.startsWith(`interpreter ${ids.get(2)!} (`), 'sub_busy', 'sub_sleeper');
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([]);
    await o.page.close();
  }, 180_000);
});

// greenlet is installed (tools/pythons/provision.sh greenlet) in a venv of pyenv's 3.11
const greenletBase = pythons.find((p) => p.label === '3.11');
const greenletExe = join(cacheDir, 'greenlet-venv-3.11', 'bin', 'python');
const greenletPy = greenletBase && existsSync(greenletExe) ? { ...greenletBase, label: '3.11+greenlet', executable: greenletExe } : undefined;
if (!greenletPy) console.log(`[html report] greenlet filter on a real program skipped: no ${greenletExe} (tools/pythons/provision.sh greenlet)`);

describe.skipIf(greenletPy === undefined || missing !== undefined)('record -f html --greenlets', () => {
  it('filters by greenlet: unchecking one takes away its samples and frames', async () => {
    const out = join(suite.dir, 'greenlets.html');
    // greenlets alpha (alpha_outer -> alpha_inner) and beta (beta_wait) suspended on the main thread, gamma on thread "side"
    const ready = await recordTarget(greenletPy!, join(import.meta.dirname, 'scripts', 'greenlets.py'), ['busy'], out, 'html', 1, ['--greenlets', '--idle']);
    const [alpha, beta, gamma] = ready.slice(ready.indexOf('READY') + 5).trim().split(/\s+/).map(Number);
    const o = await openPage(browser!, out);
    const labels = await filterLabels(o.page, 'greenlet');
    const named = (id: number) => (l: string) => l.startsWith(`greenlet 0x${id.toString(16)} (`);
    for (const id of [alpha!, beta!, gamma!]) expect(labels.some(named(id)), labels.join(', ')).toBe(true);
    await uncheckRemoves(o.page, 'greenlet', named(alpha!), 'alpha_inner', 'beta_wait');
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([]);
    await o.page.close();
  }, 180_000);
});

describe.skipIf(py === undefined || missing !== undefined)('HTML reports of awkward records', () => {
  it('a record with no samples: convert writes a report that opens and says so', async () => {
    const empty = join(suite.dir, 'nothing.pyglass');
    writeFileSync(empty, captureOf([], 1000));
    const out = join(suite.dir, 'nothing.html');
    const r = await pyglassRun(['convert', empty, '-f', 'html', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const o = await openPage(browser!, out);
    expect(await o.page.$eval('#no-samples', (e) => e.textContent)).toContain('No samples were collected');
    expect(await summaryValue(o.page, 'Samples')).toBe('0 thread samples in 0 intervals');
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([]);
    await o.page.close();
  }, 60_000);

  it("a program's own names with <, &, quotes and non-ASCII: shown as text, no script runs", async () => {
    // the script's file name is markup that would load an image and run script if it reached the page's HTML
    const dir = mkdtempSync(join(suite.dir, 'names-'));
    const script = join(dir, `a&b"'<img src=x onerror=window.__pwned=1>é.py`);
    writeFileSync(script, [
      '# -*- coding: utf-8 -*-',
      'import sys, time',
      'def größe():',
      '    end = time.time() + 0.001',
      '    while time.time() < end:',
      '        pass',
      'stop = time.time() + float(sys.argv[1])',
      'while time.time() < stop:',
      '    größe()',
      '',
    ].join('\n'));
    const out = join(dir, 'names.html');
    const r = await pyglassRun(['record', '-r', '200', '-f', 'html', '-o', out, '--', ...pythonCommand(py!, script, ['1'])], { timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    let dialogs = 0;
    const o = await openPage(browser!, out);
    o.page.on('dialog', () => void dialogs++);
    await o.page.type('#table-filter', 'größe');
    await o.page.waitForFunction(() => [...document.querySelectorAll('#function-table tbody tr[data-function] td.fn')].some((td) => td.textContent === 'größe'));
    const row = await o.page.$$eval('#function-table tbody tr[data-function]', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')).find((c) => c[4] === 'größe'));
    expect(row![5]).toMatch(new RegExp(`^${script.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+$`));
    expect(await o.page.$eval('h1', (e) => e.textContent)).toContain(script);
    expect(await o.page.$eval('#sources', (e) => e.textContent)).toContain('def größe():');
    await o.page.focus('#search');
    await o.page.keyboard.type('größe');
    await o.page.keyboard.press('Enter');
    expect(await o.page.$eval('#match', (e) => e.textContent)).toMatch(/matched \(\d+ samples\)$/);
    expect(await o.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await o.page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(dialogs).toBe(0);
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([]);
    await o.page.close();
  }, 180_000);
});

describe.skipIf(py === undefined)('pyglass diff', () => {
  const base = () => join(suite.dir, 'alpha.pb.gz');
  const next = () => join(suite.dir, 'beta.pb.gz');
  const again = () => join(suite.dir, 'alpha2.pb.gz');
  beforeAll(async () => {
    console.log(`[diff] records of ${py!.label}`);
    await recordSpins(py!, hotSwitch, ['alpha'], base());
    await recordSpins(py!, hotSwitch, ['beta'], next());
    await recordSpins(py!, hotSwitch, ['alpha'], again());
  }, 300_000);

  it('prints what grew and what shrank: beta first in regressions, alpha in improvements', async () => {
    const r = await pyglassRun(['diff', base(), next()]);
    expect(r.status, r.stderr).toBe(0);
    const regressions = r.stdout.split('Regressions')[1]!.split('Improvements')[0]!;
    const improvements = r.stdout.split('Improvements')[1]!.split('Vanished')[0]!;
    expect(regressions.split('\n').find((l) => /^\s+\+/.test(l))).toMatch(/ beta \(/);
    expect(improvements.split('\n').find((l) => /^\s+-/.test(l))).toMatch(/ alpha \(/);
  }, 60_000);

  it('finds nothing beyond the noise between two runs of the same program', async () => {
    const r = await pyglassRun(['diff', base(), again()]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Regressions (grew, points of total share):\n  (none beyond noise)');
    expect(r.stdout).toContain('Improvements (shrank):\n  (none beyond noise)');
    const html = join(suite.dir, 'same.html');
    expect((await pyglassRun(['diff', base(), again(), '-o', html])).status).toBe(0);
    if (browser === undefined) return;
    const o = await openPage(browser, html);
    const beyond = await o.page.evaluate(() => (window as unknown as { pyglass: { rects(): Array<{ beyond: boolean; label: string }> } }).pyglass.rects().filter((x) => x.beyond && x.label !== 'all'));
    expect(beyond).toEqual([]);
    expect(o.errors).toEqual([]);
    await o.page.close();
  }, 60_000);

  it('draws beta red and alpha blue in the HTML diff, beta first in its regressions', async () => {
    const html = join(suite.dir, 'diff.html');
    const r = await pyglassRun(['diff', base(), next(), '-o', html]);
    expect(r.status, r.stderr).toBe(0);
    if (browser === undefined) return;
    const o = await openPage(browser, html);
    const colour = async (page: Page, fn: string) => {
      const rects = await page.evaluate(() => (window as unknown as { pyglass: { rects(): Array<{ label: string; colour: string }> } }).pyglass.rects());
      return rects.find((x) => x.label.startsWith(`${fn} (`))!.colour.match(/\d+/g)!.map(Number);
    };
    const [r1, g1, b1] = await colour(o.page, 'beta');
    expect(r1! > g1! && r1! > b1!).toBe(true);
    const [r2, g2, b2] = await colour(o.page, 'alpha');
    expect(b2! > r2! && b2! > g2!).toBe(true);
    expect(await o.page.$eval('#regressions tbody tr td.fn', (e) => e.textContent)).toBe('beta');
    expect(await o.page.$eval('#improvements tbody tr td.fn', (e) => e.textContent)).toBe('alpha');
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([]);
    await o.page.close();
  }, 60_000);

  it('writes raw (stack BASE NEW) and pprof (NEW positive, BASE negative) diffs', async () => {
    const raw = await pyglassRun(['diff', base(), next(), '-f', 'raw']);
    expect(raw.status, raw.stderr).toBe(0);
    const lines = raw.stdout.trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^.+ \d+ \d+$/);
    const betaLine = lines.find((l) => /;beta \([^;]*$/.test(l) || /;beta \(.*\);spin \([^;]*$/.test(l))!;
    const [b, n] = betaLine.split(' ').slice(-2).map(Number);
    expect(n!).toBeGreaterThan(b!);

    const out = join(suite.dir, 'diff.pb.gz');
    const r = await pyglassRun(['diff', base(), next(), '-f', 'pprof', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const p = Profile.decode(gunzipSync(readFileSync(out)));
    // pprof-format decodes int64 as unsigned
    const values = p.sample.map((s) => Number(BigInt.asIntN(64, BigInt(s.value[0]!))));
    expect(values.some((v) => v < 0)).toBe(true);
    expect(values.some((v) => v > 0)).toBe(true);
    const baseTotal = Profile.decode(gunzipSync(readFileSync(base()))).sample.reduce((a, s) => a + Number(s.value[0]), 0);
    expect(-values.filter((v) => v < 0).reduce((a, v) => a + v, 0)).toBe(baseTotal);
    if (go) {
      const top = spawnSync('go', ['tool', 'pprof', '-top', '-nodecount=50', out], { encoding: 'utf8' });
      expect(top.status, top.stderr).toBe(0);
      const row = (fn: string) => top.stdout.split('\n').find((l) => l.trim().endsWith(` ${fn}`))!;
      // cumulative column: beta grew (positive), alpha shrank (negative)
      expect(Number(row('beta').trim().split(/\s+/)[3])).toBeGreaterThan(0);
      expect(Number(row('alpha').trim().split(/\s+/)[3])).toBeLessThan(0);
    }
  }, 60_000);

  it('compares a capture with a pprof file, and two captures', async () => {
    // a capture (as `record -f capture` writes it) where alpha is hot, against a pprof and a capture where beta is
    const t = (fn: string): StackTrace => ({ pid: 7, threadId: 1, active: true, ownsGil: true, frames: ['main', fn].reverse().map((name) => ({ name, filename: '/app/x.py', line: 1, isEntry: false, isShimEntry: false })) });
    const pprof = new PprofRecorder({ sampleRate: 100, includeThreadIds: false });
    const alphaHot: Sample[] = [];
    const betaHot: Sample[] = [];
    for (let i = 0; i < 400; i++) {
      alphaHot.push({ time: i * 10, traces: [t(i % 4 ? 'alpha' : 'beta')] });
      betaHot.push({ time: i * 10, traces: [t(i % 4 ? 'beta' : 'alpha')] });
      pprof.add(t(i % 4 ? 'beta' : 'alpha'), i * 10);
    }
    const capture = join(suite.dir, 'alpha.pyglass');
    const capture2 = join(suite.dir, 'beta.pyglass');
    const pp = join(suite.dir, 'beta-synthetic.pb.gz');
    writeFileSync(capture, captureOf(alphaHot));
    writeFileSync(capture2, captureOf(betaHot));
    writeFileSync(pp, pprof.finish());
    for (const next of [pp, capture2]) {
      const r = await pyglassRun(['diff', capture, next]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('BASE alpha.pyglass: 400 samples');
      expect(r.stdout.split('Regressions')[1]!.split('Improvements')[0]).toMatch(/\+50\.00 .* beta \(\/app\/x\.py\)/);
    }
  }, 60_000);

  it('refuses bad inputs with one line and status 1', async () => {
    const junk = join(suite.dir, 'junk.txt');
    writeFileSync(junk, 'hello, not a profile\n');
    const empty = join(suite.dir, 'empty.pb.gz');
    writeFileSync(empty, '');
    const p1 = new PprofRecorder({ sampleRate: 100, includeThreadIds: false });
    const p2 = new PprofRecorder({ sampleRate: 100, includeThreadIds: false });
    const t = (name: string) => ({ pid: 1, threadId: 1, active: true, ownsGil: true, frames: [{ name, filename: `/x/${name}.py`, line: 1, isEntry: true, isShimEntry: false }] });
    for (let i = 0; i < 10; i++) {
      p1.add(t('one'), i);
      p2.add(t('two'), i);
    }
    const one = join(suite.dir, 'one.pb.gz');
    const two = join(suite.dir, 'two.pb.gz');
    const none = join(suite.dir, 'none.pb.gz');
    writeFileSync(one, p1.finish());
    writeFileSync(two, p2.finish());
    writeFileSync(none, new PprofRecorder({ sampleRate: 100, includeThreadIds: false }).finish());
    const cases: Array<[string[], RegExp]> = [
      [[junk, base()], /junk\.txt' is neither a pprof profile nor a pyglass capture/],
      [[base(), empty], /empty\.pb\.gz' is empty/],
      [[one, two], /no function in common/],
      [[none, base()], /none\.pb\.gz has no samples/],
      [[join(suite.dir, 'absent.pb.gz'), base()], /cannot read .*absent\.pb\.gz': no such file/],
    ];
    for (const [args, message] of cases) {
      const r = await pyglassRun(['diff', ...args]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(isOneLineError(r.stderr)).toBe(true);
    }
  }, 60_000);
});
