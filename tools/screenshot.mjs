#!/usr/bin/env node
// A picture of a pyglass HTML report or diff, taken by the Chromium the browser tests use
// (Debian's /usr/bin/chromium through puppeteer-core). Any request the page makes is refused.
// Usage: node tools/screenshot.mjs PAGE.html OUT.png [WIDTHxHEIGHT] [light|dark]
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

const [page, out, size = '1400x900', scheme = 'light'] = process.argv.slice(2);
if (!page || !out) {
  console.error('usage: node tools/screenshot.mjs PAGE.html OUT.png [WIDTHxHEIGHT] [light|dark]');
  process.exit(2);
}
const [width, height] = size.split('x').map(Number);
const browser = await puppeteer.launch({
  executablePath: process.env.PYGLASS_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-first-run', '--disable-gpu', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
});
try {
  const tab = await browser.newPage();
  await tab.setViewport({ width, height });
  await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  const url = pathToFileURL(resolve(page)).href;
  await tab.setRequestInterception(true);
  tab.on('request', (r) => void (r.url() === url ? r.continue() : r.abort('blockedbyclient')));
  await tab.goto(url, { waitUntil: 'load' });
  await tab.waitForFunction(() => 'pyglass' in window);
  await tab.screenshot({ path: out });
} finally {
  await browser.close();
}
