# Busy until the file argv[1] exists (the test makes it once the record has sampled after_exec()).
import os, sys
def after_exec(stop):
    while not os.access(stop, os.F_OK):
        pass
after_exec(sys.argv[1])
