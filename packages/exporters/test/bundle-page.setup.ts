// The page code (page/*.ts) is bundled into src/gen/html-page.ts by the build; tests import the sources,
// so bundle it once before they run: a test never sees a page older than page/.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'bundle-page.mjs')], { stdio: 'inherit' });
}
