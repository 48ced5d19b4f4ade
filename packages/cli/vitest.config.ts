import { defineProject } from 'vitest/config';

export default defineProject({
  // Resolve sibling @pyglass packages to their TypeScript sources (the "@pyglass/source" export condition).
  ssr: { resolve: { conditions: ['@pyglass/source'] } },
  test: { name: 'cli', globalSetup: ['../../tools/pythons/global-setup.ts', 'test/build-cli.setup.ts'], include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 900_000 },
});
