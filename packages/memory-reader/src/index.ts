export { toAddress } from './types.js';
export type { ProcessMemory, ReadBatch, MemoryMap, Registers } from './types.js';
export {
  MemoryReaderError, isGoneOrHidden, ProcessNotFound, ProcessExited, PermissionDenied, AlreadyTraced, BadAddress, isSystemError,
  ProcessNotSamplable, KernelThread, ZombieProcess, OtherUsersProcess, PidNotVisible, NativeLayerUnavailable,
} from './errors.js';
export { processFacts, checkSamplable } from './linux/classify.js';
export type { ProcessFacts } from './linux/classify.js';
export { isProcfsPath, ownFileDescriptor } from './linux/procfs.js';
export { openProcess } from './platform.js';
export type { ProcessLock, TargetProcess, ThreadRunStates } from './process.js';
export { openProcessMemory, readMemory } from './open.js';
export type { ClosableProcessMemory } from './open.js';
export { LiveProcessMemory } from './linux/memory.js';
export type { OpenOptions } from './linux/memory.js';
export { IOV_MAX } from './batch.js';
export { lockProcess, lockProcesses, withLock, unlockAll, getRegisters, reapedExitStatus } from './linux/lock.js';
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
  processExists,
  isDifferentMountNamespace,
  listProcessIds,
  processEnvironment,
} from './linux/proc.js';
export { processStatus, processEnded, processTable, threadExists, ThreadStateReader } from './linux/status.js';
export { processRoot, processCwd, processExeLink, mapFilesPath, hostPathFor, mappedFilePath } from './linux/host-path.js';
export type { ProcessStatus } from './linux/status.js';
export { ThreadSyscallReader, futexAddressOf } from './linux/syscall.js';
export { setSchedulerSlice, schedulerSlice, setTimerSlack } from './linux/scheduling.js';
export { threadRunTimeNs } from './linux/runtime.js';
export type { ProcStat } from './linux/proc.js';
export { containerRuntimes } from './types.js';
export { containerFromCgroupPath, parseContainerFromCgroup, parseNamespacePids, processContainer, namespacePids } from './linux/container.js';
export type { ContainerInfo, ContainerRuntime } from './types.js';
