# Prints a counter forever from a busy main thread plus two busy worker threads. After READY (the
# threads started) it waits for a line on stdin before any of them runs (a test sends it once the
# record samples; with stdin at its end it goes on at once): nothing burns CPU while pyglass starts up.
import sys, threading, time
go = threading.Event()
def worker():
    go.wait()
    x = 0
    while True:
        x += 1
def main():
    for _ in range(2):
        threading.Thread(target=worker, daemon=True).start()
    sys.stdout.write("READY\n"); sys.stdout.flush()
    if sys.stdin is not None:
        sys.stdin.readline()
    go.set()
    i = 0
    last = time.time()
    while True:
        if time.time() - last > 0.05:
            last = time.time()
            i += 1
            sys.stdout.write("COUNT %d\n" % i); sys.stdout.flush()
main()
