# A numpy matrix-multiply loop: the main thread spends its time in numpy's and OpenBLAS's C code.
import numpy as np

a = np.random.rand(300, 300)
print("READY", flush=True)
while True:
    a @ a
