"""Replaces itself with Python twice (os.execv): stage 0 -> stage 1 -> stage 2, which spins in
final_image_work for SECONDS and exits 0. Each stage first spins briefly in its own function.
Seconds of the process's CPU time, not of the clock: on a loaded machine a profiler that follows the
exec()s gets its share of the CPUs to attach to the final image before its work ends."""
import os
import sys
import time

stage = int(sys.argv[1]) if len(sys.argv) > 1 else 0
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
cpu = getattr(time, "process_time", None) or time.clock  # 2.7: time.clock is CPU time on Unix


def spin(seconds):
    end = cpu() + seconds
    n = 0
    while cpu() < end:
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
