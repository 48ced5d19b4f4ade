"""A recursion DEPTH deep (default 50,000) in a thread named "deep"; prints READY at the bottom,
where it sleeps in a loop until killed (at most 120 s)."""
import sys
import threading
import time

DEPTH = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
sys.setrecursionlimit(DEPTH + 1000)


def recurse(n):
    if n == 0:
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        end = time.time() + 120
        while time.time() < end:
            time.sleep(0.01)  # LINE:bottom
        return 0
    return recurse(n - 1)


# before 3.11 each Python call also takes C stack: 1 GiB of (virtual) stack for the thread
threading.stack_size(1 << 30)
t = threading.Thread(target=recurse, args=(DEPTH,), name="deep")
t.start()
t.join()
