/** `pyglass diff BASE NEW`: the differential profile of two pprof files or captures. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  CAPTURE_MAGIC, diffData, DiffInputError, diffPprof, diffProfiles, diffRaw, diffSummary, htmlDocument, isSampleMode, pprofTree, readCapture, samplesTree, traceFilter, type ProfileTree,
} from '@pyglass/exporters';
import { UsageError } from '../../errors.js';
import { describeDestination, resolveOutput, writeOutput } from '../../output.js';
import type { DiffFormat, DiffOptions } from './flags.js';

/** A diff input, read and recognised: a pyglass capture, or a pprof profile (gzipped or not). */
export function loadProfile(path: string): ProfileTree {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read '${path}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code)}.`, 1);
  }
  const name = basename(path);
  if (bytes.length === 0) throw new DiffInputError(`'${path}' is empty: give a pprof profile (pyglass record -f pprof) or a capture.`);
  if (startsWith(bytes, CAPTURE_MAGIC)) {
    // a damaged capture is a CaptureError: one line for the user, as for any other command
    const capture = readCapture(bytes, path);
    const o = capture.metadata.options;
    // the filters the record had, as it applied them
    return samplesTree(capture.samples(), name, traceFilter({ idle: o.idle, gil: o.gil, mode: o.mode !== undefined && isSampleMode(o.mode) ? o.mode : undefined, gc: o.gc }));
  }
  const tree = pprofTree(bytes, name);
  if (tree === undefined) throw new DiffInputError(`'${path}' is neither a pprof profile nor a pyglass capture: record one with 'pyglass record -f pprof -o FILE'.`);
  return tree;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function formatFor(options: DiffOptions): DiffFormat {
  if (options.format !== undefined) return options.format;
  if (options.output === undefined) return 'text';
  const o = options.output.toLowerCase();
  if (o.endsWith('.pb.gz') || o.endsWith('.pprof')) return 'pprof';
  if (o.endsWith('.txt') || o.endsWith('.folded')) return 'raw';
  return 'html';
}

export async function runDiff(basePath: string, newPath: string, options: DiffOptions): Promise<number> {
  const format = formatFor(options);
  const output = options.output ?? '-';
  const destination = resolveOutput(output, { binary: format === 'pprof', formatName: format });
  const base = loadProfile(basePath);
  const next = loadProfile(newPath);
  const result = diffProfiles(base, next);
  let bytes: string | Uint8Array;
  switch (format) {
    case 'text':
      bytes = diffSummary(result);
      break;
    case 'raw':
      bytes = diffRaw(result);
      break;
    case 'pprof':
      bytes = diffPprof(result);
      break;
    case 'html':
      bytes = htmlDocument(diffData(result, `pyglass diff ${base.name} → ${next.name}`), `pyglass diff ${base.name} → ${next.name}`);
      break;
  }
  await writeOutput(destination, bytes);
  if (destination.kind !== 'stdout') {
    process.stderr.write(`pyglass> Wrote the ${format} diff to ${describeDestination(destination)}: ${result.regressions.length} regressions, ${result.improvements.length} improvements, ${result.vanished.length} vanished stacks.\n`);
  }
  return 0;
}
