# Runs busy until the file argv[2] exists (the test makes it once the record has sampled spin()),
# then replaces itself (os.execv) with `sleep` or with after_exec.py, which runs until argv[3] exists.
import os, sys
def spin(stop):
    while not os.access(stop, os.F_OK):
        pass
def main():
    sys.stdout.write("READY\n"); sys.stdout.flush()
    spin(sys.argv[2])
    if sys.argv[1] == "python":
        os.execv(sys.executable, [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "after_exec.py"), sys.argv[3]])
    os.execv("/bin/sleep", ["sleep", "0.8"])
main()
