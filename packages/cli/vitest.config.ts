import { defineProject } from 'vitest/config';

export default defineProject({
  // Resolve sibling @pyglass packages to their TypeScript sources (the "@pyglass/source" export condition).
  ssr: { resolve: { conditions: ['@pyglass/source'] } },
  test: {
    name: 'cli',
    globalSetup: ['../../tools/pythons/global-setup.ts', 'test/build-cli.setup.ts'],
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 900_000,
    // Two files at a time, also on 2 CPUs (vitest's default there is one): most of a CLI test is
    // waiting — on a record's duration, a target's start, npm installs (packed-install) — and no
    // test depends on how busy the machine is (the README's "Tests"; `npm run test:stress`).
    maxWorkers: 2,
  },
});
