# -*- coding: utf-8 -*-
# Known stack: <module> -> level1 -> level2 -> level3 (sleeping). Line numbers are asserted by tests.
import sys
import time


def level3():
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    time.sleep(100000)  # line 10


def level2():
    level3()  # line 14


def level1():
    level2()  # line 18


level1()  # line 21
