#!/usr/bin/env node
// Runs the one-file bundle dist/pyglass.mjs (every @pyglass package and commander in one module, koffi
// external), which the build and `npm pack` always remake: Node loads one module instead of ~80.
import { main } from '../dist/pyglass.mjs';

process.exitCode = await main(process.argv.slice(2));
