# A C++ shared library (built by native-cxx.test.ts, path in argv[1]) called through ctypes; it calls
# back into Python, which sleeps: the native stack is py_callback -> (ctypes/libffi) ->
# pyglass_test::Runner<long>::run -> pyglass_test::call_twice -> cxx_entry -> (ctypes) -> enter_cxx.
# Python 2.7 and 3.x compatible.
import ctypes
import sys
import time

lib = ctypes.CDLL(sys.argv[1])
CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)


def py_callback(n):
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    time.sleep(100)
    return n


def enter_cxx():
    return lib.cxx_entry(CB(py_callback), 3)


enter_cxx()
