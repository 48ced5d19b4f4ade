import { defineProject } from 'vitest/config';
import { packageTests, sourceResolution } from '../../tools/testing/vitest-project.js';

// Two files at a time like every package (fileParallelism: false came with c233c06, for the chroot
// script copy race tools/pythons/pythons.ts fixes). No two files interfere: each samples only the
// targets it started, in its own worker process (pool 'forks'); temporary files are per process
// (mkdtemp; the chroot copy's temporary name has the pid); process.env changes (caches.test.ts) stay
// in the worker.
export default defineProject({
  ssr: sourceResolution,
  test: { ...packageTests, name: 'sampler', globalSetup: ['../../tools/pythons/global-setup.ts'] },
});
