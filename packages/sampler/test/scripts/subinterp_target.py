# Code running in three sub-interpreters, each started from its own thread of the main interpreter
# ("Runner-1".."Runner-3"), with known stacks:
#   interpreter A: sub_sleeper(1) sleeps, with locals;
#   interpreter B: sub_busy(2) spins;
#   interpreter C: sub_joiner(3) waits for a thread it started inside the sub-interpreter
#                  ("SubThread-3"), which sleeps in sub_thread_body.
# The main thread sleeps in main_wait. Uses _xxsubinterpreters (3.12), _interpreters (3.13) or
# concurrent.interpreters (3.14+). Prints "INTERP <n> <interpreter id> <runner native tid>" per
# sub-interpreter, "NAME <native tid> <name>" for the name each sub-interpreter's threading module
# gives its threads, then READY once every one of them reached its known stack.
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def _report(fd, text):
    os.write(fd, text.encode() + b"\n")


def _report_name(fd):
    t = threading.current_thread()
    _report(fd, "NAME %d %s" % (threading.get_native_id(), t.name))


def sub_sleeper(n, fd):
    label = "sleeper-%d" % n
    count = n * 10
    _report_name(fd)
    _report(fd, "SUB %d" % n)
    time.sleep(100000)  # LINE:sub_sleeper


def sub_busy(n, fd):
    _report_name(fd)
    _report(fd, "SUB %d" % n)
    x = 0
    while True:
        x += 1  # LINE:sub_busy


def sub_thread_body(fd):
    _report_name(fd)
    _report(fd, "SUBTHREAD")
    time.sleep(100000)  # LINE:sub_thread_body


def sub_joiner(n, fd):
    t = threading.Thread(target=sub_thread_body, args=(fd,), name="SubThread-%d" % n)
    t.start()
    _report_name(fd)
    _report(fd, "SUB %d" % n)
    t.join()  # LINE:sub_joiner


def in_subinterpreter(n, fd):
    """Entry point inside sub-interpreter n."""
    (sub_sleeper, sub_busy, sub_joiner)[n - 1](n, fd)


def make_runner():
    try:
        from concurrent import interpreters  # 3.14+

        def create():
            interp = interpreters.create()
            return interp.id, interp.exec
    except ImportError:
        try:
            import _interpreters as low  # 3.13
            run = low.exec
        except ImportError:
            import _xxsubinterpreters as low  # 3.12
            run = low.run_string

        def create():
            iid = low.create()
            return int(iid), lambda code: run(iid, code)
    return create


def runner(n, create, fd, ids):
    iid, run = create()
    ids[n] = iid
    code = "import sys; sys.path.insert(0, %r); import subinterp_target as t; t.in_subinterpreter(%d, %d)" % (HERE, n, fd)
    run(code)  # LINE:runner


def main_wait():
    time.sleep(100000)  # LINE:main_wait


if __name__ == "__main__":
    create = make_runner()
    r, w = os.pipe()
    ids = {}
    runners = []
    for n in (1, 2, 3):
        t = threading.Thread(target=runner, args=(n, create, w, ids), name="Runner-%d" % n, daemon=True)
        t.start()
        runners.append(t)
    pending = b""
    seen = set()
    names = []
    while len(seen) < 4:  # SUB 1..3 and SUBTHREAD
        pending += os.read(r, 256)
        *lines, pending = pending.split(b"\n")
        names += [l.decode() for l in lines if l.startswith(b"NAME ")]
        seen.update(l for l in lines if not l.startswith(b"NAME "))
    for line in names:
        sys.stdout.write(line + "\n")
    for n, t in enumerate(runners, 1):
        sys.stdout.write("INTERP %d %d %d\n" % (n, ids[n], t.native_id))
    sys.stdout.write("MAIN %d\nREADY\n" % threading.get_native_id())
    sys.stdout.flush()
    main_wait()
