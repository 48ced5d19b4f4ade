export { formats, formatExtension, isBinaryFormat, isFormat, exportersVersion, ExporterOptionsError } from './options.js';
export type { Format, LineNoMode, RecorderOptions } from './options.js';
export { traceIncluded, threadFrameName, processFrameNames, frameLabel, traceLabels, FrameTable } from './frames.js';
export type { TraceFilter, FrameRec } from './frames.js';
// formerly defined here; one definition now lives in @pyglass/model
export { formatThreadId } from '@pyglass/model';
export { StackCollector, StackNode, ThreadState } from './stacks.js';
export type { CollectorOptions } from './stacks.js';
export { BaseRecorder } from './recorder.js';
export type { Recorder } from './recorder.js';
export { FlamegraphRecorder, renderFlamegraphSvg, escapeXml, warmColour, fitLabel } from './flamegraph.js';
export type { FlameNode, FlamegraphInput } from './flamegraph.js';
export { RawRecorder, collapsedStack } from './raw.js';
export { SpeedscopeRecorder } from './speedscope.js';
export { ChrometraceRecorder } from './chrometrace.js';
export { PprofRecorder } from './pprof.js';
export { createRecorder, exportProfile } from './create.js';
export type { ExportOptions } from './create.js';
