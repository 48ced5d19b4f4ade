#!/usr/bin/env node
// Scale figures of the HTML report (`record -f html`), measured in the Chromium the tests use:
//  - a 10-minute record at 1 kHz of 10 threads (6,000,000 thread samples) over 50,000 distinct
//    frames (synthetic samples: a random call tree of 50,000 functions, each thread staying on a
//    Zipf-chosen stack for a few samples, as real threads do);
//  - time to build the file, its size, and the same for 1 minute of the same program (the size
//    follows the distinct stacks and the time buckets, not the samples);
//  - time to open it in Chromium (navigation to first render), then in the page: zoom into a frame,
//    uncheck a thread, select a time range, search (goals: open < 2 s, each action < 100 ms to the next
//    frame painted; the table and the other panels follow a frame later, and that time is printed too).
//  The peer figure beside them: the SVG flame graph (`-f flamegraph`, py-spy's format) of the same
//  samples, its size and open time.
// Usage: node bench/html-report.mjs [minutes=10]   (run `npm run build` first; Debian's chromium)
// On a shared machine the times follow its load: the load average is printed with them.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { HtmlRecorder, FlamegraphRecorder } = await import(pathToFileURL(join(root, 'packages/exporters/dist/index.js')).href);
const puppeteer = (await import('puppeteer-core')).default;
const chromium = process.env.PYGLASS_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`no Chromium at ${chromium}: tools/pythons/provision.sh host installs it`);
  process.exit(1);
}
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

const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
async function open(file) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 1000 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const t = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const ms = performance.now() - t;
  return { page, ms, errors };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const opens = [];
for (let i = 0; i < 3; i++) {
  const o = await open(html);
  opens.push(o.ms);
  if (i < 2) await o.page.close();
  else results.push(o);
}
const { page, errors } = results[0];
// in-page timings: each action runs its handler synchronously (aggregate and redraw); the second
// figure runs on to the next frame (the browser's style, layout and paint of what the handler changed)
const timed = (action) => page.evaluate(async (name) => {
  const act = {
    zoom: () => {
      const canvas = document.querySelector('#graph canvas');
      const box = canvas.getBoundingClientRect();
      canvas.dispatchEvent(new MouseEvent('click', { clientX: box.left + 40, clientY: box.top + 18 * 3 + 9, bubbles: true }));
    },
    thread: () => document.querySelectorAll('fieldset[data-dimension="thread"] input')[1].click(),
    range: () => {
      const canvas = document.querySelector('#timeline-canvas');
      const box = canvas.getBoundingClientRect();
      canvas.dispatchEvent(new MouseEvent('mousedown', { clientX: box.left + 260, clientY: box.top + 5, bubbles: true }));
      window.dispatchEvent(new MouseEvent('mousemove', { clientX: box.left + 600, clientY: box.top + 5 }));
      window.dispatchEvent(new MouseEvent('mouseup', { clientX: box.left + 600, clientY: box.top + 5 }));
    },
    search: () => {
      const input = document.querySelector('#search');
      input.value = 'fn_12';
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    },
  }[name];
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  // asked for before the action, so that this frame callback runs first and its timeout is the first
  // task after the frame: what the page itself queues for after the frame is not counted in it
  const painted = nextFrame();
  const t = performance.now();
  act();
  const handler = performance.now() - t;
  await painted;
  const frame = performance.now() - t;
  // the panels (table, summary, sources) follow the flame graph and timeline by a frame
  await window.pyglass.settled();
  await nextFrame();
  return [handler, frame, performance.now() - t];
}, action);
// as a user would, act once the page is shown and idle (it draws its canvases once more then)
await page.evaluate(() => window.pyglass.settled());
const zoom = await timed('zoom');
const thread = await timed('thread');
const range = await timed('range');
const search = await timed('search');
const svgOpen = await open(svg);
await browser.close();

const mb = (f) => (statSync(f).size / 1e6).toFixed(2);
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 CPUs shared: figures taken while others run are not final)`);
console.log(`html ${minutes} min: ${mb(html)} MB; ${Math.max(1, minutes / 10)} min of the same program: ${mb(htmlShort)} MB`);
console.log(`open in Chromium (median of 3): ${median(opens).toFixed(0)} ms   (goal < 2000)`);
const both = ([handler, frame, panels]) => `${handler.toFixed(1)} ms (${frame.toFixed(0)} to the next frame, ${panels.toFixed(0)} to the table's)`;
console.log('handler (to the next frame painted, to the frame with the table, summary and sources updated):');
console.log(`zoom ${both(zoom)}, thread filter ${both(thread)}, time range ${both(range)}, search ${both(search)}   (goal < 100 each, to the next frame)`);
console.log(`peer: SVG flame graph of the same samples: ${mb(svg)} MB, opens in ${svgOpen.ms.toFixed(0)} ms (no table, filters or timeline)`);
if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
if (keep === undefined) rmSync(dir, { recursive: true, force: true });
