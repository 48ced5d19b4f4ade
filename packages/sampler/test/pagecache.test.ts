/**
 * PageCache against a real process: reads that make the page pool grow must return the bytes of
 * the page just read, whatever the accessor (u8 once read from the pool it had before growing);
 * startSample prefetches the pages the last sample used, fresh; a run of pages read as one range
 * with an unmapped page in it still yields its readable pages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProcessMemory, type ClosableProcessMemory } from '@pyglass/memory-reader';
import { PAGE, PageCache, ReadFault } from '../src/memory/pagecache.js';
import { findPythons, waitForOutput } from '../../../tools/pythons/pythons.js';

const py = findPythons().find((p) => !p.root && p.major === 3);
// A 64 KiB buffer whose byte i is (i * 7 + 3) & 0xff; prints its address. Then three mapped pages
// whose middle one is unmapped again (HOLE: the first page's address), each byte of page k = k + 1.
// Each line on stdin adds 1 to the buffer's first byte and prints BUMPED.
const script = [
  'import ctypes, mmap, sys, time',
  'n = 65536',
  'buf = ctypes.create_string_buffer(bytes(bytearray((i * 7 + 3) & 0xff for i in range(n))), n)',
  'libc = ctypes.CDLL(None, use_errno=True)',
  'libc.mmap.restype = ctypes.c_void_p',
  'libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]',
  'libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]',
  'hole = libc.mmap(None, 3 * 4096, mmap.PROT_READ | mmap.PROT_WRITE, mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)',
  'for k in range(3): ctypes.memset(hole + k * 4096, k + 1, 4096)',
  'libc.munmap(hole + 4096, 4096)',
  'sys.stdout.write("ADDR %d HOLE %d\\n" % (ctypes.addressof(buf), hole)); sys.stdout.flush()',
  'for line in sys.stdin:',
  '    buf[0] = bytes(bytearray([(ord(buf[0]) + 1) & 0xff]))',
  '    sys.stdout.write("BUMPED\\n"); sys.stdout.flush()',
].join('\n');
const expected = (i: number) => (i * 7 + 3) & 0xff;

describe.skipIf(!py)(`PageCache on a live process${py ? '' : ' (skipped: no host CPython 3)'}`, () => {
  let child: ChildProcess;
  let mem: ClosableProcessMemory;
  let addr = 0;
  let hole = 0;
  beforeAll(async () => {
    child = spawn(py!.executable, ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = await waitForOutput(child, 'HOLE');
    addr = Number(/ADDR (\d+)/.exec(out)![1]);
    hole = Number(/HOLE (\d+)/.exec(out)![1]);
    mem = openProcessMemory(child.pid!);
  });
  afterAll(() => {
    mem?.close();
    child?.kill('SIGKILL');
  });

  it('u8 returns the new page when reading it grows the pool', () => {
    const cache = new PageCache(mem, 1);
    // each read lands on a page not cached yet, so every second one doubles the pool
    for (let k = 0; k < 8; k++) {
      const i = k * PAGE + 5;
      expect(cache.u8(addr + i), `byte ${i}`).toBe(expected(i));
    }
  });

  it('u32, u64 and copy agree with u8 across growth and page boundaries', () => {
    const cache = new PageCache(mem, 1);
    const i = 3 * PAGE - 2; // straddles a page boundary
    const le32 = expected(i) | (expected(i + 1) << 8) | (expected(i + 2) << 16) | (expected(i + 3) * 2 ** 24);
    expect(cache.u32(addr + i)).toBe(le32 >>> 0);
    const dest = new Uint8Array(3 * PAGE);
    cache.copy(addr + PAGE, dest, 0, dest.length);
    for (let j = 0; j < dest.length; j++) if (dest[j] !== expected(PAGE + j)) throw new Error(`copy byte ${j}`);
  });

  it('startSample reads the pages the last sample used in one batch, afresh', async () => {
    const buf0 = (cache: PageCache): number => cache.u8(addr);
    const cache = new PageCache(mem);
    cache.startSample();
    const first = buf0(cache);
    expect(cache.u8(addr + 5 * PAGE + 1)).toBe(expected(5 * PAGE + 1));
    // bump the first byte in the target, then start a new sample: both pages come in one read
    child.stdin!.write('\n');
    await waitForOutput(child, 'BUMPED');
    cache.startSample();
    const calls = cache.syscalls;
    cache.flush();
    expect(cache.syscalls - calls, 'one batch for the prefetched pages').toBe(1);
    expect(buf0(cache), 'the prefetched page is read again, not kept from the last sample').toBe((first + 1) & 0xff);
    expect(cache.u8(addr + 5 * PAGE + 1)).toBe(expected(5 * PAGE + 1));
    expect(cache.syscalls - calls, 'no read on demand after the prefetch').toBe(1);
    // a page the sample did not use is not prefetched by the next one
    cache.startSample();
    expect(buf0(cache)).toBe((first + 1) & 0xff);
    cache.startSample();
    const before = cache.pagesRead;
    cache.flush();
    expect(cache.pagesRead - before, 'only the page used last time').toBe(1);
  });

  it('a run of pages with an unmapped page in it: the readable pages are read, the hole faults', () => {
    const cache = new PageCache(mem);
    cache.want(hole, 3 * PAGE);
    cache.flush();
    expect(cache.has(hole) && cache.has(hole + PAGE) && cache.has(hole + 2 * PAGE)).toBe(true);
    expect(cache.u8(hole + 10)).toBe(1);
    expect(cache.u8(hole + 2 * PAGE + 10)).toBe(3);
    expect(() => cache.u8(hole + PAGE + 10)).toThrow(ReadFault);
  });
});
