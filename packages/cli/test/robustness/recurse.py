# Busy recursion whose depth changes constantly (random 1..200): stacks change between reads.
import random, sys, time
sys.setrecursionlimit(1000)
def recurse(n):
    if n <= 1:
        return 0
    return recurse(n - 1) + 1
def main():
    sys.stdout.write("READY\n"); sys.stdout.flush()
    end = time.time() + float(sys.argv[1])
    r = random.Random(1)
    while time.time() < end:
        recurse(r.randint(1, 200))
main()
