/** Raised for invalid uploader options (URL, app name, tag, interval, credentials). */
export class PyroscopeOptionsError extends Error {
  override name = 'PyroscopeOptionsError';
  readonly code = 'PYROSCOPE_OPTIONS';
}
