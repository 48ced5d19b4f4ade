/**
 * The output formats: one module per format, one line here. `Format` is this record's keys, so a
 * format cannot be half-registered: everything the CLI and the library know of a format (its name,
 * file extensions, binary or text, help line, writer) comes from its entry.
 */
import { captureFormat } from './capture/profile-writer.js';
import { chrometraceFormat } from './chrometrace.js';
import { firefoxFormat } from './firefox.js';
import { flamegraphFormat } from './flamegraph.js';
import type { FormatEntry } from './format.js';
import { htmlFormat } from './html/recorder.js';
import { ExporterOptionsError } from './options.js';
import { pprofFormat } from './pprof.js';
import { rawFormat } from './raw.js';
import { speedscopeFormat } from './speedscope.js';

/** Every output format, in the order the CLI lists them (flamegraph, the default, first). */
export const exporters = {
  flamegraph: flamegraphFormat,
  speedscope: speedscopeFormat,
  raw: rawFormat,
  chrometrace: chrometraceFormat,
  pprof: pprofFormat,
  html: htmlFormat,
  firefox: firefoxFormat,
  capture: captureFormat,
} as const satisfies Record<string, FormatEntry>;

/** The name of an output format (`-f`/`--format`). */
export type Format = keyof typeof exporters;

/** The format names, in registry order. */
export const formats = Object.keys(exporters) as readonly Format[];

export function isFormat(value: string): value is Format {
  return Object.hasOwn(exporters, value);
}

/** A format from its name, case-insensitive (the one parser of `--format`); an unknown name lists the formats. */
export function parseFormat(value: string): Format {
  const name = value.toLowerCase();
  if (!isFormat(name)) throw new ExporterOptionsError(`unknown format '${value}': choose one of ${formats.join(', ')}.`);
  return name;
}

/** The format a file name asks for by its extension (`out.svg` → flamegraph), the first registered on a tie (`.json` → speedscope); undefined when none matches. */
export function formatForPath(path: string): Format | undefined {
  const name = path.toLowerCase();
  let best: { format: Format; length: number } | undefined;
  for (const format of formats) {
    for (const ext of exporters[format].extensions) {
      if (name.endsWith(`.${ext}`) && (best === undefined || ext.length > best.length)) best = { format, length: ext.length };
    }
  }
  return best?.format;
}

/** The file extension py-spy (and pyglass) use for a format, without the dot. */
export function formatExtension(format: Format): string {
  return exporters[format].extensions[0]!;
}

/** True for formats whose output is binary (pprof), not text a terminal can show. */
export function isBinaryFormat(format: Format): boolean {
  return exporters[format].binary;
}
