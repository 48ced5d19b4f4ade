# Two busy threads: "spinner" runs pure Python (holds the GIL), "compressor" loops on
# zlib.compress of a large buffer (releases the GIL while compressing). Python 2.7 and 3.x.
# The buffer compresses slowly to a smaller output, so the compressor holds the GIL very little.
import random
import sys
import threading
import time
import zlib

rng = random.Random(1)
data = " ".join(str(rng.randrange(10 ** 6)) for i in range(250000)).encode("ascii")


def spinner():
    n = 0
    while True:
        n += 1


def compressor():
    while True:
        zlib.compress(data, 9)


for f in (spinner, compressor):
    t = threading.Thread(target=f, name=f.__name__)
    t.daemon = True
    t.start()
sys.stdout.write("READY\n")
sys.stdout.flush()
while True:
    time.sleep(1)
