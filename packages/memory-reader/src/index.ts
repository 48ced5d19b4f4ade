export { toAddress } from './types.js';
export type { ProcessMemory, ReadBatch, MemoryMap, Registers } from './types.js';
