"""Target for the stale-span test: three threads enter a new OpenTelemetry span (the real SDK) every
few dozen microseconds, so the context's HAMT, the Context dict and the span of one request come from
the free lists at the addresses the previous request's just left. Inside each span the thread keeps
its span id in the local `sid` before it works on the lines marked BODY: a sample whose frame of
in_span is on a BODY line must carry exactly that span. Prints READY once the threads run."""
import threading

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider

trace.set_tracer_provider(TracerProvider())
tracer = trace.get_tracer("pyglass-test")


def in_span(n):
    with tracer.start_as_current_span("rapid") as span:
        sid = format(span.get_span_context().span_id, "016x")
        x = 0
        for i in range(n):  # BODY
            x += i  # BODY
        return x + len(sid)


def worker():
    while True:
        in_span(1000)


for k in range(3):
    threading.Thread(target=worker, name="rapid-%d" % k, daemon=True).start()
print("READY", flush=True)
threading.Event().wait()
