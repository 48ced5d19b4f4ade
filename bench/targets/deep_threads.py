"""Benchmark target: 4 threads, each 50 Python frames deep, burning CPU; the main thread idles.

Usage: python deep_threads.py [seconds] [threads]   (prints READY once every thread is at depth;
threads defaults to 4, e.g. `3600 1` for one busy thread + the idle main)
Runs on Python 2.7 and 3.x.
"""
import sys
import threading
import time

DEPTH = 50
THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else 4
at_depth = threading.Semaphore(0)


def burn():
    x = 0
    while True:
        for i in range(1000):
            x += i * i


def descend(n):
    if n <= 1:
        at_depth.release()
        burn()
    else:
        descend(n - 1)


for i in range(THREADS):
    t = threading.Thread(target=descend, args=(DEPTH - 3,), name="burner-%d" % i)
    t.daemon = True
    t.start()
for _ in range(THREADS):
    at_depth.acquire()
sys.stdout.write("READY\n")
sys.stdout.flush()
time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 3600)
