# Code objects that die and are replaced (for the code-object cache tests; Python 2.7 and 3.x).
# One function, `worker`, gets a new __code__ per generation: "gen_<i>" compiled from a string, its
# loop on line 2 + (i % 7), filename "<gen_<i>>". The previous code object is freed at once, so the
# allocator tends to hand its address (and its name's, line table's) to the next one: a cache keyed
# by address that failed to notice would report the old name or line.
# Prints "GEN <i> <id(code)>" before running generation i, "READY" first, "DONE" at the end.
import sys
import time

GENS = int(sys.argv[1]) if len(sys.argv) > 1 else 40
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 0.025


def worker(stop):
    pass


sys.stdout.write("READY\n")
sys.stdout.flush()
time.sleep(0.3)
for i in range(GENS):
    src = "def gen_%d(stop):\n" % i + "    y = 0\n" * (i % 7) + "    while time.time() < stop: x = 1\n"
    ns = {"time": time}
    exec(compile(src, "<gen_%d>" % i, "exec"), ns)
    worker.__code__ = ns["gen_%d" % i].__code__
    ns.clear()  # break the function <-> globals cycle: the old code object dies at the next swap
    del ns
    sys.stdout.write("GEN %d %d\n" % (i, id(worker.__code__)))
    sys.stdout.flush()
    worker(time.time() + SECONDS)
sys.stdout.write("DONE\n")
sys.stdout.flush()
time.sleep(3600)
