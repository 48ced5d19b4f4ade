/**
 * The HTML report and diff pages in a real Chromium (puppeteer-core, Debian's /usr/bin/chromium): what
 * they show, what clicking, searching, filtering and selecting a time range change, that they make no
 * request at all and log no error, and that crafted names stay text. Synthetic samples, so every share
 * shown is known exactly; the CLI tests open reports of real programs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThreadStates, type Sample } from '@pyglass/model';
import { diffData, diffProfiles, htmlDocument, htmlReport, ProfileTree } from '../src/index.js';
import { browserMissing, launchBrowser, openPage, settled, summaryValue, type OpenedPage } from '../../../tools/testing/browser.js';
import { frame, opts, sample, trace } from './helpers.js';

const missing = browserMissing();
if (missing) console.log(`[html page] skipped: ${missing}`);

interface PageRect { label: string; x: number; w: number; depth: number; y: number; colour: string; lit: boolean }

const rects = (page: Page) => page.evaluate(() => (window as unknown as { pyglass: { rects(): PageRect[] } }).pyglass.rects());
const selected = (page: Page) => page.evaluate(() => (window as unknown as { pyglass: { selected(): number } }).pyglass.selected());
const crumbs = (page: Page) => page.$$eval('#breadcrumbs .crumb', (bs) => bs.map((b) => b.textContent));
/** The table's rows in view (the table keeps elements only for those). */
const tableRows = async (page: Page) => {
  await settled(page);
  return page.$$eval('#function-table tbody tr[data-function]', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
};

/** Clicks the middle of the drawn frame labelled `label`. */
async function clickFrame(page: Page, label: string): Promise<void> {
  const r = (await rects(page)).find((x) => x.label === label);
  if (!r) throw new Error(`no frame ${label}`);
  const box = (await (await page.$('#graph canvas'))!.boundingBox())!;
  await page.mouse.click(box.x + r.x + r.w / 2, box.y + r.y + 9);
}

/**
 * 10 s at 100 Hz. MainThread: first half heavy 3 : light 1, second half light only. worker: `crunch`
 * on every sample, idle (not active) every other sample.
 */
function samples(): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < 1000; i++) {
    const firstHalf = i < 500;
    const leaf = firstHalf && i % 4 !== 0 ? 'heavy@busy.py:15' : 'light@busy.py:8';
    out.push(sample(1_000_000 + i * 10,
      trace(['<module>@busy.py:27', 'work@busy.py:22', leaf]),
      trace(['run@threading.py:900', i % 2 === 0 ? 'crunch@worker.py:3' : 'wait@worker.py:9'], { threadId: 2, osThreadId: 102, threadName: 'worker', ownsGil: false, active: i % 2 === 0 })));
  }
  return out;
}

describe.skipIf(missing !== undefined)('HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;
  const opened: OpenedPage[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pyglass-html-'));
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, html: Uint8Array | string, viewport?: { width: number; height: number }): Promise<OpenedPage> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const o = await openPage(browser, file, viewport);
    opened.push(o);
    return o;
  }

  it('shows the hottest function and its share, zooms, searches, filters threads and time', async () => {
    const o = await open('report.html', htmlReport(samples(), opts({ includeIdle: false })));
    const { page } = o;
    // idle samples start hidden (no --idle): MainThread 1000 + worker's 500 active samples
    expect(await selected(page)).toBe(1500);
    const rows = await tableRows(page);
    // heavy: 375 of 1500 own; light: 125 + 500; crunch: 500 → light is the hottest by own share
    expect(rows[0]![4]).toBe('light');
    expect(rows[0]![0]).toBe('41.7%');
    // every column: own %, total %, own and total time (100 Hz: 10 ms a sample), function, file:line
    expect(rows.find((r) => r[4] === 'heavy')).toEqual(['25.0%', '25.0%', '3.75 s', '3.75 s', 'heavy', '/app/busy.py:15']);
    expect(rows.find((r) => r[4] === 'work')).toEqual(['0.00%', '66.7%', '0.0 ms', '10.00 s', 'work', '/app/busy.py:22']);

    // hovering a frame tells its function, file:line, total and own samples and shares
    const heavyRect = (await rects(page)).find((r) => r.label === 'heavy (/app/busy.py:15)')!;
    const graphBox = (await (await page.$('#graph canvas'))!.boundingBox())!;
    await page.mouse.move(graphBox.x + heavyRect.x + heavyRect.w / 2, graphBox.y + heavyRect.y + 9);
    const tip = await page.$eval('#tooltip', (e) => ((e as HTMLElement).hidden ? '' : e.textContent));
    expect(tip).toContain('heavy (/app/busy.py:15)');
    expect(tip).toContain('total 375 samples (25.0%), own 375 (25.0%)');

    // one arrow, on the column sorted by, and every heading fits its cell
    const headings = () => page.$$eval('#function-table th', (ths) => ths.map((t) => [t.textContent, t.scrollWidth <= t.clientWidth]));
    expect(await headings()).toEqual([['Own % ▼', true], ['Total %', true], ['Own time', true], ['Total time', true], ['Function', true], ['File:line', true]]);
    await page.click('#function-table th:nth-child(3)');
    expect((await headings()).filter(([, fits]) => !fits)).toEqual([]);
    expect((await headings()).map(([text]) => text)).toEqual(['Own %', 'Total %', 'Own time ▲', 'Total time', 'Function', 'File:line']);
    await page.click('#function-table th:nth-child(1)');
    expect((await headings())[0]![0]).toBe('Own % ▼');
    // the table sorts by any column: by name, then by own share the other way round
    await page.click('#function-table th[data-sort="name"]');
    expect((await tableRows(page)).map((r) => r[4])).toEqual(['<module>', 'crunch', 'heavy', 'light', 'run', 'work']);
    await page.click('#function-table th[data-sort="own"]');
    await page.click('#function-table th[data-sort="own"]');
    expect((await tableRows(page)).map((r) => r[0])[0]).toBe('0.00%');
    await page.click('#function-table th[data-sort="own"]');
    expect((await tableRows(page))[0]![4]).toBe('light');
    // and filters by name
    await page.type('#table-filter', 'eav');
    expect((await tableRows(page)).map((r) => r[4])).toEqual(['heavy']);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    expect((await tableRows(page)).length).toBe(6);

    // zoom into work: the breadcrumb ends with it and it spans the whole width
    await clickFrame(page, 'work (/app/busy.py:22)');
    expect(await crumbs(page)).toEqual(['all', '<module> (/app/busy.py:27)', 'work (/app/busy.py:22)']);
    const zoomed = await rects(page);
    const width = zoomed[0]!.w;
    expect(zoomed[0]!.label).toBe('work (/app/busy.py:22)');
    expect(zoomed.find((r) => r.label === 'heavy (/app/busy.py:15)')!.w).toBeCloseTo((width * 375) / 1000, 5);
    expect(zoomed.some((r) => r.label.startsWith('crunch'))).toBe(false);
    // the breadcrumb's first button zooms out again
    await page.click('#breadcrumbs .crumb');
    expect((await rects(page))[0]!.label).toBe('all');

    // search: matches lit, the others dimmed, their share shown
    await page.focus('#search');
    await page.keyboard.type('heavy');
    await page.keyboard.press('Enter');
    expect(await page.$eval('#match', (e) => e.textContent)).toBe('25.0% matched (375 samples)');
    const lit = (await rects(page)).filter((r) => r.lit).map((r) => r.label);
    expect(lit).toEqual(['heavy (/app/busy.py:15)']);
    // Esc resets the search
    await page.keyboard.press('Escape');
    expect(await page.$eval('#match', (e) => e.textContent)).toBe('');
    expect(await page.$eval('#search', (e) => (e as HTMLInputElement).value)).toBe('');

    // unchecking the worker thread removes its frames
    const workerBox = await page.$$('fieldset[data-dimension="thread"] input');
    expect(workerBox.length).toBe(2);
    await workerBox[1]!.click();
    expect(await selected(page)).toBe(1000);
    expect((await rects(page)).some((r) => r.label.startsWith('crunch') || r.label.startsWith('run'))).toBe(false);
    await workerBox[1]!.click();
    expect(await selected(page)).toBe(1500);

    // checking idle adds the worker's idle samples
    const states = await page.$$('fieldset[data-dimension="state"] input');
    const labels = await page.$$eval('fieldset[data-dimension="state"] label', (ls) => ls.map((l) => l.textContent));
    const idleIndex = labels.findIndex((l) => l!.includes('idle'));
    await states[idleIndex]!.click();
    expect(await selected(page)).toBe(2000);
    expect((await rects(page)).some((r) => r.label.startsWith('wait'))).toBe(true);
    await states[idleIndex]!.click();

    // a time range over the first part of the record changes the totals
    const tl = (await (await page.$('#timeline-canvas'))!.boundingBox())!;
    const plotLeft = tl.x + 220;
    const plotWidth = tl.width - 220;
    await page.mouse.move(plotLeft + 2, tl.y + 5);
    await page.mouse.down();
    await page.mouse.move(plotLeft + plotWidth * 0.3, tl.y + 5, { steps: 4 });
    await page.mouse.up();
    const inRange = await selected(page);
    expect(inRange).toBeGreaterThan(0);
    expect(inRange).toBeLessThan(1500 * 0.45);
    // in the first half heavy is MainThread's hottest: 3 of its 4 samples, a third of all with the worker's active half
    const first = await tableRows(page);
    expect(first[0]![4]).toBe('heavy');
    expect(await summaryValue(page, 'Selected')).toMatch(new RegExp(`^${inRange} samples \\(`));
    await page.click('#clear-range');
    expect(await selected(page)).toBe(1500);

    // a row click focuses the function merged over its call sites, with its callers
    await settled(page);
    const lightRow = await page.$$('#function-table tbody tr[data-function]');
    const names = await page.$$eval('#function-table tbody tr[data-function] td.fn', (tds) => tds.map((t) => t.textContent));
    await lightRow[names.indexOf('light')]!.click();
    expect((await rects(page))[0]!.label).toBe('light (/app/busy.py)');
    expect(await page.$eval('#callers-title', (e) => (e as HTMLElement).hidden)).toBe(false);
    const callerLabels = await page.evaluate(() => (window as unknown as { pyglass: { callerRects(): Array<{ label: string }> } }).pyglass.callerRects().map((r) => r.label));
    expect(callerLabels).toEqual(['light (/app/busy.py)', 'work (/app/busy.py:22)', '<module> (/app/busy.py:27)']);

    // '/' focuses the search box, Esc leaves the function view
    await page.click('h1');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.press('Escape');
    expect((await rects(page))[0]!.label).toBe('all');

    // the Reset button undoes a zoom, a search and a time range at once
    await clickFrame(page, 'work (/app/busy.py:22)');
    await page.focus('#search');
    await page.keyboard.type('light');
    await page.keyboard.press('Enter');
    const tl2 = (await (await page.$('#timeline-canvas'))!.boundingBox())!;
    await page.mouse.move(tl2.x + 222, tl2.y + 5);
    await page.mouse.down();
    await page.mouse.move(tl2.x + 220 + plotWidth * 0.3, tl2.y + 5, { steps: 4 });
    await page.mouse.up();
    expect(await selected(page)).toBeLessThan(1500);
    expect((await rects(page))[0]!.label).toBe('work (/app/busy.py:22)');
    expect(await page.$eval('#match', (e) => e.textContent)).not.toBe('');
    await page.click('#reset');
    expect(await selected(page)).toBe(1500);
    expect(await crumbs(page)).toEqual(['all']);
    expect((await rects(page))[0]!.label).toBe('all');
    expect((await rects(page)).every((r) => r.lit)).toBe(true);
    expect(await page.$eval('#match', (e) => e.textContent)).toBe('');
    expect(await page.$eval('#search', (e) => (e as HTMLInputElement).value)).toBe('');
    expect(await summaryValue(page, 'Selected')).toBe('1500 samples (75.0%)');

    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([]);
  }, 60_000);

  it('keeps elements only for the table rows in view, and scrolling shows the others', async () => {
    // 200 functions, f<i> with i + 1 own samples, all called from main
    const many: Sample[] = [];
    for (let i = 0; i < 200; i++) for (let k = 0; k <= i; k++) many.push(sample(1000 + many.length * 10, trace(['main@app.py:1', `f${i}@lib.py:${i + 1}`])));
    const o = await open('many.html', htmlReport(many, opts()));
    const { page } = o;
    expect(await page.$eval('#functions .row .muted', (e) => e.textContent)).toBe('201 functions');
    const top = await tableRows(page);
    expect(top.length).toBeGreaterThan(5);
    expect(top.length).toBeLessThan(100);
    expect(top.slice(0, 3).map((r) => r[4])).toEqual(['f199', 'f198', 'f197']);
    // the table is as high as all its rows: scrolled to the end, the last ones are in view
    await page.$eval('#functions .table-wrap', (e) => e.scrollTo(0, e.scrollHeight));
    await page.waitForFunction(() => [...document.querySelectorAll('#function-table tbody tr[data-function] td.fn')].at(-1)?.textContent === 'main');
    const bottom = await tableRows(page);
    expect(bottom.slice(-3).map((r) => r[4])).toEqual(['f1', 'f0', 'main']);
    expect(bottom.length).toBeLessThan(100);
    // a row in view still focuses its function
    const inView = await page.$$('#function-table tbody tr[data-function]');
    await inView.at(-1)!.click();
    expect((await rects(page))[0]!.label).toBe('main (/app/app.py)');
    expect(o.errors).toEqual([]);
  }, 60_000);

  it('keeps the search and the focused function in its link, and starts from them', async () => {
    const o = await open('link.html', htmlReport(samples(), opts({ includeIdle: false })));
    await o.page.focus('#search');
    await o.page.keyboard.type('heavy');
    await o.page.keyboard.press('Enter');
    // the link is written after the next frame
    await o.page.waitForFunction(() => location.hash === '#search=heavy');
    const again = await o.page.browser().newPage();
    await again.goto(`${o.page.url().split('#')[0]}#search=heavy&function=${encodeURIComponent('light (/app/busy.py)')}`);
    await again.waitForFunction(() => 'pyglass' in window);
    expect(await again.$eval('#search', (e) => (e as HTMLInputElement).value)).toBe('heavy');
    expect(await again.evaluate(() => (window as unknown as { pyglass: { zoomLabel(): string } }).pyglass.zoomLabel())).toBe('light (/app/busy.py)');
    expect(await again.$eval('#callers-title', (e) => (e as HTMLElement).hidden)).toBe(false);
    await again.close();
    expect(o.errors).toEqual([]);
  }, 60_000);

  it('zooms by clicking in the flame layout too (root at the bottom)', async () => {
    const o = await open('flame.html', htmlReport(samples(), opts({ includeIdle: false })));
    const { page } = o;
    await page.click('#layout');
    const all = (await rects(page)).find((r) => r.label === 'all')!;
    const work = (await rects(page)).find((r) => r.label === 'work (/app/busy.py:22)')!;
    expect(work.y).toBeLessThan(all.y);
    await clickFrame(page, 'work (/app/busy.py:22)');
    expect(await crumbs(page)).toEqual(['all', '<module> (/app/busy.py:27)', 'work (/app/busy.py:22)']);
    // the zoomed graph has fewer rows than the canvas keeps: the hit test follows what is drawn
    await clickFrame(page, 'heavy (/app/busy.py:15)');
    expect(await page.evaluate(() => (window as unknown as { pyglass: { zoomLabel(): string } }).pyglass.zoomLabel())).toBe('heavy (/app/busy.py:15)');
    expect(o.errors).toEqual([]);
  }, 60_000);

  it('is readable on a laptop and on a large screen, in light and dark schemes', async () => {
    const html = htmlReport(samples(), opts());
    for (const viewport of [{ width: 1280, height: 720 }, { width: 2560, height: 1440 }]) {
      const o = await open(`size-${viewport.width}.html`, html, viewport);
      // nothing wider than the window: no horizontal scrolling
      expect(await o.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      const graphWidth = await o.page.$eval('#graph canvas', (c) => c.getBoundingClientRect().width);
      expect(graphWidth).toBeGreaterThan(viewport.width * 0.8);
      expect(o.errors).toEqual([]);
    }
    const o = await open('dark.html', html);
    const bg = (p: Page) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await bg(o.page);
    await o.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    const dark = await bg(o.page);
    expect(light).toBe('rgb(255, 255, 255)');
    expect(dark).not.toBe(light);
    // the theme button forces a scheme whatever the system's
    await o.page.click('#scheme'); // light
    expect(await bg(o.page)).toBe('rgb(255, 255, 255)');
    await o.page.click('#scheme'); // dark
    expect(await bg(o.page)).toBe(dark);
  }, 60_000);

  it('filters by state and sums GIL and GC shares when the sampler recorded states', async () => {
    // 100 samples: 50 holding the GIL on CPU, 30 waiting for it, 20 in GC
    const states: Sample[] = [];
    for (let i = 0; i < 100; i++) {
      const s = i < 50 ? ThreadStates.HoldsGil | ThreadStates.OnCpu : i < 80 ? ThreadStates.WaitingForGil : ThreadStates.GcCollecting | ThreadStates.HoldsGil;
      states.push(sample(1000 + i * 10, trace(['main@app.py:1', i < 50 ? 'compute@app.py:2' : i < 80 ? 'wait@app.py:3' : 'alloc@app.py:4'], { states: s, ownsGil: (s & ThreadStates.HoldsGil) !== 0 })));
    }
    const o = await open('states.html', htmlReport(states, opts()));
    const summary = await o.page.$eval('#summary', (e) => e.textContent ?? '');
    expect(summary).toContain('held 50.0%, waited for 30.0%, GC 20.0%');
    const labels = await o.page.$$eval('fieldset[data-dimension="state"] label', (ls) => ls.map((l) => l.textContent?.trim()));
    expect(labels).toEqual(['in GC (20)', 'waiting for the GIL (30)', 'holding the GIL (50)']);
    // unchecking "waiting for the GIL" removes wait's frames and its 30 samples
    const boxes = await o.page.$$('fieldset[data-dimension="state"] input');
    await boxes[1]!.click();
    expect(await selected(o.page)).toBe(70);
    expect((await rects(o.page)).some((r) => r.label.startsWith('wait'))).toBe(false);
    expect(o.errors).toEqual([]);
  }, 60_000);

  it('offers process, sub-interpreter, asyncio task, greenlet and span filters when the record has them', async () => {
    const mixed: Sample[] = [];
    for (let i = 0; i < 40; i++) {
      mixed.push(sample(1000 + i * 10,
        trace(['main@app.py:1', 'handle@app.py:2'], { span: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: i % 2 ? 'GET /a' : 'GET /b' } }),
        trace(['step@t.py:1'], { pid: 200, threadId: 5, asyncioTask: { id: 0x10, name: 'Task-1' } }),
        trace(['sub@s.py:1'], { threadId: 6, interpreterId: 2 }),
        trace(['gl@g.py:1'], { threadId: 7, greenlet: { address: 0xabc, running: true, main: false, typeName: 'greenlet.greenlet' } })));
    }
    const o = await open('dims.html', htmlReport(mixed, opts()));
    const dims = await o.page.$$eval('fieldset.dim', (fs) => fs.map((f) => (f as HTMLElement).dataset['dimension']));
    expect(dims).toEqual(['state', 'process', 'thread', 'interp', 'task', 'greenlet', 'span']);
    const spans = await o.page.$$eval('fieldset[data-dimension="span"] label', (ls) => ls.map((l) => l.textContent?.trim()));
    expect(spans).toEqual(['(no span) (120)', 'GET /b (20)', 'GET /a (20)']);
    expect(await selected(o.page)).toBe(160);
    // only the spans' samples: uncheck "(no span)"
    await (await o.page.$$('fieldset[data-dimension="span"] input'))[0]!.click();
    expect(await selected(o.page)).toBe(40);
    expect((await rects(o.page)).map((r) => r.label)).toEqual(['all', 'main (/app/app.py:1)', 'handle (/app/app.py:2)']);
    await (await o.page.$$('fieldset[data-dimension="span"] input'))[0]!.click();
    // each of the others: its value with its 40 samples; unchecking it takes them and their frames away
    const dimensions: Array<[string, string, string]> = [
      ['process', '200', 'step'],
      ['interp', 'interpreter 2', 'sub'],
      ['task', 'Task-1 (0x10)', 'step'],
      ['greenlet', 'greenlet 0xabc', 'gl'],
    ];
    for (const [dim, value, fn] of dimensions) {
      const labels = await o.page.$$eval(`fieldset[data-dimension="${dim}"] label`, (ls) => ls.map((l) => l.textContent?.trim() ?? ''));
      const i = labels.indexOf(`${value} (40)`);
      expect(i, `${dim}: ${labels.join(', ')}`).toBeGreaterThanOrEqual(0);
      const box = (await o.page.$$(`fieldset[data-dimension="${dim}"] input`))[i]!;
      await box.click();
      expect(await selected(o.page)).toBe(120);
      expect((await rects(o.page)).some((r) => r.label.startsWith(`${fn} (`)), dim).toBe(false);
      await box.click();
      expect(await selected(o.page)).toBe(160);
      expect((await rects(o.page)).some((r) => r.label.startsWith(`${fn} (`)), dim).toBe(true);
    }
    expect(o.errors).toEqual([]);
  }, 60_000);

  it('says so when the record has no samples', async () => {
    const o = await open('empty.html', htmlReport([], opts()));
    expect(await o.page.$eval('#no-samples', (e) => e.textContent)).toContain('No samples were collected');
    expect(await o.page.$eval('#graph', (e) => (e as HTMLElement).dataset['empty'])).toContain('No samples');
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([]);
  }, 60_000);

  it('shows crafted names as text: no markup, no script runs', async () => {
    const evil = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const file = `/app/a&b"'<é>.py`;
    const crafted: Sample[] = [];
    for (let i = 0; i < 20; i++) {
      crafted.push(sample(1000 + i * 10,
        { ...trace([]), frames: [{ ...frame('x@y.py:1'), name: evil, filename: file, shortFilename: undefined, line: 3 }], threadName: `<b onmouseover="window.__pwned=3">T</b> ✓ ${evil}` }));
    }
    let dialogs = 0;
    const o = await open('crafted.html', htmlReport(crafted, opts({ title: `pyglass record -o ${evil}` })));
    o.page.on('dialog', () => void dialogs++);
    const row = (await tableRows(o.page))[0]!;
    expect(row[4]).toBe(evil);
    expect(row[5]).toBe(`${file}:3`);
    expect(await o.page.$eval('fieldset[data-dimension="thread"]', (e) => e.textContent)).toContain(`<b onmouseover="window.__pwned=3">T</b> ✓ ${evil}`);
    expect(await o.page.$eval('h1', (e) => e.textContent)).toBe(`pyglass record -o ${evil}`);
    expect(await o.page.title()).toBe(`pyglass record -o ${evil}`);
    // hover the frame and search for it: still text
    await o.page.focus('#search');
    await o.page.keyboard.type('onerror');
    await o.page.keyboard.press('Enter');
    expect(await o.page.$eval('#match', (e) => e.textContent)).toBe('100.0% matched (20 samples)');
    await clickFrame(o.page, `${evil} (${file}:3)`);
    expect(await o.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await o.page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(await o.page.$$eval('script', (s) => s.length)).toBe(2);
    expect(dialogs).toBe(0);
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([]);
  }, 60_000);

  it('diff page: grown frames red, shrunk blue, vanished listed, both figures on hover', async () => {
    const base = new ProfileTree('base.pb.gz');
    const next = new ProfileTree('new.pb.gz');
    const f = (t: ProfileTree, names: string[]) => names.map((n) => t.frameId(n, '/app/x.py'));
    base.add(f(base, ['main', 'alpha']), 750);
    base.add(f(base, ['main', 'beta']), 250);
    base.add(f(base, ['main', 'gone']), 100);
    next.add(f(next, ['main', 'alpha']), 250);
    next.add(f(next, ['main', 'beta']), 750);
    const d = diffProfiles(base, next);
    const o = await open('diff.html', htmlDocument(diffData(d, 'pyglass diff'), 'pyglass diff'));
    const drawn = await o.page.evaluate(() => (window as unknown as { pyglass: { rects(): Array<{ label: string; colour: string; beyond: boolean }> } }).pyglass.rects());
    const colour = (name: string) => drawn.find((r) => r.label === `${name} (/app/x.py)`)!.colour;
    const [r1, g1, b1] = colour('beta').match(/\d+/g)!.map(Number);
    expect(r1).toBeGreaterThan(g1!);
    expect(r1).toBeGreaterThan(b1!);
    const [r2, g2, b2] = colour('alpha').match(/\d+/g)!.map(Number);
    expect(b2).toBeGreaterThan(r2!);
    expect(b2).toBeGreaterThan(g2!);
    expect(await o.page.$eval('#regressions tbody tr td.fn', (e) => e.textContent)).toBe('beta');
    expect(await o.page.$eval('#improvements tbody tr td.fn', (e) => e.textContent)).toBe('alpha');
    expect(await o.page.$eval('#vanished', (e) => e.textContent)).toContain('main (/app/x.py) → gone (/app/x.py)');
    const box = (await (await o.page.$('#graph canvas'))!.boundingBox())!;
    const beta = (await o.page.evaluate(() => (window as unknown as { pyglass: { rects(): Array<{ label: string; x: number; w: number; depth: number }> } }).pyglass.rects())).find((r) => r.label === 'beta (/app/x.py)')!;
    await o.page.mouse.move(box.x + beta.x + beta.w / 2, box.y + beta.depth * 18 + 9);
    const tip = await o.page.$eval('#tooltip', (e) => e.textContent);
    expect(tip).toContain('BASE: total 250 (22.7%)');
    expect(tip).toContain('NEW:  total 750 (75.0%)');
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([]);
  }, 60_000);
});
