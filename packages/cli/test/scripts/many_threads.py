"""N threads (default 10,000) named w0..wN-1, each parked in parked() on one Event; prints READY."""
import sys
import threading
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
threading.stack_size(128 * 1024)
ev = threading.Event()


def parked():
    ev.wait()  # LINE:parked


threads = [threading.Thread(target=parked, name="w%d" % i) for i in range(N)]
for t in threads:
    t.daemon = True
    t.start()
sys.stdout.write("READY\n")
sys.stdout.flush()
time.sleep(120)
