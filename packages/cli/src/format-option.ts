/** The -f/--format option of record (a module of its own: the option types' declarations need no @pyglass/exporters). */
import { CommanderError } from 'commander';
import { formats, isFormat, type Format } from '@pyglass/exporters';

/** Output format, case-insensitive; an unknown one is a usage error listing the formats. */
export function parseFormat(value: string): Format {
  const f = value.toLowerCase();
  if (!isFormat(f)) throw new CommanderError(2, 'pyglass.invalidFormat', `error: unknown format '${value}': choose one of ${formats.join(', ')}.`);
  return f;
}
