import { defineProject } from 'vitest/config';
import { packageTests, sourceResolution } from '../../tools/testing/vitest-project.js';

export default defineProject({
  ssr: sourceResolution,
  test: { ...packageTests, name: 'cpython-layouts', globalSetup: ['../../tools/pythons/global-setup.ts'] },
});
