import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/** The golden file's content. With UPDATE_GOLDEN=1 it is (re)written from `actual` first. */
export function readGolden(name: string, actual: string): string {
  const path = join(dir, name);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(path)) {
    if (process.env['UPDATE_GOLDEN'] !== '1') throw new Error(`golden file ${path} is missing: run the tests with UPDATE_GOLDEN=1 to create it, then review it.`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, actual);
  }
  return readFileSync(path, 'utf8');
}
