/**
 * The output format names and their parser, apart from the registry (./registry.ts) that imports
 * every writer: the CLI's flags need only the names, and a command that writes no profile (`dump`)
 * then loads none of the writers. The registry checks at compile time that it has exactly these keys.
 */
import { ExporterOptionsError } from './options.js';

/** Every output format, in the order the CLI lists them (flamegraph, the default, first). */
export const formats = ['flamegraph', 'speedscope', 'raw', 'chrometrace', 'pprof', 'html', 'firefox', 'capture'] as const;

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
