"""Pushes and pops frames in a tight loop, so a sampler that pauses it often stops it half way
through a frame push or pop: mostly calls from C (map) that enter the interpreter anew, plus
Python-to-Python calls and a generator. Prints READY, then runs until killed."""
import sys


def leaf(x):
    return x


def middle(x):
    return leaf(x)


def gen(n):
    for i in range(n):
        yield i


ITEMS = tuple(range(200))


def churn():
    for _ in map(leaf, ITEMS):
        pass
    for x in gen(20):
        middle(x)


print("READY")
sys.stdout.flush()
while True:
    churn()
