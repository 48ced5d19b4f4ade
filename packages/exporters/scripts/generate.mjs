#!/usr/bin/env node
// Writes src/gen/: the report page (bundle-page.mjs) and the output format names (format-names.mjs).
// Part of the build (the root `build`/`prepare` and this package's `build` and `prepack` run it before
// tsc, the tests' global set-up too); `npm run generate -w @pyglass/exporters` runs it alone.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFormatNames } from './format-names.mjs';

writeFormatNames(join(dirname(fileURLToPath(import.meta.url)), '..'));
await import('./bundle-page.mjs');
