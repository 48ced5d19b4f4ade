import { defineProject } from 'vitest/config';
import { packageTests, sourceResolution } from '../../tools/testing/vitest-project.js';

export default defineProject({
  ssr: sourceResolution,
  test: {
    ...packageTests,
    name: 'cli',
    globalSetup: ['../../tools/pythons/global-setup.ts', 'test/build-cli.setup.ts'],
    // three files at a time: the CLI's suite is the longest lane of `npm test` and runs alone once the
    // other packages' lane is done; most of a CLI test waits on processes it started
    maxWorkers: 3,
  },
});
