#!/usr/bin/env node
// Prints the interpreter matrix as JSON. `--provision` first builds what is missing (cached).
// `--share` prints instead the environment (as JSON) that hands this probe to the test runs started
// with it: their global setups then do not probe again (tools/testing/test-all.mjs).
// Usage: node tools/pythons/list.mjs [--provision] [--share]
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The matrix logic lives in pythons.ts (shared with the tests); run it through vitest's runner-free
// TS loader is not available on Node 20, so transpile on the fly with the project's TypeScript.
const ts = (await import('typescript')).default;
const { readFileSync, writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const src = readFileSync(join(here, 'pythons.ts'), 'utf8');
const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const dir = mkdtempSync(join(tmpdir(), 'pyglass-pythons-'));
writeFileSync(join(dir, 'pythons.mjs'), js.replace("dirname(fileURLToPath(import.meta.url))", JSON.stringify(here)));
const m = await import(join(dir, 'pythons.mjs'));
rmSync(dir, { recursive: true, force: true });
const list = m.findPythons({ provision: process.argv.includes('--provision') });
process.stdout.write(process.argv.includes('--share') ? `${JSON.stringify(m.sharedMatrixEnv(list))}\n` : `${JSON.stringify(list, null, 2)}\n`);
void execFileSync;
