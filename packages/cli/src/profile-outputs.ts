/**
 * The files one run writes: `-o` may be given several times, each file's format following its
 * extension unless `-f` names one. `record` and `convert` both render through here, so a capture
 * converted later gives what `record` wrote directly with the same flags.
 */
import { resolve } from 'node:path';
import { createExporter, exporters, formatForPath, isBinaryFormat, type ExportOptions, type Format, type ProfileWriter } from '@pyglass/exporters';
import { UsageError } from './errors.js';
import { describeDestination, openOutput, resolveOutput, STDOUT_NAME, type OutputDestination, type OutputWriter } from './output.js';

/** One output: where, in which format. */
export interface OutputPlan {
  name: string;
  format: Format;
  destination: OutputDestination;
}

function hasExtensionOf(name: string, format: Format): boolean {
  const lower = name.toLowerCase();
  return exporters[format].extensions.some((ext) => lower.endsWith(`.${ext}`));
}

/**
 * Decides every output before any work starts: the format of each (`-f`, else its extension, else
 * `fallback`), a warning when `-f` contradicts an extension, an error when two `-o` name one file.
 */
export function planOutputs(
  names: readonly string[],
  format: Format | undefined,
  fallback: Format,
  warn: (line: string) => void,
): OutputPlan[] {
  const seen = new Map<string, string>();
  return names.map((name) => {
    const byName = name === STDOUT_NAME ? undefined : formatForPath(name);
    const f = format ?? byName ?? fallback;
    if (format !== undefined && byName !== undefined && !hasExtensionOf(name, format)) {
      warn(`warning: -f ${format} writes the ${format} format into '${name}', whose extension is ${byName}'s.`);
    }
    const key = name === STDOUT_NAME ? STDOUT_NAME : resolve(name);
    const previous = seen.get(key);
    if (previous !== undefined) {
      throw new UsageError(`-o ${name} was given twice${previous !== name ? ` (as '${previous}' too)` : ''}: give each output its own file.`);
    }
    seen.set(key, name);
    return { name, format: f, destination: resolveOutput(name, { binary: isBinaryFormat(f), formatName: f }) };
  });
}

interface OpenOutput {
  plan: OutputPlan;
  writer: ProfileWriter;
  out: OutputWriter;
}

/** Every output of a run, fed the same samples. */
export class ProfileOutputs {
  private readonly open: OpenOutput[] = [];

  /**
   * `options(plan)` gives each output's export options; `incremental` formats (the registry's, e.g. the capture) are
   * written at their own path as they go (see openOutput).
   */
  constructor(plans: readonly OutputPlan[], options: (plan: OutputPlan) => ExportOptions, opts: { incremental?: (format: Format) => boolean; stream?: boolean } = {}) {
    try {
      for (const plan of plans) {
        const out = openOutput(plan.destination, { incremental: opts.incremental?.(plan.format) ?? false });
        // stream: false keeps a whole output in memory until finish() (convert: nothing written before the input is known good)
        const sink = opts.stream === false ? undefined : (chunk: string | Uint8Array) => out.write(chunk);
        const writer = createExporter(plan.format, { ...options(plan), sink });
        this.open.push({ plan, writer, out });
      }
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  get plans(): OutputPlan[] {
    return this.open.map((o) => o.plan);
  }

  add(sample: Parameters<ProfileWriter['add']>[0]): void {
    for (const o of this.open) o.writer.add(sample);
  }

  /**
   * Ends every output; returns the closing line of each ("Wrote … to 'x'."), in the order given.
   * Files are finished first: a pipe, FIFO or socket can wait for its reader, and a signal that
   * cancels that wait must not cost the files their profile.
   */
  async finish(): Promise<string[]> {
    const lines = new Map<OpenOutput, string>();
    const all = [...this.open];
    const waitsForReader = (o: OpenOutput) => o.plan.destination.kind !== 'file';
    try {
      for (const o of [...all.filter((o) => !waitsForReader(o)), ...all.filter(waitsForReader)]) {
        o.out.write(o.writer.finish());
        await o.out.close();
        lines.set(o, `Wrote ${exporters[o.plan.format].wrote} to ${describeDestination(o.plan.destination)}.`);
        // finished: a later failure does not abort it
        this.open.splice(this.open.indexOf(o), 1);
      }
    } catch (error) {
      this.abort();
      throw error;
    }
    return all.map((o) => lines.get(o)!);
  }

  /** Gives up every output not finished (temporary files removed). */
  abort(): void {
    for (const o of this.open) o.out.abort();
    this.open.length = 0;
  }
}
