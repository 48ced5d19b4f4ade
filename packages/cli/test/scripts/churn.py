# Frames pushed and popped as fast as the interpreter can (a stack that is never the same twice),
# next to a sleeping thread. Python 2.7 and 3.x.
import sys
import threading
import time


def down(n):
    if n:
        return down(n - 1) + 1
    return 0


def churn():
    while True:
        for depth in (3, 40, 7, 25, 1):
            down(depth)


def sleepy():
    while True:
        time.sleep(10)


for f in (churn, sleepy):
    t = threading.Thread(target=f, name=f.__name__)
    t.daemon = True
    t.start()
sys.stdout.write("READY\n")
sys.stdout.flush()
while True:
    time.sleep(1)
