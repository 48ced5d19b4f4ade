#!/usr/bin/env node
// Writes src/gen/format-names.ts, the output format names of @pyglass/exporters' registry, here and
// in the exporters package. The CLI's published declarations name the formats (`OutputFormatName`,
// src/commands/option-types.ts) but may not import @pyglass/exporters, which the CLI bundles, so it
// keeps this generated copy; option-types-check.ts proves at compile time that it matches `Format`.
// Part of the build (the root `build`/`prepare`, this package's `build` and `prepack`, the tests' build).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFormatNames } from '../../exporters/scripts/format-names.mjs';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');
const exporters = join(cli, '..', 'exporters');
writeFormatNames(exporters, [exporters, cli]);
