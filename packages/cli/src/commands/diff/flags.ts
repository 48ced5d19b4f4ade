/** `pyglass diff`: its flags and formats. */
import { Argument, InvalidArgumentError, Option, type Command } from 'commander';

export const diffFormats = ['html', 'raw', 'pprof', 'text'] as const;
export type DiffFormat = (typeof diffFormats)[number];

export interface DiffOptions {
  output?: string;
  format?: DiffFormat;
}

function parseDiffFormat(value: string): DiffFormat {
  const f = value.toLowerCase();
  if (!(diffFormats as readonly string[]).includes(f)) throw new InvalidArgumentError(`choose one of ${diffFormats.join(', ')}.`);
  return f as DiffFormat;
}

export function addDiffCommand(program: Command, run: (base: string, next: string, options: DiffOptions) => Promise<void>): Command {
  return program
    .command('diff')
    .description('Compares two profiles (pprof files or captures): what grew and what shrank from BASE to NEW')
    .addArgument(new Argument('<base>', 'the earlier profile (pprof .pb.gz, or a pyglass capture)'))
    .addArgument(new Argument('<new>', 'the later profile'))
    .option('-o, --output <filename>', 'Write the diff here (default format: html); without -o a summary is printed')
    .addOption(new Option('-f, --format <format>', `Output format: ${diffFormats.join(', ')} (raw: "stack BASE NEW" lines; pprof: NEW minus BASE)`).argParser(parseDiffFormat))
    .action(async (base: string, next: string, options: DiffOptions) => run(base, next, options));
}
