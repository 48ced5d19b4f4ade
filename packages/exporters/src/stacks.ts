import type { Frame, ProcessInfo, StackTrace } from '@pyglass/model';
import { FrameTable, processFrameNames, threadFrameName, type FrameRec } from './frames.js';
import { isInternedStack } from './interned.js';

/**
 * A node of a stack trie: the path from the root to a node is a stack (root→leaf), so a stack is identified by
 * its leaf node. Memory is bounded by the number of distinct stack prefixes, whatever the number of samples.
 */
export class StackNode {
  /** Samples whose stack ends here. */
  self = 0;
  /** Dense id, in order of creation (a parent is always created before its children). */
  readonly id: number;
  readonly depth: number;
  private children: Map<number, StackNode> | undefined;
  private lastChild: StackNode | undefined;

  constructor(
    id: number,
    /** Key in the parent (frame id or label id); -1 for roots. */
    readonly key: number,
    /** The frame of this node; undefined for roots. */
    readonly frame: FrameRec | undefined,
    readonly parent: StackNode | undefined,
    /** Thread owning the trie this node belongs to (per-thread tries), else undefined. */
    readonly thread: ThreadState | undefined,
  ) {
    this.id = id;
    this.depth = parent === undefined ? 0 : parent.depth + 1;
  }

  child(key: number): StackNode | undefined {
    const last = this.lastChild;
    if (last !== undefined && last.key === key) return last;
    const c = this.children?.get(key);
    if (c !== undefined) this.lastChild = c;
    return c;
  }

  addChild(node: StackNode): void {
    (this.children ??= new Map()).set(node.key, node);
    this.lastChild = node;
  }

  /** Children in insertion order. */
  childNodes(): StackNode[] {
    return this.children === undefined ? [] : [...this.children.values()];
  }

  /** Frames from the root to this node. */
  framesRootToLeaf(): FrameRec[] {
    const out: FrameRec[] = [];
    for (let n: StackNode | undefined = this; n !== undefined && n.frame !== undefined; n = n.parent) out.push(n.frame);
    return out.reverse();
  }
}

/** Per-thread state shared by the recorders (a thread is a (pid, threadId) pair). */
export class ThreadState {
  /** Dense id in order of first appearance. */
  readonly id: number;
  readonly pid: number;
  readonly threadId: number;
  /** Interpreter of the thread state (0 or undefined: the main one). */
  readonly interpreterId: number | undefined;
  osThreadId: number | undefined;
  /** Latest known thread name. */
  name: string | undefined;
  readonly processInfo: ProcessInfo | undefined;
  /** --threads root frame (recomputed when the name or OS thread id changes). */
  threadFrame: FrameRec | undefined;
  /** Root of this thread's trie, for per-thread tries. */
  root: StackNode | undefined;
  /** Last stack recorded for this thread (chrometrace diff; speedscope run merging). */
  last: StackNode | undefined;
  /** Fast path: the Frame objects, synthetic roots and leaf of this thread's previous trace. */
  prevFrames: Frame[] = [];
  prevNames: string[] = [];
  prevFiles: string[] = [];
  prevLines: number[] = [];
  prevProcess: ProcessInfo | undefined;
  prevThreadFrame: FrameRec | undefined;
  prevLeaf: StackNode | undefined;
  /** Leaves of interned stacks (see interned.ts), valid for cacheProcess and cacheThreadFrame. */
  interned: Map<readonly Frame[], StackNode> | undefined;
  cacheProcess: ProcessInfo | undefined;
  cacheThreadFrame: FrameRec | undefined;
  /** speedscope: run-length encoded samples (leaf node ids) and their counts. */
  runNodes: StackNode[] = [];
  runCounts: number[] = [];

  constructor(id: number, trace: StackTrace) {
    this.id = id;
    this.pid = trace.pid;
    this.threadId = trace.threadId;
    this.interpreterId = trace.interpreterId;
    this.osThreadId = trace.osThreadId;
    this.name = trace.threadName;
    this.processInfo = trace.processInfo;
  }
}

/** A thread's key within its process: the thread id, with the interpreter id for a sub-interpreter's thread state. */
function threadKey(trace: StackTrace): number | string {
  return trace.interpreterId ? `${trace.threadId}/${trace.interpreterId}` : trace.threadId;
}

export interface CollectorOptions {
  showLines: boolean;
  includeThreadIds: boolean;
  /** Key trie children by label (flamegraph, raw) instead of by frame. */
  byLabel: boolean;
  /** One trie per thread (speedscope, pprof) instead of one shared trie. */
  perThread: boolean;
}

/** Turns traces into trie leaves: frames interned, synthetic roots added, no per-sample allocation for known stacks. */
export class StackCollector {
  readonly frames: FrameTable;
  /** All nodes, by id. */
  readonly nodes: StackNode[] = [];
  /** The shared root (when not per thread). */
  readonly root: StackNode;
  /** Nodes with self > 0, in order of first sample. */
  readonly leaves: StackNode[] = [];
  readonly threadList: ThreadState[] = [];
  /** Total samples counted. */
  total = 0;
  private readonly threads = new Map<number, Map<number | string, ThreadState>>();
  private lastThread: ThreadState | undefined;
  private readonly processFrames = new WeakMap<ProcessInfo, FrameRec[]>();

  constructor(readonly options: CollectorOptions) {
    this.frames = new FrameTable(options.showLines);
    this.root = this.newNode(-1, undefined, undefined, undefined);
  }

  get distinctStacks(): number {
    return this.leaves.length;
  }

  thread(trace: StackTrace): ThreadState {
    const last = this.lastThread;
    if (last !== undefined && last.pid === trace.pid && last.threadId === trace.threadId && last.interpreterId === trace.interpreterId
      && last.osThreadId === trace.osThreadId && last.name === trace.threadName) {
      return last;
    }
    return (this.lastThread = this.lookupThread(trace));
  }

  private lookupThread(trace: StackTrace): ThreadState {
    let byTid = this.threads.get(trace.pid);
    if (byTid === undefined) this.threads.set(trace.pid, (byTid = new Map()));
    // an OS thread has one thread state per interpreter it entered: each is a thread of its own here
    const key = threadKey(trace);
    let t = byTid.get(key);
    if (t === undefined) {
      t = new ThreadState(this.threadList.length, trace);
      this.threadList.push(t);
      byTid.set(key, t);
      if (this.options.perThread) t.root = this.newNode(-1, undefined, undefined, t);
    } else {
      if (trace.osThreadId !== undefined && trace.osThreadId !== t.osThreadId) {
        t.osThreadId = trace.osThreadId;
        t.threadFrame = undefined;
      }
      if (trace.threadName !== undefined && trace.threadName !== t.name) {
        t.name = trace.threadName;
        t.threadFrame = undefined;
      }
    }
    return t;
  }

  /** The leaf node of this trace's stack (root→leaf: processes, thread, Python frames). Does not count it. */
  path(trace: StackTrace, t: ThreadState): StackNode {
    if (this.options.includeThreadIds) {
      t.threadFrame ??= this.frames.synthetic(threadFrameName({ threadId: t.threadId, osThreadId: t.osThreadId, threadName: t.name, interpreterId: t.interpreterId }));
    }
    const frames = trace.frames;
    // Interned stacks (a capture's): the array stands for its content, one lookup gives the leaf.
    let cache = t.interned;
    if (cache !== undefined && (t.cacheProcess !== trace.processInfo || t.cacheThreadFrame !== t.threadFrame)) {
      cache.clear();
    }
    const hit = cache?.get(frames);
    if (hit !== undefined) return hit;
    if (isInternedStack(frames)) {
      const leaf = this.slowPath(trace, t);
      (cache ??= t.interned = new Map()).set(frames, leaf);
      t.cacheProcess = trace.processInfo;
      t.cacheThreadFrame = t.threadFrame;
      return leaf;
    }
    // Fast path: same Frame objects, with the same contents, as this thread's previous trace → same leaf, no lookups.
    const n = frames.length;
    const prev = t.prevFrames;
    if (t.prevLeaf !== undefined && n === prev.length && trace.processInfo === t.prevProcess && t.threadFrame === t.prevThreadFrame) {
      const names = t.prevNames;
      const files = t.prevFiles;
      const lines = t.prevLines;
      let i = 0;
      for (; i < n; i++) {
        const f = frames[i]!;
        if (f !== prev[i] || f.line !== lines[i] || f.name !== names[i] || f.filename !== files[i]) break;
      }
      if (i === n) return t.prevLeaf;
    }
    const leaf = this.slowPath(trace, t);
    prev.length = t.prevNames.length = t.prevFiles.length = t.prevLines.length = n;
    for (let i = 0; i < n; i++) {
      const f = frames[i]!;
      prev[i] = f;
      t.prevNames[i] = f.name;
      t.prevFiles[i] = f.filename;
      t.prevLines[i] = f.line;
    }
    t.prevProcess = trace.processInfo;
    t.prevThreadFrame = t.threadFrame;
    t.prevLeaf = leaf;
    return leaf;
  }

  private slowPath(trace: StackTrace, t: ThreadState): StackNode {
    let node = this.options.perThread ? t.root! : this.root;
    if (trace.processInfo !== undefined) {
      let procs = this.processFrames.get(trace.processInfo);
      if (procs === undefined) {
        procs = processFrameNames(trace.processInfo).map((n) => this.frames.synthetic(n));
        this.processFrames.set(trace.processInfo, procs);
      }
      for (let i = 0; i < procs.length; i++) node = this.step(node, procs[i]!);
    }
    if (t.threadFrame !== undefined) node = this.step(node, t.threadFrame);
    const frames = trace.frames;
    for (let i = frames.length - 1; i >= 0; i--) node = this.step(node, this.frames.frame(frames[i]!));
    return node;
  }

  /** Count n samples on a leaf. */
  count(node: StackNode, n = 1): void {
    if (node.self === 0) this.leaves.push(node);
    node.self += n;
    this.total += n;
  }

  private step(node: StackNode, rec: FrameRec): StackNode {
    const key = this.options.byLabel ? rec.labelId : rec.id;
    let c = node.child(key);
    if (c === undefined) {
      c = this.newNode(key, rec, node, node.thread);
      node.addChild(c);
    }
    return c;
  }

  private newNode(key: number, rec: FrameRec | undefined, parent: StackNode | undefined, thread: ThreadState | undefined): StackNode {
    const n = new StackNode(this.nodes.length, key, rec, parent, thread);
    this.nodes.push(n);
    return n;
  }
}
