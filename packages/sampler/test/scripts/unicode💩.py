# -*- coding: utf-8 -*-
# Python 3: a unicode file name and a cyrillic function name.
import sys
import time


def кириллица():
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    time.sleep(100000)  # LINE:cyrillic


def function1():
    кириллица()  # LINE:function1


function1()
