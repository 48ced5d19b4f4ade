import { brandErrors } from '@pyglass/model';

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

// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/pyroscope', { PyroscopeOptionsError, OtlpOptionsError });
