/** The -f/--format option of record: the exporters' one parser, failing as a usage error. */
import { CommanderError } from 'commander';
import { ExporterOptionsError, parseFormat as parseExportFormat, type Format } from '@pyglass/exporters';

/** Output format, case-insensitive; an unknown one is a usage error listing the formats. */
export function parseFormat(value: string): Format {
  try {
    return parseExportFormat(value);
  } catch (error) {
    if (error instanceof ExporterOptionsError) throw new CommanderError(2, 'pyglass.invalidFormat', `error: ${error.message}`);
    throw error;
  }
}
