import { defineProject } from 'vitest/config';

export default defineProject({
  // Resolve sibling @pyglass packages to their TypeScript sources (the "@pyglass/source" export condition).
  ssr: { resolve: { conditions: ['@pyglass/source'] } },
  test: { name: 'exporters', include: ['test/**/*.test.ts'], globalSetup: ['test/generate.setup.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 900_000 },
});
