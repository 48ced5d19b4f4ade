"""One function recursing into itself from two lines in turn, 40 frames deep, then sleeping: each
of its frames shares the code object of the frames beside it but not their line. For
test/recursion-lines.test.ts. Runs on Python 2.7 and 3.x."""
import sys
import time


def rec(n):
    if n == 0:
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        time.sleep(3600)
    elif n % 2 == 0:
        rec(n - 1)  # LINE:EVEN
    else:
        rec(n - 1)  # LINE:ODD


rec(40)
