/**
 * The output format names and their parser, apart from the registry (./registry.ts) that imports
 * every writer: the CLI's flags need only the names, and a command that writes no profile (`dump`)
 * then loads none of the writers. The names are generated from the registry's keys by the build
 * (scripts/format-names.mjs), so a format is named in its registry line only.
 */
import { formats } from './gen/format-names.js';
import { ExporterOptionsError } from './options.js';

export { formats };

/** The name of an output format (`-f`/`--format`). */
export type Format = (typeof formats)[number];

const names: ReadonlySet<string> = new Set(formats);

export function isFormat(value: string): value is Format {
  return names.has(value);
}

/** A format from its name, case-insensitive (the one parser of `--format`); an unknown name lists the formats. */
export function parseFormat(value: string): Format {
  const name = value.toLowerCase();
  if (!isFormat(name)) throw new ExporterOptionsError(`unknown format '${value}': choose one of ${formats.join(', ')}.`);
  return name;
}
