# CPU-bound, alternating two functions by CPU time: the one named on the command line gets 0.75 ms,
# the other 0.25 ms, so the hot one has 75 % of the samples whatever the machine's speed or load. The
# chunks are far shorter than a sampling interval, so that samples are independent of each other (the
# diff's noise threshold assumes it: long chunks on a starved CPU make samples come in runs).
# `pyglass diff` of a run with `alpha` against a run with `beta` must show beta grown and alpha shrunk.
# Usage: hot_switch.py alpha|beta   (runs until killed; prints READY, then spins once a line arrives on
# stdin: the test sends it when the record has started, so nothing spins while pyglass starts up; with
# stdin at its end it spins at once)
import sys
import time

try:
    cpu = time.process_time
except AttributeError:  # 2.7
    cpu = time.clock


def spin(seconds):
    end = cpu() + seconds
    while cpu() < end:
        pass


def alpha(seconds):
    spin(seconds)


def beta(seconds):
    spin(seconds)


def main(hot):
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    sys.stdin.readline()
    a, b = (0.00075, 0.00025) if hot == "alpha" else (0.00025, 0.00075)
    while True:
        alpha(a)
        beta(b)


if __name__ == "__main__":
    main(sys.argv[1])
