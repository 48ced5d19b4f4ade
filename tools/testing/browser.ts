/**
 * Opening pyglass's HTML pages in a real Chromium (Debian's, /usr/bin/chromium, installed by
 * tools/pythons/provision.sh host) through puppeteer-core. Every request the page makes, other than the
 * file it was opened from, is failed and recorded, and so are console errors and uncaught exceptions.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const chromiumPath = process.env['PYGLASS_CHROMIUM'] ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  return existsSync(chromiumPath) ? undefined : `no Chromium at ${chromiumPath} (tools/pythons/provision.sh host installs Debian's chromium; PYGLASS_CHROMIUM points elsewhere)`;
}

export async function launchBrowser(): Promise<Browser> {
  const args = ['--no-first-run', '--disable-gpu', '--disable-dev-shm-usage'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return puppeteer.launch({ executablePath: chromiumPath, headless: true, args });
}

export interface OpenedPage {
  page: Page;
  /** Requests other than the page's own file (all failed). */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Milliseconds from navigation start until the page's code finished its first render. */
  loadMs: number;
}

export async function openPage(browser: Browser, file: string, viewport = { width: 1400, height: 900 }): Promise<OpenedPage> {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  const url = pathToFileURL(file).href;
  const requests: string[] = [];
  const errors: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() === url && req.isNavigationRequest()) void req.continue();
    else {
      requests.push(req.url());
      void req.abort('blockedbyclient');
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => 'pyglass' in window || document.body.textContent?.includes('no data'), { timeout: 30_000 });
  const loadMs = Date.now() - t0;
  return { page, requests, errors, loadMs };
}

/** Resolves once a report's panels (table, summary, sources), which follow the canvases by a frame, show the last change. */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { pyglass: { settled(): Promise<void> } }).pyglass.settled());
}

/** A report summary's value for `key` (e.g. 'Selected'), once the panels caught up. */
export async function summaryValue(page: Page, key: string): Promise<string | undefined> {
  await settled(page);
  return page.$$eval('#summary dt', (dts, k) => dts.find((dt) => dt.textContent === k)?.nextElementSibling?.textContent ?? undefined, key);
}
