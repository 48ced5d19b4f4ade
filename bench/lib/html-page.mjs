// Timing the HTML report's interactions inside Chromium (puppeteer-core, Debian's chromium), shared by
// bench/html-report.mjs and bench/html-report-ab.mjs.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export const actionNames = ['zoom', 'thread', 'range', 'search'];

export async function launchChromium() {
  const chromium = process.env.PYGLASS_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.error(`no Chromium at ${chromium}: tools/pythons/provision.sh host installs it`);
    process.exit(1);
  }
  const puppeteer = createRequire(import.meta.url)('puppeteer-core');
  return puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/** Opens `file` in a new 1600×1000 page; `ms` from navigation to the load event (the page renders before it). */
export async function openReport(browser, file) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 1000 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const t = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, ms: performance.now() - t, errors };
}

/**
 * Runs `rounds` rounds of: zoom into a frame and out again (the first breadcrumb), uncheck and check a
 * thread, select a time range and clear it, search and clear the search. Each step is timed three ways:
 * its handler (synchronous: aggregate and redraw), to the next frame painted, and to the frame after the
 * panels (table, summary, sources) caught up, which follow the canvases by a frame. Returns, per action,
 * the list of [handler, frame, panels] in order (the first is the page's first use of that action).
 */
export async function timeActions(page, rounds) {
  // as a user would, act once the page is shown and idle (it draws its canvases once more then)
  await page.evaluate(() => window.pyglass.settled?.());
  return page.evaluate(async (rounds) => {
    const steps = {
      zoom: [
        () => {
          const canvas = document.querySelector('#graph canvas');
          const box = canvas.getBoundingClientRect();
          canvas.dispatchEvent(new MouseEvent('click', { clientX: box.left + 40, clientY: box.top + 18 * 3 + 9, bubbles: true }));
        },
        () => document.querySelector('#breadcrumbs .crumb').click(),
      ],
      thread: [
        () => document.querySelectorAll('fieldset[data-dimension="thread"] input')[1].click(),
        () => document.querySelectorAll('fieldset[data-dimension="thread"] input')[1].click(),
      ],
      range: [
        () => {
          const canvas = document.querySelector('#timeline-canvas');
          const box = canvas.getBoundingClientRect();
          canvas.dispatchEvent(new MouseEvent('mousedown', { clientX: box.left + 260, clientY: box.top + 5, bubbles: true }));
          window.dispatchEvent(new MouseEvent('mousemove', { clientX: box.left + 600, clientY: box.top + 5 }));
          window.dispatchEvent(new MouseEvent('mouseup', { clientX: box.left + 600, clientY: box.top + 5 }));
        },
        () => document.querySelector('#clear-range').click(),
      ],
      search: [
        () => {
          const input = document.querySelector('#search');
          input.value = 'fn_12';
          input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        },
        () => {
          const input = document.querySelector('#search');
          input.value = '';
          input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        },
      ],
    };
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const out = {};
    for (let r = 0; r < rounds; r++) {
      for (const [name, acts] of Object.entries(steps)) {
        for (const act of acts) {
          // asked for before the action, so that this frame callback runs first and its timeout is the
          // first task after the frame: what the page itself queues for after the frame is not counted
          const painted = nextFrame();
          const t = performance.now();
          act();
          const handler = performance.now() - t;
          await painted;
          const frame = performance.now() - t;
          await window.pyglass.settled?.();
          await nextFrame();
          (out[name] ??= []).push([handler, frame, performance.now() - t]);
        }
      }
    }
    return out;
  }, rounds);
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** "handler / next frame / panels" medians of a list of timings. */
export function medians(list) {
  return [0, 1, 2].map((i) => median(list.map((x) => x[i])));
}
