"""Bench target for span reading: 8 worker threads each handling "requests" back to back, every
request a root span with a child span (the real OpenTelemetry SDK, spans dropped after they end),
burning CPU in both (REQUEST_MS in all, 40 by default); an idle main thread. Prints READY once the
workers run. Usage: otel_spans.py [REQUEST_MS]"""
import sys
import threading
import time

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider

trace.set_tracer_provider(TracerProvider())
tracer = trace.get_tracer("pyglass-bench")


def burn(seconds):
    until = time.perf_counter() + seconds
    x = 0
    while time.perf_counter() < until:
        for i in range(200):
            x += i * i
    return x


HALF = (float(sys.argv[1]) if len(sys.argv) > 1 else 40) / 2000


def worker(n):
    while True:
        with tracer.start_as_current_span(f"request-{n % 4}"):
            burn(HALF)
            with tracer.start_as_current_span("query"):
                burn(HALF)


for n in range(8):
    threading.Thread(target=worker, args=(n,), daemon=True, name=f"worker-{n}").start()
print("READY", flush=True)
while True:
    time.sleep(3600)
