# Many distinct deep stacks (a big flamegraph / chrome trace) for the disk-full test.
import sys, time
def make(n):
    src = "def f%d(d):\n    if d == 0:\n        t = time.time()\n        while time.time() - t < 0.001: pass\n        return\n    return f%d(d - 1)\n" % (n, n)
    exec(src, globals())
for n in range(300):
    make(n)
sys.stdout.write("READY\n"); sys.stdout.flush()
end = time.time() + float(sys.argv[1])
while time.time() < end:
    for n in range(300):
        globals()["f%d" % n](20)
