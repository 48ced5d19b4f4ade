# CPU-bound, alternating 0.75 ms in heavy() and 0.25 ms in light() of CPU time (a 75/25 split
# whatever the machine's speed or load), in chunks far shorter than a sampling interval, so that
# samples are independent of each other. It measures the split itself and prints it at the end:
#   SPLIT <cpu s in heavy> <cpu s in light> <cpu s of the whole process> <wall s of the loop>
# Python 2.7 and 3.x. Usage: heavy_light.py SECONDS [EXIT_STATUS]   (SECONDS <= 0: forever)
import sys
import threading  # noqa: F401  (imported, the main thread has a name: --threads shows it)
import time

try:
    cpu = time.process_time
except AttributeError:  # 2.7: time.clock is the process's CPU time on Unix
    cpu = time.clock


def heavy():
    start = cpu()
    end = start + 0.00075
    now = start
    while now < end:
        now = cpu()
    return now - start


def light():
    start = cpu()
    end = start + 0.00025
    now = start
    while now < end:
        now = cpu()
    return now - start


def main(seconds, status):
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    began = time.time()
    stop = began + seconds
    in_heavy = in_light = 0.0
    while seconds <= 0 or time.time() < stop:
        in_heavy += heavy()
        in_light += light()
    sys.stdout.write("SPLIT %.6f %.6f %.6f %.6f\n" % (in_heavy, in_light, cpu(), time.time() - began))
    sys.stdout.flush()
    sys.exit(status)


if __name__ == "__main__":
    main(float(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
