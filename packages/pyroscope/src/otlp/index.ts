export { OtlpUploader, otlpResponses } from './uploader.js';
export { encodeWindow, resourceAttributes } from './encode.js';
export { OtlpSeries } from './series.js';
export { resolveOtlpOptions, resolveEndpoint, signalUrl, parseHeaderList, parseHeaderFlag, profilesPath, otlpCompressions } from './options.js';
export type { OtlpOptions, ResolvedOtlpOptions, OtlpCompression } from './options.js';
