# 1,000 short threads started and joined continuously, next to one long-lived spinning thread,
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
    while not os.access(sys.argv[1], os.F_OK):
        ts = [threading.Thread(target=short) for _ in range(1000)]
        for t in ts: t.start()
        for t in ts: t.join()
main()
