import type { TopOptions } from '../main.js';
import { UsageError } from '../errors.js';

export async function runTop(_options: TopOptions, _program: string[]): Promise<number> {
  throw new UsageError('pyglass top is not available in this build yet.', 1);
}
