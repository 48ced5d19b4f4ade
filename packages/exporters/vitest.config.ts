import { defineProject } from 'vitest/config';
import { packageTests, sourceResolution } from '../../tools/testing/vitest-project.js';

export default defineProject({
  ssr: sourceResolution,
  test: { ...packageTests, name: 'exporters', globalSetup: ['test/generate.setup.ts'] },
});
