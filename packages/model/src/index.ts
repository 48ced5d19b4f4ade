export { LockingStrategy, LineNo, ThreadStates, defaultConfig } from './types.js';
export type { AsyncioTaskRef, Frame, GreenletInfo, LocalVariable, SpanRef, ThreadStateName, ProcessInfo, StackTrace, Sample, SamplingError, Config } from './types.js';
export { statusStr, formatThreadId, processInfoToFrame } from './helpers.js';
export { brandErrors } from './brand.js';
export type { ThreadStatus, ThreadIdFormat } from './helpers.js';
