/**
 * The report's data as the page computes with it, built once from the embedded ReportData: frames and
 * functions (one per name and file), the call tree with each node's outermost-occurrence flags, the
 * records by context and by time bucket, and the filter dimensions with their sample counts.
 */
import type { ReportData } from '../src/html/model.js';
import { stateCategories, stateCategoryLabels } from '../src/html/model.js';
import { decodeRecords } from '../src/html/records.js';
import { warmColour } from '../src/palette.js';
import { childrenOf, nodeTree } from './flame.js';

/** A filter over contexts (state, process, thread, interpreter, task, greenlet, span). */
export interface Dimension {
  key: string;
  title: string;
  names: string[];
  /** Value of a context in this dimension. */
  of: (ctx: number) => number;
  checked: Uint8Array;
  counts: Float64Array;
}

export type ReportModel = ReturnType<typeof reportModel>;

export function reportModel(data: ReportData) {
  const S = data.strings;
  const meta = data.meta;
  const frameCount = data.frames.length / 3;
  const frameName = (f: number) => S[data.frames[3 * f]!]!;
  const frameFile = (f: number) => S[data.frames[3 * f + 1]!]!;
  const frameLine = (f: number) => data.frames[3 * f + 2]!;
  // labels and colours are built once per frame / function, when first needed
  const labels: Array<string | undefined> = new Array(frameCount);
  const frameLabel = (f: number) => {
    let l = labels[f];
    if (l === undefined) {
      const file = frameFile(f);
      const line = frameLine(f);
      l = labels[f] = line > 0 ? `${frameName(f)} (${file}:${line})` : file !== '' ? `${frameName(f)} (${file})` : frameName(f);
    }
    return l;
  };
  // functions: one per (name, file), whatever the line
  const funcOf = new Int32Array(frameCount);
  const funcKeys = new Map<string, number>();
  const funcFrame: number[] = [];
  for (let f = 0; f < frameCount; f++) {
    const key = `${data.frames[3 * f]}/${data.frames[3 * f + 1]}`;
    let id = funcKeys.get(key);
    if (id === undefined) {
      id = funcFrame.length;
      funcKeys.set(key, id);
      funcFrame.push(f);
    } else if (frameLine(f) > 0 && (frameLine(funcFrame[id]!) === 0 || frameLine(f) < frameLine(funcFrame[id]!))) funcFrame[id] = f;
    funcOf[f] = id;
  }
  const funcCount = funcFrame.length;
  const colours: Array<string | undefined> = new Array(funcCount);
  const funcColour = (fn: number) => (fn < 0 ? '#d0a070' : (colours[fn] ??= warmColour(frameName(funcFrame[fn]!))));
  const funcLabel = (fn: number) => {
    const f = funcFrame[fn]!;
    return frameFile(f) !== '' ? `${frameName(f)} (${frameFile(f)})` : frameName(f);
  };

  // the main tree: node 0 = "all", node i + 1 = data node i
  const { size, parent, frame: frameOfNode } = nodeTree(data.nodes, 1);
  const nodeLabel = (n: number) => (n === 0 ? 'all' : frameLabel(frameOfNode[n]!));
  const { childStart, childList } = childrenOf(parent, (a, b) => (nodeLabel(a) < nodeLabel(b) ? -1 : 1));
  // outermost occurrence of its function / frame on its path (recursion counted once in totals)
  const funcOuter = new Uint8Array(size);
  const frameOuter = new Uint8Array(size);
  {
    const onPathF = new Int32Array(funcCount);
    const onPathFr = new Int32Array(frameCount);
    const stack: number[] = [0];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n < 0) {
        const m = ~n;
        onPathF[funcOf[frameOfNode[m]!]!]!--;
        onPathFr[frameOfNode[m]!]!--;
        continue;
      }
      if (n > 0) {
        const fr = frameOfNode[n]!;
        const fn = funcOf[fr]!;
        funcOuter[n] = onPathF[fn] === 0 ? 1 : 0;
        frameOuter[n] = onPathFr[fr] === 0 ? 1 : 0;
        onPathF[fn]!++;
        onPathFr[fr]!++;
        stack.push(~n);
      }
      for (let i = childStart[n + 1]! - 1; i >= childStart[n]!; i--) stack.push(childList[i]!);
    }
  }

  // records: node ids shifted, bucket deltas decoded, typed arrays
  const recCount = data.recNode.length;
  const decoded = decodeRecords(data);
  const recNode = decoded.node.map((n) => n + 1);
  const recContext = decoded.context;
  const recOffset = decoded.offset;
  const entryBucket = decoded.bucket;
  const entryCount = decoded.count;
  const recTotal = new Float64Array(recCount);
  const B = data.bucketCount;
  const ctxCount = data.contexts.length / 7;
  // samples of each context per bucket (the timeline), and the entries by bucket (time ranges)
  const ctxCells = new Float64Array(ctxCount * B);
  const bucketStart = new Int32Array(B + 1);
  for (let r = 0; r < recCount; r++) {
    const ctxBase = recContext[r]! * B;
    for (let i = recOffset[r]!, e = recOffset[r + 1]!; i < e; i++) {
      const c = entryCount[i]!;
      recTotal[r]! += c;
      ctxCells[ctxBase + entryBucket[i]!]! += c;
      bucketStart[entryBucket[i]! + 1]!++;
    }
  }
  for (let b = 0; b < B; b++) bucketStart[b + 1]! += bucketStart[b]!;
  const byBucketRec = new Int32Array(entryCount.length);
  const byBucketCount = new Float64Array(entryCount.length);
  {
    const fill = bucketStart.slice(0, B);
    for (let r = 0; r < recCount; r++) {
      for (let i = recOffset[r]!, e = recOffset[r + 1]!; i < e; i++) {
        const k = fill[entryBucket[i]!]!++;
        byBucketRec[k] = r;
        byBucketCount[k] = entryCount[i]!;
      }
    }
  }

  // filter dimensions over contexts
  const C = (c: number, k: number) => data.contexts[7 * c + k]!;
  const threadCount = data.threads.length / 4;
  const threadName = (t: number) => {
    const label = S[data.threads[4 * t + 1]!]!;
    const name = data.threads[4 * t + 2]!;
    const interp = data.threads[4 * t + 3]!;
    const pid = data.threads[4 * t]!;
    const procs = data.processes.length > 2 ? `pid ${pid} ` : '';
    return `${procs}${label}${interp ? ` (interpreter ${interp})` : ''}${name >= 0 ? ` ${S[name]}` : ''}`;
  };
  const pids = [...new Set(Array.from({ length: threadCount }, (_, t) => data.threads[4 * t]!))];
  const interps = [...new Set(Array.from({ length: ctxCount }, (_, c) => C(c, 6)))].sort((a, b) => a - b);
  const dims: Dimension[] = [];
  const dim = (key: string, title: string, names: string[], of: (ctx: number) => number, initial?: (i: number) => boolean) => {
    const checked = new Uint8Array(names.length).fill(1);
    if (initial) for (let i = 0; i < names.length; i++) checked[i] = initial(i) ? 1 : 0;
    dims.push({ key, title, names, of, checked, counts: new Float64Array(names.length) });
  };
  dim('state', 'State', stateCategories.map((c) => stateCategoryLabels[c]), (c) => C(c, 1), (i) => meta.initialStates.includes(stateCategories[i]!));
  if (pids.length > 1) {
    const cmd = new Map<number, string>();
    for (let i = 0; i < data.processes.length; i += 2) cmd.set(data.processes[i]!, S[data.processes[i + 1]!]!);
    dim('process', 'Process', pids.map((p) => `${p}${cmd.get(p) ? ` ${cmd.get(p)}` : ''}`), (c) => pids.indexOf(data.threads[4 * C(c, 0)]!));
  }
  dim('thread', 'Thread', Array.from({ length: threadCount }, (_, t) => threadName(t)), (c) => C(c, 0));
  if (interps.length > 1) dim('interp', 'Sub-interpreter', interps.map((i) => (i === 0 ? 'main interpreter' : `interpreter ${i}`)), (c) => interps.indexOf(C(c, 6)));
  const withNone = (ids: number[], none: string) => [none, ...ids.map((s) => S[s]!)];
  if (data.tasks.length > 0) dim('task', 'asyncio task', withNone(data.tasks, '(not a suspended task)'), (c) => C(c, 3) + 1);
  if (data.greenlets.length > 0) dim('greenlet', 'Greenlet', withNone(data.greenlets, '(no greenlet)'), (c) => C(c, 4) + 1);
  if (data.spans.length > 0) dim('span', 'Span', withNone(data.spans, '(no span)'), (c) => C(c, 5) + 1);
  // the records of each context: a filter change adds or removes only the contexts it flips
  const ctxRecStart = new Int32Array(ctxCount + 1);
  for (let r = 0; r < recCount; r++) ctxRecStart[recContext[r]! + 1]!++;
  for (let c = 0; c < ctxCount; c++) ctxRecStart[c + 1]! += ctxRecStart[c]!;
  const ctxRecList = new Int32Array(recCount);
  {
    const fill = ctxRecStart.slice(0, ctxCount);
    for (let r = 0; r < recCount; r++) ctxRecList[fill[recContext[r]!]!++] = r;
  }
  const ctxSamples = new Float64Array(ctxCount);
  for (let r = 0; r < recCount; r++) ctxSamples[recContext[r]!]! += recTotal[r]!;
  for (const d of dims) for (let c = 0; c < ctxCount; c++) d.counts[d.of(c)]! += ctxSamples[c]!;


  return {
    S, meta, frameCount, frameName, frameFile, frameLine, frameLabel,
    funcOf, funcFrame, funcCount, funcColour, funcLabel,
    size, parent, frameOfNode, nodeLabel, childStart, childList, funcOuter, frameOuter,
    recCount, recNode, recContext, recTotal, B, ctxCount, ctxCells, bucketStart, byBucketRec, byBucketCount,
    C, threadCount, threadName, dims, ctxRecStart, ctxRecList,
  };
}
