// src/gen/ (the page code bundled from page/*.ts, the format names from src/registry.ts) is written by
// the build; tests import the sources, so write it once before they run: a test never sees a page
// older than page/ or names older than the registry.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'generate.mjs')], { stdio: 'inherit' });
}
