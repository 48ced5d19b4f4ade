import { SPAN_LABELS } from '@pyglass/exporters';
import { PyroscopeOptionsError } from './errors.js';

/** Characters Pyroscope accepts in an application (service) name (api/model/labelset). */
const serviceNameChar = /[A-Za-z0-9_./-]/;
const serviceNamePattern = /^[A-Za-z0-9_./-]+$/;
/** Label names: letters, digits, `_` and `.`, not starting with `__` (reserved for Pyroscope's own). */
const labelNamePattern = /^[A-Za-z_.][A-Za-z0-9_.]*$/;
/** Label names pyglass sets itself (the span labels on samples taken inside an OpenTelemetry span: SPAN_LABELS). */
const ownLabels = new Set(['service_name', 'pid', ...Object.values(SPAN_LABELS)]);

/** Throws unless `name` is a valid Pyroscope application name. */
export function checkServiceName(name: string): void {
  if (!serviceNamePattern.test(name)) {
    throw new PyroscopeOptionsError(`invalid application name '${name}': use letters, digits and _ . / - only.`);
  }
}

/** A process-derived name made valid: other characters become `_`; empty gives `python`. */
export function sanitizeServiceName(name: string): string {
  let out = '';
  for (const c of name) out += serviceNameChar.test(c) ? c : '_';
  return out.length > 0 ? out.slice(0, 200) : 'python';
}

/** Throws unless `name` can be a tag (series label) name. */
export function checkLabelName(name: string): void {
  if (!labelNamePattern.test(name) || name.startsWith('__')) {
    throw new PyroscopeOptionsError(`invalid tag name '${name}': use letters, digits, _ and . only, not starting with a digit or '__'.`);
  }
  if (ownLabels.has(name)) throw new PyroscopeOptionsError(`tag name '${name}' is reserved: pyglass sets it itself.`);
}

/** Throws unless `value` can be a tag value in the ingest API's `name` parameter (a value ends at `,` or `}`). */
export function checkLabelValue(name: string, value: string): void {
  if (value.length === 0 || /[,{}=\n]/.test(value)) {
    throw new PyroscopeOptionsError(`invalid value for tag '${name}': it must be non-empty and contain none of , { } = or a newline.`);
  }
}

/** `KEY=VALUE` → [key, value], checked. */
export function parseTag(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new PyroscopeOptionsError(`invalid tag '${text}': write it as KEY=VALUE.`);
  const key = text.slice(0, eq);
  const value = text.slice(eq + 1);
  checkLabelName(key);
  checkLabelValue(key, value);
  return [key, value];
}

/** The ingest API's `name` parameter: `APP{k=v,…}` (URL encoding is left to URLSearchParams). */
export function ingestName(serviceName: string, labels: ReadonlyArray<readonly [string, string]>): string {
  return labels.length === 0 ? serviceName : `${serviceName}{${labels.map(([k, v]) => `${k}=${v}`).join(',')}}`;
}
