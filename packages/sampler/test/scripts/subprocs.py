# A parent that starts two Python children spinning in different functions (child_a_work,
# child_b_work) and one short-lived child left as a zombie, then sleeps. Python 2.7+.
#   subprocs.py [SECONDS]   (children spin for SECONDS, default 6)
import os
import subprocess
import sys
import time


def child_a_work(seconds):
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        n += 1
    return n


def child_b_work(seconds):
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        n += 1
    return n


def parent_wait(children):
    for c in children:
        c.wait()


if __name__ == '__main__':
    if len(sys.argv) > 2 and sys.argv[1] in ('a', 'b'):
        sys.stdout.write('CHILD_READY\n')
        sys.stdout.flush()
        (child_a_work if sys.argv[1] == 'a' else child_b_work)(float(sys.argv[2]))
        sys.exit(0)
    seconds = sys.argv[1] if len(sys.argv) > 1 else '6'
    # a child that exits at once and is never waited for: a zombie while we run
    zombie = subprocess.Popen([sys.executable, '-c', 'pass'])
    children = [subprocess.Popen([sys.executable, __file__, which, seconds], stdout=subprocess.PIPE) for which in ('a', 'b')]
    for c in children:
        c.stdout.readline()
    time.sleep(0.2)
    # READY once the short-lived child has exited (on a loaded machine its start alone can take
    # longer), still unreaped: waitid's WNOWAIT (3.3+; a chroot may have no /proc), else its /proc state
    if hasattr(os, 'waitid'):
        os.waitid(os.P_PID, zombie.pid, os.WEXITED | os.WNOWAIT)
    else:
        while open('/proc/%d/stat' % zombie.pid).read().rsplit(')', 1)[1].split()[0] != 'Z':
            time.sleep(0.01)
    sys.stdout.write('READY %d %d %d\n' % (children[0].pid, children[1].pid, zombie.pid))
    sys.stdout.flush()
    parent_wait(children)
