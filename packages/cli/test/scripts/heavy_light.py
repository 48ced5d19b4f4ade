# CPU-bound, alternating 30 ms in heavy() and 10 ms in light() of CPU time, so the split is 75/25
# whatever the machine's speed or load (wall-clock loops drift towards 2:1 on a starved CPU: a
# short function keeps whole scheduler slices). Python 2.7 and 3.x.
# Usage: heavy_light.py SECONDS [EXIT_STATUS]   (SECONDS <= 0: forever)
import sys
import threading  # noqa: F401  (imported, the main thread has a name: --threads shows it)
import time

try:
    cpu = time.process_time
except AttributeError:  # 2.7: time.clock is the process's CPU time on Unix
    cpu = time.clock


def heavy():
    end = cpu() + 0.030
    while cpu() < end:
        pass


def light():
    end = cpu() + 0.010
    while cpu() < end:
        pass


def main(seconds, status):
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    stop = time.time() + seconds
    while seconds <= 0 or time.time() < stop:
        heavy()
        light()
    sys.exit(status)


if __name__ == "__main__":
    main(float(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
