import { readFileSync } from 'node:fs';

/** This package's version (package.json), for --version and the files and uploads pyglass writes. */
export function pyglassVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
