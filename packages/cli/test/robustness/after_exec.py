import time
def after_exec():
    t = time.time()
    while time.time() - t < 0.8:
        pass
after_exec()
