# 1,000 short threads started and joined continuously (in batches), next to one long-lived spinning thread,
# until the file argv[1] exists (the test makes it once the record has sampled the survivor).
import os, sys, threading
def short():
    pass
def survivor():
    x = 0
    while True:
        x += 1  # SURVIVOR_LINE
def main():
    threading.Thread(target=survivor, name="survivor", daemon=True).start()
    sys.stdout.write("READY\n"); sys.stdout.flush()
    # the stop file is looked for before each start: a blocking record pausing 1,000 threads 200 times
    # a second on a loaded machine makes a whole batch take minutes
    while not os.access(sys.argv[1], os.F_OK):
        ts = []
        for _ in range(1000):
            if os.access(sys.argv[1], os.F_OK): break
            t = threading.Thread(target=short); t.start(); ts.append(t)
        for t in ts: t.join()
main()
