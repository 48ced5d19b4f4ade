# One thread, asleep a few frames deep: the interpreter look-alike case for the locator. 2.7 and 3.x.
import sys
import time


def deeper():
    sys.stdout.write('READY\n')
    sys.stdout.flush()
    time.sleep(3600)


def outer():
    deeper()


outer()
