# A short program: ~0.75 s of CPU time in first_half() then ~0.75 s in second_half(), then exits
# with the status given (or raises when given "raise"). Python 2.7 and 3.x.
# CPU time, not wall time: on a busy machine the program does the same work, only later, and a
# profiler that starts as slowly as the program still finds second_half() running.
import sys
import time

cpu_time = getattr(time, "process_time", None) or time.clock


def spin(seconds):
    end = cpu_time() + seconds
    while cpu_time() < end:
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
