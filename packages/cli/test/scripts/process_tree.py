"""A tree of forked Python processes: CHILDREN children, each with GRANDCHILDREN grandchildren
(9 and 10: 100 processes with the root), all idle in a function named after their depth. Prints
"READY <pid> <pid> ..." (every descendant) once the whole tree runs; ends after SECONDS."""
import os
import sys
import time

CHILDREN = int(sys.argv[1]) if len(sys.argv) > 1 else 9
GRANDCHILDREN = int(sys.argv[2]) if len(sys.argv) > 2 else 10
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 60


def idle_until(deadline):
    while time.time() < deadline and os.getppid() != 1:
        time.sleep(0.05)


def grandchild_idle(deadline):
    idle_until(deadline)  # LINE:grandchild


def child_idle(deadline, w):
    pids = []
    for _ in range(GRANDCHILDREN):
        pid = os.fork()
        if pid == 0:
            os.close(w)
            grandchild_idle(deadline)
            os._exit(0)
        pids.append(pid)
    os.write(w, ("%s\n" % " ".join(str(p) for p in [os.getpid()] + pids)).encode())
    os.close(w)
    idle_until(deadline)  # LINE:child
    for p in pids:
        os.waitpid(p, 0)


def root_idle():
    deadline = time.time() + SECONDS
    r, w = os.pipe()
    children = []
    for _ in range(CHILDREN):
        pid = os.fork()
        if pid == 0:
            os.close(r)
            child_idle(deadline, w)
            os._exit(0)
        children.append(pid)
    os.close(w)
    data = b""
    with os.fdopen(r, "rb") as f:
        data = f.read()
    print("READY " + " ".join(data.decode().split()), flush=True)
    idle_until(deadline)  # LINE:root
    for p in children:
        os.waitpid(p, 0)


root_idle()
