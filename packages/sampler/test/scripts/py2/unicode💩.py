# -*- coding: utf-8 -*-
# Python 2: a unicode file name (identifiers must be ASCII in Python 2).
import sys
import time


def function2():
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    time.sleep(100000)  # LINE:function2


def function1():
    function2()  # LINE:function1


function1()
