import { brandErrors } from './gen/brand.js';

/** No generated table matches the requested CPython version / build variant. */
export class UnsupportedPythonVersion extends Error {
  override readonly name = 'UnsupportedPythonVersion';
  constructor(
    /** the version asked for, e.g. "3.16.0" or "3.14t" */
    readonly version: string,
    /** the supported versions, e.g. "2.7, 3.6–3.15; free-threaded: 3.13t" */
    readonly supported: string,
  ) {
    super(`Unsupported Python version ${version}: pyglass has layout tables for ${supported}; for a newer 3.13+ interpreter use decodeDebugOffsets(), else check for a newer pyglass release`);
  }
}

/** The bytes given to decodeDebugOffsets() are not a plausible _Py_DebugOffsets struct. */
export class InvalidDebugOffsets extends Error {
  override readonly name = 'InvalidDebugOffsets';
  constructor(readonly reason: string) {
    super(`Invalid _Py_DebugOffsets: ${reason}; check that the address is the start of _PyRuntime (3.13+ only) and that the read succeeded`);
  }
}

/** The bytes given to decodeAsyncioDebugOffsets() are not a plausible _Py_AsyncioModuleDebugOffsets struct. */
export class InvalidAsyncioDebugOffsets extends Error {
  override readonly name = 'InvalidAsyncioDebugOffsets';
  constructor(readonly reason: string) {
    super(`Invalid _Py_AsyncioModuleDebugOffsets: ${reason}; check that the bytes are the .AsyncioDebug section of the target's _asyncio module (3.14+)`);
  }
}

// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/cpython-layouts', { UnsupportedPythonVersion, InvalidDebugOffsets, InvalidAsyncioDebugOffsets });
