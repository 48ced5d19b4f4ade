export { main, buildProgram, pyglassVersion, recordFormats } from './main.js';
export type { RecordOptions, TopOptions, DumpOptions } from './main.js';
export { UsageError, describeError } from './errors.js';
