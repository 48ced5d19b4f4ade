# A process tree (root, two children, a grandchild of the first) where every process counts in a
# loop and publishes its count in shared memory, then copies everyone's published counts into its
# locals. A snapshot of the whole tree taken while every process is stopped at once satisfies, for
# every pair: the copy process j holds of i's count (local s<i>) <= process i's own count (local n).
# A process read later than another, after that one ran on, breaks it.
#   tree_clock.py [SECONDS]   (default 60; prints "READY child child" once all four count;
# each process stops when SECONDS are over or its parent is gone)
import mmap
import os
import sys
import time

SLOTS = 4


def tick(me, slots, seconds):
    end = time.time() + seconds
    parent = os.getppid()
    n = 0
    s0 = s1 = s2 = s3 = 0
    while True:
        n += 1
        slots[me] = n
        s0 = slots[0]
        s1 = slots[1]
        s2 = slots[2]
        s3 = slots[3]
        if (n & 4095) == 0 and (time.time() > end or os.getppid() != parent):
            return s0 + s1 + s2 + s3


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    shared = mmap.mmap(-1, 8 * SLOTS)  # anonymous and shared: forks see the same pages
    slots = memoryview(shared).cast('q')
    pids = []
    first = os.fork()
    if first == 0:
        grandchild = os.fork()
        tick(3 if grandchild == 0 else 1, slots, seconds)
        os._exit(0)
    pids.append(first)
    second = os.fork()
    if second == 0:
        tick(2, slots, seconds)
        os._exit(0)
    pids.append(second)
    while not all(slots[i] > 0 for i in range(1, SLOTS)):
        time.sleep(0.01)
    sys.stdout.write('READY %d %d\n' % tuple(pids))
    sys.stdout.flush()
    tick(0, slots, seconds)


if __name__ == '__main__':
    main()
