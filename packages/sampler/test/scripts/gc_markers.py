"""N instances (default 300) of class GcMarker, each GC-tracked, kept alive; prints READY."""
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 300


class GcMarker(object):
    def __init__(self, i):
        self.i = i
        self.me = self  # a cycle: tracked on every version


markers = [GcMarker(i) for i in range(N)]
sys.stdout.write("READY\n")
sys.stdout.flush()
time.sleep(120)
