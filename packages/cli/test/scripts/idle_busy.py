# One thread busy in busy(), one thread asleep in sleepy(); the main thread asleep too. Python 2.7
# and 3.x. Both sleepers block in select() with no timeout: they never wake, so they never take the
# GIL (nor attach, on a free-threaded build) and the busy thread holds it all the time; a sleep
# with a timeout would wake and take it now and then, for as long as a loaded machine lets it.
import select
import sys
import threading


def busy():
    n = 0
    while True:
        n += 1


def sleepy():
    while True:
        select.select([], [], [])


for f in (busy, sleepy):
    t = threading.Thread(target=f, name=f.__name__)
    t.daemon = True
    t.start()
sys.stdout.write("READY\n")
sys.stdout.flush()
while True:
    select.select([], [], [])
