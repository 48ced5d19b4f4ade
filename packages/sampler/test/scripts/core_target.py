# Named threads in nested calls, all sleeping, for core-dump tests. Python 2.7+.
import sys
import threading
import time


def leaf_sleep(seconds):
    time.sleep(seconds)


def middle(seconds):
    leaf_sleep(seconds)


def worker_outer(seconds):
    middle(seconds)


def main_inner():
    sys.stdout.write('READY\n')
    sys.stdout.flush()
    while True:
        time.sleep(1000)


def main_outer():
    main_inner()


if __name__ == '__main__':
    for name in ('worker-one', 'worker-two'):
        t = threading.Thread(target=worker_outer, args=(1000,), name=name)
        t.daemon = True
        t.start()
    time.sleep(0.2)
    main_outer()
