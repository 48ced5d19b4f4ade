export { main, buildProgram, pyglassVersion, recordFormats } from './main.js';
export type { RecordOptions, TopOptions, DumpOptions, CommandRequest } from './options.js';
export { UsageError, describeError } from './errors.js';
