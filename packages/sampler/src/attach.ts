/**
 * The readers of one target, built together around one page cache (the attach → read step shared
 * by live processes and core files), and the walk that tells a candidate interpreter is the one.
 */
import type { ProcessMemory } from '@pyglass/memory-reader';
import { isUnreadable, ObjectReader } from './objects.js';
import { PageCache } from './pagecache.js';
import { StackReader, type RawThread, type ReaderLocation, type StackReaderOptions } from './reader.js';
import { LineNo } from './types.js';

/** A target's page cache, object reader and stack reader: the collaborators the other readers are given. */
export interface TargetReaders {
  readonly memory: PageCache;
  readonly objects: ObjectReader;
  readonly stacks: StackReader;
}

export function createReaders(mem: ProcessMemory, loc: ReaderLocation, options: StackReaderOptions = {}): TargetReaders {
  const memory = new PageCache(mem);
  const objects = new ObjectReader(memory, loc.layout);
  return { memory, objects, stacks: new StackReader(memory, objects, loc, options) };
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
