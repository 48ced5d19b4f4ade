# Every numpy scalar type of py-spy's tests/scripts/local_vars.py (locals 7-24), plus values that
# need care when read from outside: a negative int64, a uint64 above 2**53, an f32 that is not
# exactly representable, False.
import sys
import time

import numpy as np


def numpy_locals():
    v_bool = np.bool(True)
    v_byte = np.byte(2)
    v_int8 = np.int8(3)
    v_int16 = np.int16(42)
    v_int32 = np.int32(43)
    v_int64 = np.int64(44)
    v_uint8 = np.uint8(45)
    v_uint16 = np.uint16(46)
    v_uint32 = np.uint32(7)
    v_uint64 = np.uint64(8)
    v_ulonglong = np.ulonglong(11)
    v_float16 = np.float16(0.3)
    v_float32 = np.float32(0.5)
    v_float64 = np.float64(0.7)
    v_longdouble = np.longdouble(0.9)
    v_complex64 = np.complex64(0.3 + 5j)
    v_complex128 = np.complex128(0.3 + 5j)
    v_clongdouble = np.clongdouble(0.3 + 5j)
    e_false = np.bool(False)
    e_int8 = np.int8(-128)
    e_int16 = np.int16(-32768)
    e_int64 = np.int64(-9007199254740993)
    e_uint64 = np.uint64(18446744073709551615)
    e_float32 = np.float32(0.3)
    e_float64 = np.float64(1e-7)
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    time.sleep(100000)


numpy_locals()
