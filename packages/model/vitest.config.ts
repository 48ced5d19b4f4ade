import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['@pyglass/source'] } },
  test: { name: 'model', include: ['test/**/*.test.ts'], environment: 'node' },
});
