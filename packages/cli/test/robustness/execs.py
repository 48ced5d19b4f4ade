# Runs busy for a while, then replaces itself (os.execv) with `sleep` or another python script.
import os, sys, time
def spin(n):
    t = time.time()
    while time.time() - t < n:
        pass
def main():
    sys.stdout.write("READY\n"); sys.stdout.flush()
    spin(0.8)
    if sys.argv[1] == "python":
        os.execv(sys.executable, [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "after_exec.py")])
    os.execv("/bin/sleep", ["sleep", "0.8"])
main()
