# 1,000 short threads started and joined continuously, next to one long-lived spinning thread.
import sys, threading, time
def short():
    pass
def survivor():
    x = 0
    while True:
        x += 1  # SURVIVOR_LINE
def main():
    threading.Thread(target=survivor, name="survivor", daemon=True).start()
    sys.stdout.write("READY\n"); sys.stdout.flush()
    end = time.time() + float(sys.argv[1])
    while time.time() < end:
        ts = [threading.Thread(target=short) for _ in range(1000)]
        for t in ts: t.start()
        for t in ts: t.join()
main()
