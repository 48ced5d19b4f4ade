# A parent that never reaps its child: the child (a forked copy of this interpreter) sleeps in a
# Python loop until it is killed, and then stays a zombie, since the parent never calls wait().
# Prints "READY <child pid>" once the child runs. SIGTERM: the parent reaps its child and exits.
# Python 2.7 and 3.x.
import os
import signal
import sys
import time


def sleep_forever():
    while True:
        time.sleep(0.05)


child = os.fork()
if child == 0:
    sleep_forever()


def reap_and_exit(signum, frame):
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    sys.exit(0)


signal.signal(signal.SIGTERM, reap_and_exit)
sys.stdout.write("READY %d\n" % child)
sys.stdout.flush()
while True:
    time.sleep(3600)
