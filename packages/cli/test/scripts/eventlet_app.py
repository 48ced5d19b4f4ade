"""An eventlet program: green threads parked in known functions (sleeper_task in eventlet.sleep,
waiter_task on an Event), the main green thread waiting for them. Prints "READY" once both run."""
import sys
import warnings

warnings.simplefilter("ignore")
import eventlet  # noqa: E402
import eventlet.event  # noqa: E402

ev = eventlet.event.Event()
started = []


def sleeper_task():
    started.append("sleeper")
    while True:
        eventlet.sleep(0.05)  # LINE:sleeper


def waiter_task():
    started.append("waiter")
    ev.wait()  # LINE:waiter


pool = [eventlet.spawn(sleeper_task), eventlet.spawn(waiter_task)]
while len(started) < 2:
    eventlet.sleep(0.01)
sys.stdout.write("READY\n")
sys.stdout.flush()
eventlet.sleep(120)  # LINE:main
