"""A small CPU-bound program for trying pyglass: most time goes to heavy(), some to light().

`python3 examples/busy.py light` turns it around (light() does most of the work): two records, one of
each, make a `pyglass diff` in which heavy() shrank and light() grew.
"""
import sys
import time


def light(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total


def heavy(n):
    total = 0
    for i in range(n):
        total += (i * i) % 11
    return total


def work(seconds, hot="heavy"):
    big, small = (30000, 10000) if hot == "heavy" else (10000, 30000)
    end = time.time() + seconds
    while time.time() < end:
        heavy(big)
        light(small)


if __name__ == "__main__":
    work(3.0, sys.argv[1] if len(sys.argv) > 1 else "heavy")
