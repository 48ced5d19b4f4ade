export { toAddress } from './types.js';
export type { ProcessMemory, ReadBatch, MemoryMap, Registers } from './types.js';
export {
  MemoryReaderError, isGoneOrHidden, ProcessNotFound, ProcessExited, PermissionDenied, AlreadyTraced, BadAddress, isSystemError,
  ProcessNotSamplable, KernelThread, ZombieProcess, OtherUsersProcess, PidNotVisible, NativeLayerUnavailable,
} from './errors.js';
export { processFacts, checkSamplable } from './classify.js';
export type { ProcessFacts } from './classify.js';
export { isProcfsPath, ownFileDescriptor } from './procfs.js';
export { openProcessMemory, readMemory } from './open.js';
export type { ClosableProcessMemory } from './open.js';
export { LiveProcessMemory } from './linux.js';
export type { OpenOptions } from './linux.js';
export { IOV_MAX } from './batch.js';
export { lockProcess, lockProcesses, withLock, unlockAll, getRegisters, reapedExitStatus } from './lock.js';
export type { ProcessLock } from './lock.js';
export {
  parseMaps,
  parseMapsLine,
  parseStat,
  parseStatState,
  parseStatFlags,
  parseCmdline,
  readMaps,
  listThreads,
  threadState,
  processCmdline,
  processExe,
  processImageId,
  parentPid,
  childProcesses,
  processRoot,
  hostPathFor,
  mappedFilePath,
  mapFilesPath,
  processExeLink,
  processExists,
  isDifferentMountNamespace,
  listProcessIds,
  processEnvironment,
} from './proc.js';
export { processStatus, processEnded, processTable, threadExists, processCwd, ThreadStateReader } from './status.js';
export type { ProcessStatus } from './status.js';
export { ThreadSyscallReader, futexAddressOf } from './syscall.js';
export { setSchedulerSlice, schedulerSlice, setTimerSlack } from './scheduling.js';
export { threadRunTimeNs } from './runtime.js';
export type { ProcStat } from './proc.js';
export { containerRuntimes, containerFromCgroupPath, parseContainerFromCgroup, parseNamespacePids, processContainer, namespacePids } from './container.js';
export type { ContainerInfo, ContainerRuntime } from './container.js';
