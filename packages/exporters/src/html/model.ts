/**
 * The data an HTML report or diff page carries, as JSON inside the page. Shared (types only) by the
 * writer in this package and the page code in `page/`. Everything is columnar and indexed so that the
 * size grows with distinct stacks (and time buckets), never with the number of samples.
 */

/** The exclusive state category of a sample, in the order of `stateCategories`. */
export const stateCategories = ['gc', 'gil-wait', 'gil', 'cpu', 'active', 'idle'] as const;
export type StateCategory = (typeof stateCategories)[number];

/** What the state filter shows for each category. */
export const stateCategoryLabels: Record<StateCategory, string> = {
  gc: 'in GC',
  'gil-wait': 'waiting for the GIL',
  gil: 'holding the GIL',
  cpu: 'on CPU (no GIL)',
  active: 'active (off CPU or unknown)',
  idle: 'idle',
};

/** Summary figures of a record. */
export interface ReportMeta {
  title: string;
  /** The target's command line(s), one per process. */
  commandLines: string[];
  pythonVersions: string[];
  /** ms since the epoch of the first sample (0 when none). */
  startTime: number;
  durationMs: number;
  /** Samples per second asked for. */
  rate: number;
  /** Sampling intervals taken (each reads every thread). */
  intervals: number;
  /** Intervals taken more than one interval late. */
  lateIntervals: number;
  errors: number;
  /** Thread samples (traces with at least one frame). */
  samples: number;
  showLines: boolean;
  /** Which state categories start checked (the record's --idle / --gil). */
  initialStates: StateCategory[];
  /** True when any sample carried `StackTrace.states` (on CPU, GIL wait and GC are known). */
  statesKnown: boolean;
  pyglassVersion: string;
}

/** A source file's lines around the hottest functions. */
export interface SourceExcerpt {
  /** Index into `strings` of the file name as the target sees it. */
  file: number;
  /** Line number of `lines[0]`. */
  firstLine: number;
  lines: string[];
}

export interface ReportData {
  kind: 'report';
  meta: ReportMeta;
  /** Every string (names, files, thread names), referenced by index. */
  strings: string[];
  /** Frames, flat triples: name string, file string, line (0 = unknown). */
  frames: number[];
  /** The stack trie, flat pairs: parent node (-1 for the root's children), frame. A parent precedes its children. */
  nodes: number[];
  /** Threads, flat: pid, thread label string, name string (-1), interpreter id. */
  threads: number[];
  /** Processes: pid and its command line string. */
  processes: number[];
  /** Dimension values (asyncio tasks, greenlets, spans): strings. */
  tasks: number[];
  greenlets: number[];
  spans: number[];
  /**
   * Contexts, flat septuples: thread, state category (index in stateCategories), raw states (-1 when
   * unknown), task (-1), greenlet (-1), span (-1), interpreter id.
   */
  contexts: number[];
  /** Milliseconds per time bucket; bucket b covers [startTime + b·bucketMs, +bucketMs). */
  bucketMs: number;
  bucketCount: number;
  /**
   * Records: one per distinct (stack leaf node, context), sorted by node; `recNode` is delta-encoded
   * (decodeRecords in records.ts gives them back whole).
   */
  recNode: number[];
  recContext: number[];
  /** How many entries of `entryBucket`/`entryCount` each record has, in order. */
  recLength: number[];
  entryBucket: number[];
  entryCount: number[];
  sources: SourceExcerpt[];
}

/** One side of a diff, per node of the merged tree. */
export interface DiffData {
  kind: 'diff';
  title: string;
  baseName: string;
  newName: string;
  baseTotal: number;
  newTotal: number;
  strings: string[];
  /** Frames: flat pairs name string, file string. */
  frames: number[];
  /** Merged tree on NEW's shape plus vanished BASE paths: flat pairs parent (0 = the root), frame; node i + 1. */
  nodes: number[];
  /** Per node: own and total samples in BASE and NEW. */
  baseSelf: number[];
  baseTotalOf: number[];
  newSelf: number[];
  newTotalOf: number[];
  /** z of the noise threshold (a node is coloured when |Δshare| > z·standard error). */
  z: number;
  /** Functions beyond the noise, biggest change first. */
  regressions: DiffFunction[];
  improvements: DiffFunction[];
  /** Outermost stacks only BASE has. */
  vanished: Array<{ path: string[]; base: number }>;
}

export interface DiffFunction {
  name: string;
  file: string;
  baseOwn: number;
  newOwn: number;
  baseTotal: number;
  newTotal: number;
  totalDelta: number;
  ownDelta: number;
}
