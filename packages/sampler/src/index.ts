/** The sampler's public API. */
export { LockingStrategy, LineNo, ThreadStates, defaultConfig } from './types.js';
export type { Frame, GreenletInfo, LocalVariable, ProcessInfo, SpanRef, StackTrace, Sample, SamplingError, Config, ThreadStateName } from './types.js';
export { nativeWithoutPause } from './config-rules.js';
export { PythonSpy, looksIdle } from './spy.js';
export type { SpyStats } from './spy.js';
export { Sampler, exponentialInterval } from './sampler.js';
export { ProcessGroup, SUBPROCESS_POLL_MS, SUBPROCESS_ATTACH_TRIES } from './subprocess.js';
export type { GroupSample } from './subprocess.js';
export { CoreSpy, CoreFileError } from './core.js';
/** Re-exported from @pyglass/unwinder, where core-file parsing lives. */
export { coreMaps } from '@pyglass/unwinder';
export type { CoreSpyOptions } from './core.js';
export {
  NotPythonProcess, InterpreterNotFound, SamplingFailed, UnsupportedPythonVersion, PermissionDenied, ProcessExited, ProcessNotFound,
  ProcessNotSamplable, KernelThread, ZombieProcess, OtherUsersProcess, PidNotVisible,
  isFinalAttachError, isTargetError, mayBecomePython, isLaunchRetryable,
} from './errors.js';
export { scanVersion, versionFromHex, versionFromFilename, formatVersion } from './attach/version.js';
export type { PythonVersion } from './attach/version.js';
export { decodeLnotab, decodeLnotabUnsigned, decodeLinetable310, decodeLocationTable, lineAt, lineTableDecoder, MAX_LINE_TABLE } from './decode/linetable.js';
export type { LineTable } from './decode/linetable.js';
export { decodeStringData, decodePy2Str, MAX_STRING_CHARS } from './objects/objects.js';
export { formatFloat, formatFloat32 } from './objects/floats.js';
export { shortFilename } from './decode/filenames.js';
export { locateInterpreter, detectVersion } from './attach/locate.js';
export type { InterpreterLocation, GilLocation } from './attach/locate.js';
export { MAX_THREADS } from './read/thread-list.js';
export { MAX_FRAMES, TRUNCATED_STACK_FILENAME } from './read/walkers/depth.js';
export { NativeStacks, NativeStacksUnavailable, demangleCython, isCythonHelper } from './native/stacks.js';
export { AsyncioReader } from './asyncio/tasks.js';
export { asyncLogicalTraces, logicalStack, AsyncStacks, SUSPENDED_REFRESH_MS } from './asyncio/logical.js';
export type { AsyncioTask, AsyncioTaskState, AsyncioSnapshot } from './asyncio/types.js';
export { AsyncioTasksChanged } from './asyncio/types.js';
export { GreenletsUnavailable, MAX_GREENLETS } from './greenlets/greenlets.js';
export { GcLists, MAX_GC_OBJECTS } from './greenlets/gclists.js';
export { OtelSpans } from './otel/thread-spans.js';
export { OtelSpanReader, digitsToHex, OTEL_CONTEXT_VAR_NAME, OTEL_SPAN_KEY_PREFIX, OTEL_CONTEXT_MODULE } from './otel/spans.js';
export type { SpanRead } from './otel/spans.js';
export { HamtReader, hamtHash } from './otel/hamt.js';
