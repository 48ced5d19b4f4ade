#!/usr/bin/env node
// The HTML report's interaction times, two page builds side by side on the same data: BASE.html (a
// report written by an earlier build, e.g. `PYGLASS_BENCH_OUT=DIR node bench/html-report.mjs` in a
// checkout of it) against the same data re-wrapped with the working tree's page code (its
// packages/exporters/dist: run `npm run build` first). The two are opened in turn, fresh pages,
// `--pairs` times, so that a shared machine's load falls on both alike; each time PYGLASS_BENCH_ROUNDS
// (3) rounds of zoom, thread filter, time range and search are timed (bench/lib/html-page.mjs).
// Prints the medians of each (handler / next frame painted / frame with the panels) and the load.
// Usage: node bench/html-report-ab.mjs BASE.html [--pairs 3]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { actionNames, launchChromium, median, medians, openReport, timeActions } from './lib/html-page.mjs';
import { option } from './lib/options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const base = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--pairs');
if (!base) {
  console.error('usage: node bench/html-report-ab.mjs BASE.html [--pairs 3]');
  process.exit(2);
}
const pairs = Number(option(args, '--pairs', '3'));
const rounds = Number(process.env.PYGLASS_BENCH_ROUNDS ?? 3);
const { htmlDocument } = await import(pathToFileURL(join(root, 'packages/exporters/dist/index.js')).href);

// the same data and title, this tree's page
const text = readFileSync(base, 'utf8');
const data = /<script type="application\/json" id="pyglass-data">([\s\S]*?)<\/script>/.exec(text);
const title = /<title>([\s\S]*?)<\/title>/.exec(text);
if (!data || !title) {
  console.error(`${base} is not a pyglass HTML report`);
  process.exit(1);
}
const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const dir = mkdtempSync(join(tmpdir(), 'pyglass-html-ab-'));
const current = join(dir, `current-${basename(base)}`);
writeFileSync(current, htmlDocument(JSON.parse(data[1]), unescape(title[1])));

const browser = await launchChromium();
const results = { base: { open: [], actions: {} }, current: { open: [], actions: {} } };
const loads = [];
for (let p = 0; p < pairs; p++) {
  for (const [key, file] of p % 2 === 0 ? [['base', base], ['current', current]] : [['current', current], ['base', base]]) {
    const o = await openReport(browser, file);
    results[key].open.push(o.ms);
    const t = await timeActions(o.page, rounds);
    for (const name of actionNames) (results[key].actions[name] ??= []).push(...t[name]);
    if (o.errors.length) console.log(`${key}: page errors: ${o.errors.join('; ')}`);
    await o.page.close();
    loads.push(loadavg()[0]);
  }
}
await browser.close();
rmSync(dir, { recursive: true, force: true });

console.log(`load average (1 min) during the runs: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (2 CPUs shared: figures taken while others run are not final)`);
console.log(`ms, medians of ${pairs} pages × ${rounds} rounds × both ways: handler / next frame painted / frame with the panels`);
const fmt = (t) => t.map((x) => x.toFixed(0)).join(' / ');
for (const key of ['base', 'current']) {
  const r = results[key];
  console.log(`${key.padEnd(8)} open ${median(r.open).toFixed(0)}   ${actionNames.map((n) => `${n} ${fmt(medians(r.actions[n]))}`).join('   ')}`);
}
