# Target of thread-states.test.ts (Python 2.7 and 3.x): one process per interpreter serves every
# scenario, one at a time, as the test asks on stdin:
#   RUN gil  two CPU-bound threads (Burner-1, Burner-2); a thread in time.sleep (Sleeper, started by
#            the first RUN gil and left asleep for good)
#   RUN ft   three CPU-bound threads (Burner-1..3): on a free-threaded build they run at once
#   RUN gc   a thread (Churner) making cyclic garbage and calling gc.collect() in a loop
#   RUN exc  a thread (Raiser) raising and catching an exception in a loop, working in the except block
#   STOP     the running scenario's threads end; prints STOPPED once they have
# Prints "THREAD name tid" for each thread it starts, READY once up, "RUNNING scenario" once the
# scenario's threads are all at work. Nothing burns a CPU between scenarios. In gc/exc the worker
# prints "SHARE inside total" every 0.02 s (the test waits for one before and one after its
# sampling window, with the worker burning a CPU meanwhile): seconds spent in gc.collect() / in the except block, and
# in all, since it started (the test takes the difference over its sampling window).
import ctypes
import gc
import sys
import threading
import time

# (no try/except anywhere in the main thread: Python 2 keeps a handled exception in sys.exc_info()
# until the frame that caught it returns, and the main thread must handle none)
clock = getattr(time, "perf_counter", time.time)

libc = ctypes.CDLL(None, use_errno=True)
out_lock = threading.Lock()


def say(line):
    with out_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def gettid():
    return libc.syscall(186)  # SYS_gettid on x86_64


ready = []
# [True] while a scenario runs; its threads return once it is [False]
running = [False]


def announce(name):
    say("THREAD %s %d" % (name, gettid()))
    ready.append(name)


def burn(name):
    announce(name)
    x = 0
    while running[0]:
        x += 1


def sleeper(name):
    announce(name)
    time.sleep(100000)


def report(inside, begin, last):
    now = clock()
    if now - last >= 0.02:
        say("SHARE %.6f %.6f" % (inside, now - begin))
        return now
    return last


def churn(name):
    announce(name)
    inside = 0.0
    begin = last = clock()
    while running[0]:
        objs = [[i] for i in range(2000)]
        for o in objs:
            o.append(objs)
        del objs
        t0 = clock()
        gc.collect()
        inside += clock() - t0
        last = report(inside, begin, last)


def raiser(name):
    announce(name)
    inside = 0.0
    begin = last = clock()
    while running[0]:
        s = 0
        for i in range(300):
            s += i
        try:
            raise ValueError(s)
        except ValueError:
            t0 = clock()
            for i in range(3000):
                s += i
            inside += clock() - t0
        last = report(inside, begin, last)


scenarios = {
    "gil": [("Burner-1", burn), ("Burner-2", burn)],
    "ft": [("Burner-1", burn), ("Burner-2", burn), ("Burner-3", burn)],
    "gc": [("Churner", churn)],
    "exc": [("Raiser", raiser)],
}


def start(name, fn):
    t = threading.Thread(target=fn, args=(name,), name=name)
    t.daemon = True
    t.start()
    return t


say("THREAD MainThread %d" % gettid())
say("READY")
threads = []
sleepers = []
while True:
    words = sys.stdin.readline().split()
    if not words:
        break  # the test has gone (end of stdin)
    if words[0] == "RUN":
        if words[1] == "gil" and not sleepers:
            sleepers.append(start("Sleeper", sleeper))
            while "Sleeper" not in ready:
                time.sleep(0.01)
        workers = scenarios[words[1]]
        del ready[:]
        running[0] = True
        threads = [start(name, fn) for name, fn in workers]
        while len(ready) < len(workers):
            time.sleep(0.01)
        say("RUNNING %s" % words[1])
    elif words[0] == "STOP":
        running[0] = False
        for t in threads:
            t.join()
        say("STOPPED")
