# -*- coding: utf-8 -*-
# A process with known stacks for the sampler tests (Python 2.7 and 3.x compatible).
# Lines tagged "# LINE:<tag>" are located by the tests, which assert on them.
import sys
import threading
import time


def gettid():
    try:
        return threading.get_native_id()
    except AttributeError:
        pass
    try:
        import ctypes
        return ctypes.CDLL(None).syscall(186)  # SYS_gettid on x86_64
    except Exception:
        return 0


started = []
lock = threading.Lock()


def announce(name):
    with lock:
        started.append("THREAD %d %d %s" % (threading.current_thread().ident, gettid(), name))


def idle_worker(i):
    announce("CustomThreadName-%d" % i)
    time.sleep(100000)  # LINE:idle


class Worker(object):
    def method(self):
        announce("MethodThread")
        time.sleep(100000)  # LINE:method


def recurse(n):
    if n <= 1:
        announce("RecursionThread")
        time.sleep(100000)  # LINE:leaf
    recurse(n - 1)  # LINE:recurse


def local_variable_lookup(arg1="foo", arg2=None, arg3=True):
    local1 = [-1234, 5678]
    local2 = ("a", "b", "c")
    local3 = 123456789123456789
    local4 = 3.1415
    local5 = {"a": False, "b": (1, 2, 3)}
    local6 = 2 ** 100
    local7 = u"\u00e9t\u00e9"
    local8 = u"\u20ac"
    local9 = u"\U0001f4a9"
    local10 = -5
    local11 = object()
    announce("LocalsThread")
    time.sleep(100000)  # LINE:locals


def level3():
    sys.stdout.write("\n".join(started) + "\nMAIN %d %d\nREADY\n" % (threading.current_thread().ident, gettid()))
    sys.stdout.flush()
    time.sleep(100000)  # LINE:level3


def level2():
    level3()  # LINE:level2


def level1():
    level2()  # LINE:level1


threads = [threading.Thread(target=idle_worker, args=(i,), name="CustomThreadName-%d" % i) for i in range(10)]
threads.append(threading.Thread(target=Worker().method, name="MethodThread"))
threads.append(threading.Thread(target=recurse, args=(300,), name="RecursionThread"))
threads.append(threading.Thread(target=local_variable_lookup, name="LocalsThread"))
for t in threads:
    t.daemon = True
    t.start()
while True:
    with lock:
        if len(started) == len(threads):
            break
    time.sleep(0.01)
time.sleep(0.2)  # let every thread reach its sleep
level1()  # LINE:module
