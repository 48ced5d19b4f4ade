# Threads doing different things, for the capture and convert tests: "spinner" computes in pure
# Python, "raiser" raises and catches exceptions in a loop, "sleeper" sleeps, "collector" makes
# reference cycles and collects them (--gc), the main thread waits.
# Python 2.7 and 3.x. Prints READY once every thread runs. The three busy threads start their work
# when a line (or the end of file) comes on stdin: a test that pipes stdin says "go" once a record
# samples the process (nothing burns a CPU while pyglass starts); without a pipe they start at once.
import gc
import sys
import threading
import time

go = threading.Event()


def spin_inner(n):
    x = 0
    for i in range(n):
        x += i * i
    return x


def spinner():
    go.wait()
    while True:
        spin_inner(1000)


def fail(i):
    raise ValueError(i)


def raiser():
    go.wait()
    i = 0
    while True:
        try:
            fail(i)
        except ValueError:
            i += spin_inner(50) % 7


def sleeper():
    while True:
        time.sleep(0.05)


def collector():
    go.wait()
    while True:
        for _ in range(2000):
            a = []
            a.append(a)
        gc.collect()


for f in (spinner, raiser, sleeper, collector):
    t = threading.Thread(target=f, name=f.__name__)
    t.daemon = True
    t.start()
sys.stdout.write("READY\n")
sys.stdout.flush()
sys.stdin.readline()
go.set()
while True:
    time.sleep(1)
