"""N greenlets (default 2000) suspended in worker_fn among OBJECTS other GC-tracked objects
(default 200,000 dicts); prints READY."""
import sys
import time

import greenlet

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
OBJECTS = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
junk = [{"i": i} for i in range(OBJECTS)]


def worker_fn():
    greenlet.getcurrent().parent.switch()  # LINE:worker


greenlets = [greenlet.greenlet(worker_fn) for _ in range(N)]
for g in greenlets:
    g.switch()
sys.stdout.write("READY\n")
sys.stdout.flush()
time.sleep(120)
