"""Load for bench/process-tree.mjs: THREADS client threads requesting URL back to back (a new
connection each, like gunicorn's sync workers expect) for SECONDS, then it prints the request count
and exits. Only meant for a server on this machine (127.0.0.1).

Usage: python http_load.py URL THREADS SECONDS   (prints READY after the first good response)
"""
import sys
import threading
import time
import urllib.request

url, threads, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.time() + seconds
counts = [0] * threads
errors = [0] * threads
ready = threading.Event()


def client(k):
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                r.read()
            counts[k] += 1
            ready.set()
        except OSError:
            errors[k] += 1
            time.sleep(0.05)


workers = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(threads)]
for w in workers:
    w.start()
if ready.wait(30):
    sys.stdout.write("READY\n")
    sys.stdout.flush()
for w in workers:
    w.join()
sys.stdout.write("requests %d errors %d\n" % (sum(counts), sum(errors)))
sys.stdout.flush()
