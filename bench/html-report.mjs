#!/usr/bin/env node
// Scale figures of the HTML report (`record -f html`), measured in the Chromium the tests use:
//  - a 10-minute record at 1 kHz of 10 threads (6,000,000 thread samples) over 50,000 distinct
//    frames (synthetic samples: a random call tree of 50,000 functions, each thread staying on a
//    Zipf-chosen stack for a few samples, as real threads do);
//  - time to build the file, its size, and the same for 1 minute of the same program (the size
//    follows the distinct stacks and the time buckets, not the samples);
//  - time to open it in Chromium (navigation to first render), then in the page, PYGLASS_BENCH_ROUNDS
//    (5) rounds of: zoom into a frame and out, uncheck and check a thread, select a time range and clear
//    it, search and clear it (bench/lib/html-page.mjs). Goals: open < 2 s, each action < 100 ms to the
//    next frame painted; the table and the other panels follow a frame later, and that time is printed
//    too. The first use of each action and the median of all are printed.
//  The peer figure beside them: the SVG flame graph (`-f flamegraph`, py-spy's format) of the same
//  samples, its size and open time.
// Usage: node bench/html-report.mjs [minutes=10]   (run `npm run build` first; Debian's chromium)
// On a shared machine the times follow its load: the load average is printed with them.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { actionNames, launchChromium, median, medians, openReport, timeActions } from './lib/html-page.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { HtmlRecorder, FlamegraphRecorder } = await import(pathToFileURL(join(root, 'packages/exporters/dist/index.js')).href);
const minutes = Number(process.argv[2] ?? 10);
const RATE = 1000;
const THREADS = 10;
const FRAMES = 50_000;

// deterministic pseudo-random numbers (xorshift32)
let seed = 0x9e3779b9;
const rnd = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};

// a call tree of FRAMES functions: node i's parent is one of the nodes a little before it
const parent = new Int32Array(FRAMES);
const frames = [];
for (let i = 0; i < FRAMES; i++) {
  parent[i] = i === 0 ? -1 : Math.max(0, i - 1 - Math.floor(rnd() * Math.min(i, 4000)));
  frames.push({ name: `fn_${i}`, filename: `/app/pkg${i % 300}/mod${i % 37}.py`, line: 1 + (i % 500), isEntry: false, isShimEntry: false });
}
// every node is a stack (root → node), innermost first as the sampler gives them
const stackCache = new Map();
function stack(node) {
  let s = stackCache.get(node);
  if (s === undefined) {
    s = [];
    for (let n = node; n >= 0; n = parent[n]) s.push(frames[n]);
    stackCache.set(node, s);
  }
  return s;
}
// Zipf-like choice over a shuffled list of nodes: a few stacks hot, a long tail
const order = Int32Array.from({ length: FRAMES }, (_, i) => i);
for (let i = FRAMES - 1; i > 0; i--) {
  const j = Math.floor(rnd() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const zipf = () => order[Math.min(FRAMES - 1, Math.floor(Math.exp(rnd() * Math.log(FRAMES))) - 1)];

function build(recorder, mins) {
  const intervals = mins * 60 * RATE;
  const current = Array.from({ length: THREADS }, () => zipf());
  const left = new Int32Array(THREADS);
  // every node once, so that all FRAMES frames are in the profile
  const all = [];
  for (let i = 0; i < FRAMES; i++) all.push(i);
  const t0 = 1_700_000_000_000;
  const traces = Array.from({ length: THREADS }, (_, t) => ({ pid: 4242, threadId: 1000 + t, osThreadId: 5000 + t, threadName: t === 0 ? 'MainThread' : `worker-${t}`, active: true, ownsGil: false, frames: [] }));
  for (let k = 0; k < intervals; k++) {
    for (let t = 0; t < THREADS; t++) {
      if (left[t]-- <= 0) {
        current[t] = all.length > 0 && k % 3 === 0 ? all.pop() : zipf();
        left[t] = Math.floor(rnd() * 40);
      }
      const tr = traces[t];
      tr.frames = stack(current[t]);
      tr.active = (k + t) % 7 !== 0;
      tr.ownsGil = tr.active && (k + t) % THREADS === 0;
    }
    if (recorder instanceof HtmlRecorder) recorder.add({ time: t0 + k, traces });
    else for (const tr of traces) if (tr.active) recorder.add(tr, t0 + k);
  }
}

const options = { sampleRate: RATE, includeThreadIds: false, includeIdle: false, title: `bench: ${minutes} min at 1 kHz, ${THREADS} threads, ${FRAMES} frames` };
// PYGLASS_BENCH_OUT=DIR keeps the files there (to look at them, or profile the page)
const keep = process.env.PYGLASS_BENCH_OUT;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'pyglass-bench-html-'));
const results = [];
function make(kind, mins) {
  const t = performance.now();
  const rec = kind === 'html' ? new HtmlRecorder(options) : new FlamegraphRecorder(options);
  build(rec, mins);
  const bytes = rec.finish();
  const file = join(dir, `${kind}-${mins}.${kind === 'html' ? 'html' : 'svg'}`);
  writeFileSync(file, bytes);
  const ms = performance.now() - t;
  console.log(`${kind} ${mins} min: ${(bytes.length / 1e6).toFixed(2)} MB, ${rec.distinctStacks} distinct stacks, built in ${(ms / 1000).toFixed(1)} s`);
  return file;
}
const html = make('html', minutes);
const htmlShort = make('html', Math.max(1, minutes / 10));
const svg = make('flamegraph', minutes);
if (process.env.PYGLASS_BENCH_BUILD_ONLY === '1') process.exit(0);

const ROUNDS = Number(process.env.PYGLASS_BENCH_ROUNDS ?? 5);
const browser = await launchChromium();
const opens = [];
let opened;
for (let i = 0; i < 3; i++) {
  const o = await openReport(browser, html);
  opens.push(o.ms);
  if (i < 2) await o.page.close();
  else opened = o;
}
const { page, errors } = opened;
const timings = await timeActions(page, ROUNDS);
const svgOpen = await openReport(browser, svg);
await browser.close();

const mb = (f) => (statSync(f).size / 1e6).toFixed(2);
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 CPUs shared: figures taken while others run are not final)`);
console.log(`html ${minutes} min: ${mb(html)} MB; ${Math.max(1, minutes / 10)} min of the same program: ${mb(htmlShort)} MB`);
console.log(`open in Chromium (median of 3): ${median(opens).toFixed(0)} ms   (goal < 2000)`);
console.log(`ms: handler / next frame painted / frame with the table, summary and sources updated (goal < 100 to the next frame)`);
const fmt = (t) => t.map((x) => x.toFixed(0)).join(' / ');
for (const name of actionNames) {
  const list = timings[name];
  console.log(`${name.padEnd(7)} first ${fmt(list[0])}; median of ${list.length} (both ways, ${ROUNDS} rounds) ${fmt(medians(list))}`);
}
console.log(`peer: SVG flame graph of the same samples: ${mb(svg)} MB, opens in ${svgOpen.ms.toFixed(0)} ms (no table, filters or timeline)`);
if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
if (keep === undefined) rmSync(dir, { recursive: true, force: true });
