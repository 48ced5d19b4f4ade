# Forks short-lived children continuously (os.fork); children spin then _exit. Until the file
# argv[1] exists (the test makes it once the record has sampled parent and children).
import os, sys, time
def child_work():
    t = time.time()
    while time.time() - t < 0.02:
        pass
def parent_work():
    t = time.time()
    while time.time() - t < 0.01:
        pass
def main():
    sys.stdout.write("READY\n"); sys.stdout.flush()
    while not os.access(sys.argv[1], os.F_OK):
        pid = os.fork()
        if pid == 0:
            child_work()
            os._exit(0)
        parent_work()
        os.waitpid(pid, 0)
main()
