"""Benchmark target: 4 threads, each 50 Python frames deep, burning CPU; the main thread idles.

Usage: python deep_threads.py [seconds]   (prints READY once every thread is at depth)
"""
import sys
import threading
import time

DEPTH = 50
ready = threading.Barrier(5)


def burn():
    x = 0
    while True:
        for i in range(1000):
            x += i * i


def descend(n):
    if n <= 1:
        ready.wait()
        burn()
    else:
        descend(n - 1)


for i in range(4):
    threading.Thread(target=descend, args=(DEPTH - 3,), name="burner-%d" % i, daemon=True).start()
ready.wait()
print("READY", flush=True)
time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 3600)
