# Prints a counter forever from a busy main thread plus two busy worker threads.
import sys, threading, time
def worker():
    x = 0
    while True:
        x += 1
def main():
    for _ in range(2):
        threading.Thread(target=worker, daemon=True).start()
    sys.stdout.write("READY\n"); sys.stdout.flush()
    i = 0
    last = time.time()
    while True:
        if time.time() - last > 0.05:
            last = time.time()
            i += 1
            sys.stdout.write("COUNT %d\n" % i); sys.stdout.flush()
main()
