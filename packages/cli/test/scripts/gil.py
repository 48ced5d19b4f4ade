# Two busy threads: "spinner" runs pure Python (holds the GIL), "compressor" loops on
# zlib.compress of a large buffer (releases the GIL while compressing). Python 2.7 and 3.x.
# The buffer compresses slowly to a smaller output, so the compressor holds the GIL very little.
import hashlib
import sys
import threading
import time
import zlib

# ~1.9 MB of hex digits: slow to compress, and quick to make even on a loaded machine
data = "".join(hashlib.sha256(str(i).encode("ascii")).hexdigest() for i in range(30000)).encode("ascii")


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
