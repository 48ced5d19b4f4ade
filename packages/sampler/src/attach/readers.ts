/**
 * The readers of one target, built together around one page cache (the attach → read step shared
 * by live processes and core files), and the walk that tells a candidate interpreter is the one.
 */
import type { ProcessMemory } from '@pyglass/memory-reader';
import { CodeCache } from '../decode/code-cache.js';
import { FrameDecoder } from '../decode/frames.js';
import { LocalsReader } from '../decode/locals.js';
import { PageCache } from '../memory/pagecache.js';
import { isUnreadable, ObjectReader } from '../objects/objects.js';
import { stackRefUntag, type Untag } from '../objects/stack-refs.js';
import { GilOwners } from '../read/gil.js';
import { StackReader, type RawThread } from '../read/stack-reader.js';
import { ThreadList } from '../read/thread-list.js';
import { FrameObjectWalker } from '../read/walkers/frame-objects.js';
import { InterpreterFrameWalker } from '../read/walkers/interpreter-frames.js';
import type { FrameWalker } from '../read/walkers/walker.js';
import { LineNo } from '../types.js';
import type { InterpreterLocation } from './locate.js';

/** What the readers need to know of the interpreter they read. */
export type ReaderLocation = Pick<InterpreterLocation, 'layout' | 'interp' | 'gil' | 'codeType' | 'freeThreaded' | 'runtime'>;

export interface ReaderOptions {
  /**
   * The memory is a snapshot (a core file), so a torn stack is impossible: a frame that reads as
   * all zeros is memory the snapshot lacks, where the walk stops (see RawThread.stoppedAt).
   */
  snapshot?: boolean | undefined;
  /**
   * Keep code objects (name, filename, line table, interned frames) across samples, revalidated
   * each sample by their identity fields (default). False reads and decodes every code object
   * afresh in every sample: the slow path the cache must match.
   */
  codeCache?: boolean | undefined;
  /** How filenames are shortened for display (Frame.shortFilename); none by default. */
  shortFilename?: ((filename: string) => string | undefined) | undefined;
  /**
   * ≤3.10 thread states do not hold the OS thread id: read it at this offset in the pthread
   * struct the Python thread id points to (the C library's business, so the caller's).
   */
  pthreadTidOffset?: number | undefined;
}

/** A target's readers: the collaborators the other readers (asyncio, spans, greenlets, states) are given. */
export interface TargetReaders {
  readonly memory: PageCache;
  readonly objects: ObjectReader;
  readonly stacks: StackReader;
  /** Frames of code objects at an instruction offset (suspended coroutines). */
  readonly frames: FrameDecoder;
  /** Clears the tag bits of pointers read from _PyStackRef slots. */
  readonly untag: Untag;
}

export function createReaders(mem: ProcessMemory, loc: ReaderLocation, options: ReaderOptions = {}): TargetReaders {
  const L = loc.layout;
  const memory = new PageCache(mem);
  const objects = new ObjectReader(memory, L);
  const untag = stackRefUntag(L);
  const head = L.runtime_state?.interpreters_head;
  const threads = new ThreadList(memory, L, loc.runtime !== undefined && head !== undefined ? loc.runtime + head : undefined, loc.interp);
  const codes = new CodeCache(memory, objects, L, { codeType: loc.codeType, shortFilename: options.shortFilename, enabled: options.codeCache ?? true });
  const gil = new GilOwners(memory, L, loc.gil, loc.freeThreaded);
  const walker: FrameWalker = L.frames === 'interpreter-frame'
    ? new InterpreterFrameWalker(memory, L, untag, options.snapshot ?? false)
    : new FrameObjectWalker(memory, L);
  const frames = new FrameDecoder(codes, new LocalsReader(memory, objects, L, untag));
  const stacks = new StackReader({ memory, layout: L, threads, gil, walker, codes, frames, pthreadTidOffset: options.pthreadTidOffset });
  return { memory, objects, stacks, frames, untag };
}

/**
 * The validation walk of a candidate interpreter: every thread's stack, without lines. Undefined
 * when the thread list itself cannot be read (not this interpreter, or torn); a thread whose own
 * walk failed carries its error.
 */
export function validationWalk(stacks: StackReader): RawThread[] | undefined {
  try {
    return stacks.read({ lineNo: LineNo.NoLine, gilOnly: false, dumpLocals: 0 });
  } catch (e) {
    if (!isUnreadable(e)) throw e;
    return undefined;
  }
}
