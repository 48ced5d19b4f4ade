"""Benchmark target for the agent: a mostly idle service. The main thread wakes every 100 ms and
works ~1 ms about 12 frames deep (1 % of a core), like a lightly loaded web worker.

Usage: python service_like.py [seconds]   (prints READY; runs on Python 2.7 and 3.x)
"""
import sys
import time

try:
    cpu = time.process_time
except AttributeError:  # 2.7
    cpu = time.clock


def work(n):
    if n > 0:
        return work(n - 1)
    end = cpu() + 0.001
    x = 0
    while cpu() < end:
        x += 1
    return x


def serve(seconds):
    stop = time.time() + seconds
    while time.time() < stop:
        work(10)
        time.sleep(0.1)


sys.stdout.write("READY\n")
sys.stdout.flush()
serve(float(sys.argv[1]) if len(sys.argv) > 1 else 3600)
