# -*- coding: utf-8 -*-
# A process with known stacks for the `pyglass dump` end-to-end tests (Python 2.7 and 3.x).
# Lines tagged "# LINE:<tag>" are located by the tests. Every thread sleeps except "Spinner",
# which waits on stdin and spins once it reads a line (so only one test burns CPU at a time).
import sys
import threading
import time

ready = []
lock = threading.Lock()
spin_go = threading.Event()


def mark(name):
    with lock:
        ready.append(name)


def sleeper(i):
    mark("Sleeper-%d" % i)
    time.sleep(100000)  # LINE:sleeper


def with_locals(count, label="hello"):
    total = count * 2
    items = [1, 2, 3]
    mark("LocalsThread")
    time.sleep(100000)  # LINE:locals


def inner_spin():
    n = 0
    while True:  # LINE:spin
        n += 1  # LINE:spin2


def spinner():
    mark("Spinner")
    spin_go.wait()  # LINE:spinwait
    inner_spin()  # LINE:spincall


def level3():
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    time.sleep(100000)  # LINE:level3


def level2():
    level3()  # LINE:level2


def level1():
    level2()  # LINE:level1


def watch_stdin():
    mark("StdinWatcher")
    line = sys.stdin.readline()  # LINE:stdin
    if line:
        spin_go.set()
        sys.stdout.write("SPINNING\n")
        sys.stdout.flush()


threads = [threading.Thread(target=sleeper, args=(i,), name="Sleeper-%d" % i) for i in range(2)]
threads.append(threading.Thread(target=with_locals, args=(21,), name="LocalsThread"))
threads.append(threading.Thread(target=spinner, name="Spinner"))
threads.append(threading.Thread(target=watch_stdin, name="StdinWatcher"))
for t in threads:
    t.daemon = True
    t.start()
while True:
    with lock:
        if len(ready) == len(threads):
            break
    time.sleep(0.01)
time.sleep(0.2)  # let every thread reach its sleep
level1()  # LINE:module
