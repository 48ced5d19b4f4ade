import type { RecordOptions } from '../main.js';
import { UsageError } from '../errors.js';

export async function runRecord(_options: RecordOptions, _program: string[]): Promise<number> {
  throw new UsageError('pyglass record is not available in this build yet.', 1);
}
