export type * from './layout.js';
export type { DebugOffsetsStructLayout } from './debug-offsets-layout.js';
export type { PyVersion, ReleaseLevel } from './version.js';
export type { VersionSpec, VariantOptions } from './layouts.js';
export type { DecodedDebugOffsets } from './debug-offsets.js';
export { UnsupportedPythonVersion, InvalidDebugOffsets, InvalidAsyncioDebugOffsets } from './errors.js';
export { decodePyVersionHex } from './version.js';
export { layoutFor, supportedLayouts, supportedRange } from './layouts.js';
export { decodeDebugOffsets, DEBUG_OFFSETS_COOKIE, DEBUG_OFFSETS_READ_SIZE } from './debug-offsets.js';
export { debugOffsetsLayouts } from './gen/index.js';
export type {
  AsyncioLayout, AsyncioLayoutCommon, AsyncioListsLayout, AsyncioFutureLayout, AsyncioAwaitedByLayout, AsyncioTaskLayout,
  AsyncioCoroutineLayout, AsyncioObjectsLayout, AsyncioTaskListsLayout, AsyncioWakeupFeature, AsyncioTaskListsFeature,
} from './asyncio-layout.js';
export { asyncioLayoutFor, asyncioLayouts } from './asyncio-layout.js';
export type { AsyncioDebugOffsets } from './asyncio-debug-offsets.js';
export { decodeAsyncioDebugOffsets, readAsyncioDebugOffsets, ASYNCIO_DEBUG_SECTION, ASYNCIO_DEBUG_OFFSETS_SIZE } from './asyncio-debug-offsets.js';
export type { FrameOwners } from './frame-owners.js';
export { frameOwners } from './frame-owners.js';
