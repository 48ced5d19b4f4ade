// The data model moved to @pyglass/model (no native code, so exporters and other pure consumers can
// import it without koffi); the sampler re-exports it unchanged.
export { LockingStrategy, LineNo, ThreadStates, defaultConfig } from '@pyglass/model';
export type { Frame, GreenletInfo, LocalVariable, ProcessInfo, SpanRef, StackTrace, Sample, SamplingError, Config, ThreadStateName } from '@pyglass/model';
