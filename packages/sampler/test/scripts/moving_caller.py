"""A thread that waits in the same leaf function four times, each time called from another line of
its caller: between two steps only an outer frame (the caller's line) changes, the frames above it
are the same code at the same instruction. Prints READY, then "AT n" before the n-th call; each line
read on stdin ends the current wait. Runs on Python 2.7 and 3.x."""
import sys
import threading

steps = [threading.Event() for _ in range(4)]


def leaf(event):
    event.wait()


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def caller():
    say("AT 0")
    leaf(steps[0])  # CALL 0
    say("AT 1")
    leaf(steps[1])  # CALL 1
    say("AT 2")
    leaf(steps[2])  # CALL 2
    say("AT 3")
    leaf(steps[3])  # CALL 3
    say("DONE")


worker = threading.Thread(target=caller, name="mover")
worker.daemon = True
say("READY")
worker.start()
for step in steps:
    if not sys.stdin.readline():
        break
    step.set()
worker.join()
