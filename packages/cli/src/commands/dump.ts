import type { DumpOptions } from '../main.js';
import { UsageError } from '../errors.js';

export async function runDump(_options: DumpOptions): Promise<number> {
  throw new UsageError('pyglass dump is not available in this build yet.', 1);
}
