export { PyroscopeUploader } from './uploader.js';
export { WindowUploader, summarizeUploads } from './continuous.js';
export type { UploadSettings } from './continuous.js';
export { processLabels, unknownProcess } from './process.js';
export type { ProcessDescription } from './process.js';
export { pyroscopeApis, resolveOptions, defaultUploadIntervalSeconds, defaultMaxQueueBytes, defaultMaxQueueWindows, defaultUploadTimeoutSeconds } from './options.js';
export type { PyroscopeApi, PyroscopeOptions, ResolvedOptions } from './options.js';
export { PyroscopeOptionsError } from './errors.js';
export { parseTag, checkServiceName, sanitizeServiceName, checkLabelName, checkLabelValue, ingestName } from './labels.js';
export { WindowBatcher } from './window.js';
export type { ProfileWindow, SeriesBuilder, SeriesIdentity, WindowSeries } from './window.js';
export { UploadQueue } from './queue.js';
export type { UploadStats, QueuedWindow, QueueLimits, QueueVoice, Sender } from './queue.js';
export { sendRequest, pyroscopeResponses } from './http.js';
export type { SendOutcome, ResponseRules } from './http.js';
export { ingestRequests, pushRequest, commonHeaders, profileTypeName } from './request.js';
export type { PreparedRequest } from './request.js';
export { PushRequestSchema, PushResponseSchema, RawProfileSeriesSchema, RawSampleSchema } from './gen/push/v1/push_pb.js';
export type { PushRequest, PushResponse, RawProfileSeries, RawSample } from './gen/push/v1/push_pb.js';
export { LabelPairSchema } from './gen/types/v1/types_pb.js';
export type { LabelPair } from './gen/types/v1/types_pb.js';
export { OtlpOptionsError } from './errors.js';
export {
  OtlpUploader, otlpResponses, encodeWindow, resourceAttributes, OtlpSeries, resolveOtlpOptions, resolveEndpoint, signalUrl, parseHeaderList, parseHeaderFlag, profilesPath,
  otlpCompressions,
} from './otlp/index.js';
export type { OtlpOptions, ResolvedOtlpOptions, OtlpCompression } from './otlp/index.js';
export {
  ExportProfilesServiceRequestSchema, ExportProfilesServiceResponseSchema, ExportProfilesPartialSuccessSchema,
} from './gen/opentelemetry/proto/collector/profiles/v1development/profiles_service_pb.js';
export type { ExportProfilesServiceRequest, ExportProfilesServiceResponse } from './gen/opentelemetry/proto/collector/profiles/v1development/profiles_service_pb.js';
export { StatusSchema } from './gen/google/rpc/status_pb.js';
