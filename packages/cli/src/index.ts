export { main, buildProgram, pyglassVersion, recordFormats } from './main.js';
export type { CommandRequest } from './commands/request.js';
export type { RecordOptions } from './commands/record/flags.js';
export type { TopOptions } from './commands/top/flags.js';
export type { DumpOptions } from './commands/dump/flags.js';
export { UsageError, describeError } from './errors.js';
