/**
 * PageCache against a real process: reads that make the page pool grow must return the bytes of
 * the page just read, whatever the accessor (u8 once read from the pool it had before growing).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProcessMemory, type ClosableProcessMemory } from '@pyglass/memory-reader';
import { PAGE, PageCache } from '../src/pagecache.js';
import { findPythons, waitForOutput } from '../../../tools/pythons/pythons.js';

const py = findPythons().find((p) => !p.root && p.major === 3);
// A 64 KiB buffer whose byte i is (i * 7 + 3) & 0xff; prints its address.
const script = [
  'import ctypes, sys, time',
  'n = 65536',
  'buf = ctypes.create_string_buffer(bytes(bytearray((i * 7 + 3) & 0xff for i in range(n))), n)',
  'sys.stdout.write("ADDR %d\\n" % ctypes.addressof(buf)); sys.stdout.flush()',
  'time.sleep(1000)',
].join('\n');
const expected = (i: number) => (i * 7 + 3) & 0xff;

describe.skipIf(!py)(`PageCache on a live process${py ? '' : ' (skipped: no host CPython 3)'}`, () => {
  let child: ChildProcess;
  let mem: ClosableProcessMemory;
  let addr = 0;
  beforeAll(async () => {
    child = spawn(py!.executable, ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = await waitForOutput(child, 'ADDR');
    addr = Number(/ADDR (\d+)/.exec(out)![1]);
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
});
