/**
 * Finding CPython's own description of its asyncio structures (3.14+): the `.AsyncioDebug` section,
 * in the `_asyncio` extension (3.14; mapped once the target imported asyncio) or in the interpreter
 * itself (3.15, where `_asyncio` is built in).
 */
import { basename } from 'node:path';
import { ASYNCIO_DEBUG_OFFSETS_SIZE, ASYNCIO_DEBUG_SECTION } from '@pyglass/cpython-layouts';
import { readMaps } from '@pyglass/memory-reader';
import { ObjectFileError, openProcessImage } from '@pyglass/unwinder';

/** Runtime address of the target's `.AsyncioDebug` section, or undefined when no mapped file has one. */
export function findAsyncioDebugSection(pid: number): number | undefined {
  const maps = readMaps(pid);
  const candidates = [...new Set(maps.map((m) => m.path).filter((p) => /^_asyncio\.|python/.test(basename(p))))];
  // the extension first: in 3.14 the interpreter has no such section
  candidates.sort((a, b) => Number(basename(b).startsWith('_asyncio')) - Number(basename(a).startsWith('_asyncio')));
  for (const path of candidates) {
    try {
      const range = openProcessImage(pid, path, maps).sectionRange(ASYNCIO_DEBUG_SECTION);
      if (range && range.size >= ASYNCIO_DEBUG_OFFSETS_SIZE) return range.address;
    } catch (e) {
      if (!(e instanceof ObjectFileError)) throw e;
    }
  }
  return undefined;
}
