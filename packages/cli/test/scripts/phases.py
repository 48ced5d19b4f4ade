# A short program: ~0.75 s in first_half() then ~0.75 s in second_half(), then exits with the
# status given (or raises when given "raise"). Python 2.7 and 3.x.
import sys
import time


def spin(seconds):
    end = time.time() + seconds
    while time.time() < end:
        pass


def first_half():
    spin(0.75)


def second_half():
    spin(0.75)


first_half()
second_half()
if sys.argv[1:] == ["raise"]:
    raise RuntimeError("the program failed")
sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
