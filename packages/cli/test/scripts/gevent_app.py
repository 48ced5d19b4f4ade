"""A gevent program: three spawned greenlets parked in known functions (sleeper_task in
gevent.sleep, waiter_task on an Event, spinner_task spinning then sleeping), the main greenlet in
joinall. Prints "READY" once all of them have started."""
import sys
import time

import gevent
import gevent.event

ev = gevent.event.Event()
started = []


def sleeper_task():
    started.append("sleeper")
    while True:
        gevent.sleep(0.05)  # LINE:sleeper


def waiter_task():
    started.append("waiter")
    ev.wait()  # LINE:waiter


def spinner_task():
    started.append("spinner")
    while True:
        end = time.time() + 0.02
        while time.time() < end:
            pass
        gevent.sleep(0.01)  # LINE:spinner


def report_ready():
    while len(started) < 3:
        gevent.sleep(0.01)
    sys.stdout.write("READY\n")
    sys.stdout.flush()


tasks = [gevent.spawn(sleeper_task), gevent.spawn(waiter_task), gevent.spawn(spinner_task), gevent.spawn(report_ready)]
gevent.joinall(tasks, timeout=120)  # LINE:joinall
