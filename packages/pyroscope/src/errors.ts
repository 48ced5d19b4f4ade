/** Raised for invalid uploader options (URL, app name, tag, interval, credentials). */
export class PyroscopeOptionsError extends Error {
  override name = 'PyroscopeOptionsError';
  readonly code = 'PYROSCOPE_OPTIONS';
}

/** Raised for invalid OTLP exporter options or OTEL_EXPORTER_OTLP_* variables (endpoint, headers, timeout, compression). */
export class OtlpOptionsError extends Error {
  override name = 'OtlpOptionsError';
  readonly code = 'OTLP_OPTIONS';
}
