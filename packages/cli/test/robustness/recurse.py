# Busy recursion whose depth changes constantly (random 1..200): stacks change between reads.
# Runs for argv[1] seconds, or, when argv[1] is not a number, until the file argv[1] exists (the
# test makes it once it has seen what it waits for). After READY it waits for a line on stdin (a test
# sends it once the record samples, so nothing spins while pyglass starts up; with stdin at its end,
# /dev/null, it goes on at once).
import os, random, sys, time
sys.setrecursionlimit(1000)
def recurse(n):
    if n <= 1:
        return 0
    return recurse(n - 1) + 1
def main():
    sys.stdout.write("READY\n"); sys.stdout.flush()
    sys.stdin.readline()
    try:
        end, stop = time.time() + float(sys.argv[1]), None
    except ValueError:
        end, stop = None, sys.argv[1]
    r = random.Random(1)
    # (no helper function: its frame would show in the stacks the tests check)
    while (time.time() < end) if stop is None else not os.access(stop, os.F_OK):
        recurse(r.randint(1, 200))
main()
