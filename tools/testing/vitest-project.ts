/** What every package's vitest project shares (each package's vitest.config.ts spreads these). */
import { LongestFirst } from './sequencer.js';

/** Sibling @pyglass packages resolve to their TypeScript sources (the "@pyglass/source" export condition). */
export const sourceResolution = { resolve: { conditions: ['@pyglass/source'] } };

/**
 * Test settings shared by every package. Two files at a time, also on 2 CPUs (vitest's default there
 * is one): most of a test is waiting — on a target's start, a record's samples, an npm install — and
 * no test depends on how busy the machine is (the README's "Tests"; `npm run test:stress`). Hooks
 * may build or provision for minutes on a loaded machine. A test's own limit is longer than the
 * waits inside it (a target's READY is waited for 120 s), so that the wait that fires says what it
 * waited for. The longest files start first.
 */
export const packageTests = {
  include: ['test/**/*.test.ts'],
  environment: 'node',
  testTimeout: 300_000,
  hookTimeout: 900_000,
  maxWorkers: 2,
  // a worker runs file after file with the modules it has already loaded (vitest, the packages'
  // sources, the helpers) instead of a fresh process per file: the sampler's suite took 222 CPU-s
  // instead of 257. Nothing here relies on a fresh module state: the tests mock nothing, restore the
  // environment variables they set, and a helper that registers hooks (cliSuite) does so when the
  // file calls it.
  isolate: false,
  sequence: { sequencer: LongestFirst },
} as const;
