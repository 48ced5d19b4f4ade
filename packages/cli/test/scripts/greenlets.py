"""Greenlets with known stacks, on the main thread and on a second thread (greenlet package):
- main thread: greenlets "alpha" (alpha_outer -> alpha_inner) and "beta" (beta_wait), both
  suspended; the main greenlet runs main_loop (spinning when argv[1] == "busy", else sleeping);
- thread "side": greenlet "gamma" (gamma_wait) suspended, its main greenlet sleeps in side_main.
With "nested", main_loop runs in a greenlet "delta" and the main greenlet is suspended in
run_delta. Prints "READY <id(alpha)> <id(beta)> <id(gamma)> <id(main greenlet)> <id(delta)|0>"."""
import sys
import threading
import time

import greenlet

BUSY = "busy" in sys.argv[1:]
# "nested": main_loop runs in greenlet "delta", so the main greenlet is suspended in run_delta
NESTED = "nested" in sys.argv[1:]


def alpha_inner():
    greenlet.getcurrent().parent.switch()  # LINE:alpha


def alpha_outer():
    alpha_inner()


def beta_wait():
    greenlet.getcurrent().parent.switch()  # LINE:beta


def gamma_wait():
    greenlet.getcurrent().parent.switch()  # LINE:gamma


ids = {}


def side_main(ready):
    gamma = greenlet.greenlet(gamma_wait)
    gamma.switch()
    ids["gamma"] = id(gamma)
    ready.set()
    while True:
        time.sleep(0.05)  # LINE:side


def main_loop():
    end = time.time() + 120
    n = 0
    while time.time() < end:
        if BUSY:
            n += 1  # LINE:busy
        else:
            time.sleep(0.05)  # LINE:idle


alpha = greenlet.greenlet(alpha_outer)
beta = greenlet.greenlet(beta_wait)
alpha.switch()
beta.switch()
ready = threading.Event()
side = threading.Thread(target=side_main, args=(ready,), name="side", daemon=True)
side.start()
ready.wait()


def run_delta(delta):
    delta.switch()  # LINE:run_delta


delta = greenlet.greenlet(main_loop) if NESTED else None
sys.stdout.write("READY %d %d %d %d %d\n" % (id(alpha), id(beta), ids["gamma"], id(greenlet.getcurrent()), id(delta) if delta is not None else 0))
sys.stdout.flush()
if delta is not None:
    run_delta(delta)
else:
    main_loop()
