// The data model moved to @pyglass/model (no native code, so exporters and other pure consumers can
// import it without koffi); the sampler re-exports it unchanged.
export { LockingStrategy, LineNo, defaultConfig } from '@pyglass/model';
export type { Frame, GreenletInfo, LocalVariable, ProcessInfo, StackTrace, Sample, SamplingError, Config } from '@pyglass/model';
