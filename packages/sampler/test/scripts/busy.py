# A busy loop on the main thread (Python 2.7 and 3.x compatible).
import sys


def busy():
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    x = 0
    while True:
        x += 1  # LINE:busy


busy()
