# One thread busy in busy(), one thread sleeping in sleepy(); the main thread waits on them.
# Python 2.7 and 3.x.
import sys
import threading
import time


def busy():
    n = 0
    while True:
        n += 1


def sleepy():
    while True:
        time.sleep(10)


for f in (busy, sleepy):
    t = threading.Thread(target=f, name=f.__name__)
    t.daemon = True
    t.start()
sys.stdout.write("READY\n")
sys.stdout.flush()
while True:
    time.sleep(1)
