# Starts without OpenTelemetry, prints READY, then imports its context API when a line arrives on
# stdin and prints IMPORTED (then idles). Needs the SDK on PYTHONPATH (provision.sh otel).
# sys.modules is first grown far beyond its needs and emptied again (a dict never shrinks), so the
# import adds its modules to the same keys object: only its entry count tells that keys were added.
import sys
import time

for i in range(3000):
    sys.modules['_pad%d' % i] = sys
for i in range(3000):
    del sys.modules['_pad%d' % i]

sys.stdout.write('READY\n')
sys.stdout.flush()
sys.stdin.readline()
import opentelemetry.context  # noqa: E402,F401

sys.stdout.write('IMPORTED\n')
sys.stdout.flush()
while True:
    time.sleep(0.05)
