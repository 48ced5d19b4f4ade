#!/usr/bin/env node
// Top self-time functions of a V8 .cpuprofile (as written by `node --cpu-prof`), summed by function +
// file:line, so the same function reached through many call paths counts once. Also sums self time by
// file, which shows which package the time goes to.
//
// Usage: node bench/cpuprofile-top.mjs FILE.cpuprofile|DIR [--top 25]
//   (a directory: its newest .cpuprofile)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
let file = args.find((a, i) => !a.startsWith('--') && i !== topAt + 1);
if (!file) {
  console.error('usage: node bench/cpuprofile-top.mjs FILE.cpuprofile|DIR [--top 25]');
  process.exit(2);
}
if (statSync(file).isDirectory()) {
  const newest = readdirSync(file).filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(file, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) {
    console.error(`no .cpuprofile in ${file}`);
    process.exit(2);
  }
  file = newest;
}

const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
// Sample i lasts until sample i+1 (the delta stored with i+1); the last one gets no time.
const selfUs = new Map();
for (let i = 0; i < profile.samples.length - 1; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + profile.timeDeltas[i + 1]);
}

const shortUrl = (url) => {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm);
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
};
const byFunction = new Map();
const byFile = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const where = shortUrl(url);
  const key = `${functionName || '(anonymous)'}  ${where}${where ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const fileKey = where || functionName; // (program), (garbage collector), (idle) have no file
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  total += us;
}

const print = (title, map, n) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled, ${profile.samples.length} samples`);
print(`Top ${top} functions by self time`, byFunction, top);
print('Top 12 files by self time', byFile, 12);
