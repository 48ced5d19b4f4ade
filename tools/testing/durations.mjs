#!/usr/bin/env node
// Writes tools/testing/durations.json: each test file's duration in seconds in the last run, from
// the result caches vitest keeps under each package's node_modules/.vite/vitest/. The sequencer
// (tools/testing/sequencer.ts) starts the longest files first. Run it after a whole `npm test`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const out = {};
for (const pkg of readdirSync(join(root, 'packages'))) {
  const caches = join(root, 'packages', pkg, 'node_modules', '.vite', 'vitest');
  if (!existsSync(caches)) continue;
  for (const hash of readdirSync(caches)) {
    const file = join(caches, hash, 'results.json');
    if (!existsSync(file)) continue;
    for (const [key, result] of JSON.parse(readFileSync(file, 'utf8')).results) {
      if (result.duration > 0) out[key] = Math.max(1, Math.round(result.duration / 1000));
    }
  }
}
const sorted = Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(join(root, 'tools', 'testing', 'durations.json'), `${JSON.stringify(sorted, null, 2)}\n`);
console.log(`[durations] ${Object.keys(sorted).length} test files written to tools/testing/durations.json`);
