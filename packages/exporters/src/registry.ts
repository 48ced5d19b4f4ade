/**
 * The output formats: one module per format and one line here. The build writes the names of
 * ./format-names.ts from this record's keys (scripts/format-names.mjs reads the `  name: entry,` lines
 * below), and the record must have exactly those names as keys (checked at compile time), so a format
 * cannot be half-registered: everything the CLI and the library know of a format (its name, file
 * extensions, binary or text, help line, writer) comes from its entry.
 */
import { captureFormat } from './capture/profile-writer.js';
import { chrometraceFormat } from './chrometrace.js';
import { firefoxFormat } from './firefox.js';
import { flamegraphFormat } from './flamegraph.js';
import type { FormatEntry } from './format.js';
import { htmlFormat } from './html/recorder.js';
import { formats, type Format } from './format-names.js';
import { pprofFormat } from './pprof.js';
import { rawFormat } from './raw.js';
import { speedscopeFormat } from './speedscope.js';
import type { TraceFilter } from './trace-filter.js';

/** Every output format's entry, in the order the CLI lists them (flamegraph, the default, first): one `  name: entry,` line each. */
export const exporters = {
  flamegraph: flamegraphFormat,
  speedscope: speedscopeFormat,
  raw: rawFormat,
  chrometrace: chrometraceFormat,
  pprof: pprofFormat,
  html: htmlFormat,
  firefox: firefoxFormat,
  capture: captureFormat,
  // `satisfies` on the literal: a name without an entry and an entry without a name both fail to compile
} as const satisfies Record<Format, FormatEntry>;

export { formats, isFormat, parseFormat, type Format } from './format-names.js';

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

/** True for formats written at their own path as the samples come (the capture), so that a run cut short leaves a readable file. */
export function isIncrementalFormat(format: Format): boolean {
  return exporters[format].incremental === true;
}

/**
 * Whether a record must read each thread's run state from the kernel every sample (the sampler's
 * `Config.runStates`, one /proc read per thread): when the filters drop idle threads or keep only
 * those on a CPU, or an output shows the states. The one rule for record, top and the agent.
 */
export function needsRunStates(filter: TraceFilter, outputs: readonly Format[]): boolean {
  return !filter.includeIdle || filter.cpuOnly === true || outputs.some((f) => exporters[f].runStates);
}

/** True for formats whose output is binary (pprof), not text a terminal can show. */
export function isBinaryFormat(format: Format): boolean {
  return exporters[format].binary;
}
