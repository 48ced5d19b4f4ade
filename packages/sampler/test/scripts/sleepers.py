# Threads asleep at known depths (stable stacks) for the cached-vs-uncached comparison; 2.7 and 3.x.
import sys
import threading
import time


def nap(depth):
    if depth > 0:
        return nap(depth - 1)
    time.sleep(3600)


class Holder(object):
    def method(self, depth):
        return nap(depth)


for i in range(3):
    t = threading.Thread(target=Holder().method, args=(5 + 7 * i,), name="sleeper-%d" % i)
    t.daemon = True
    t.start()
time.sleep(0.3)
sys.stdout.write("READY\n")
sys.stdout.flush()
nap(3)
