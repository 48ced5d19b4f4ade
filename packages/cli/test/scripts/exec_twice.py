"""Replaces itself with Python twice (os.execv): stage 0 -> stage 1 -> stage 2, which spins in
final_image_work for SECONDS and exits 0. Each stage first spins briefly in its own function."""
import os
import sys
import time

stage = int(sys.argv[1]) if len(sys.argv) > 1 else 0
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0


def spin(seconds):
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        n += 1
    return n


def stage_work(seconds):
    return spin(seconds)


def final_image_work(seconds):
    return spin(seconds)  # LINE:final


if stage < 2:
    stage_work(0.3)
    os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), str(stage + 1), str(SECONDS)])
final_image_work(SECONDS)
