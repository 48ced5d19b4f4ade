"""A small CPU-bound program for trying pyglass: most time goes to heavy(), some to light()."""
import time


def light(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total


def heavy(n):
    total = 0
    for i in range(n):
        total += (i * i) % 11
    return total


def work(seconds):
    end = time.time() + seconds
    while time.time() < end:
        heavy(30000)
        light(10000)


if __name__ == "__main__":
    work(3.0)
