# CPU-bound, alternating 0.75 ms in heavy() and 0.25 ms in light() of CPU time (a 75/25 split
# whatever the machine's speed or load), in chunks far shorter than a sampling interval, so that
# samples are independent of each other. It measures the split itself and prints it at the end:
#   SPLIT <cpu s in heavy> <cpu s in light> <cpu s of the whole process> <wall s of the loop>
#         <wall s in heavy> <wall s in light>
# The wall-clock split is what a wall-clock sampler sees: on a loaded machine the process waits for a
# CPU inside one function or the other, and every sample taken while it waits lands there.
# SIGUSR1 ends the loop early, as if its time were up: a test sends it once the profile holds enough
# samples, so that the run lasts as long as the machine needs, not a fixed time.
# SECONDS are the process's CPU time, not the clock's: on a loaded machine a profiler that launched it
# gets its share of the CPUs to attach before the loop ends (2 s on the clock could end first).
# Python 2.7 and 3.x. Usage: heavy_light.py SECONDS [EXIT_STATUS]   (SECONDS <= 0: until SIGUSR1)
import signal
import sys
import threading  # noqa: F401  (imported, the main thread has a name: --threads shows it)
import time

try:
    cpu = time.process_time
    wall = time.perf_counter
except AttributeError:  # 2.7: time.clock is the process's CPU time on Unix
    cpu = time.clock
    wall = time.time


def heavy():
    began = wall()
    start = cpu()
    end = start + 0.00075
    now = start
    while now < end:
        now = cpu()
    return now - start, wall() - began


def light():
    began = wall()
    start = cpu()
    end = start + 0.00025
    now = start
    while now < end:
        now = cpu()
    return now - start, wall() - began


def main(seconds, status):
    stopped = []
    signal.signal(signal.SIGUSR1, lambda signum, frame: stopped.append(signum))
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    began = time.time()
    stop = cpu() + seconds
    in_heavy = in_light = wall_heavy = wall_light = 0.0
    while not stopped and (seconds <= 0 or cpu() < stop):
        c, w = heavy()
        in_heavy += c
        wall_heavy += w
        c, w = light()
        in_light += c
        wall_light += w
    sys.stdout.write("SPLIT %.6f %.6f %.6f %.6f %.6f %.6f\n" % (in_heavy, in_light, cpu(), time.time() - began, wall_heavy, wall_light))
    sys.stdout.flush()
    sys.exit(status)


if __name__ == "__main__":
    main(float(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
