# libc qsort called through ctypes with a Python comparison callback that sleeps on its first call
# until the test kills it (a test on a loaded machine can outlast any fixed sleep):
# the native stack is py_cmp -> (ctypes/libffi) -> qsort -> (ctypes) -> sort_it -> <module>.
# Python 2.7 and 3.x compatible.
import ctypes
import sys
import time

libc = ctypes.CDLL("libc.so.6")
CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))
calls = [0]


def py_cmp(a, b):
    calls[0] += 1
    if calls[0] == 1:
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        while True:
            time.sleep(100)
    return a[0] - b[0]


def sort_it():
    values = (ctypes.c_int * 5)(5, 1, 4, 2, 3)
    libc.qsort(values, len(values), ctypes.sizeof(ctypes.c_int), CMP(py_cmp))
    return list(values)


sort_it()
