"""Tracing set-up shared by the span-linking test servers: the real OpenTelemetry SDK, with an
exporter that writes each finished span as one JSON line (ids as lowercase hex, as pyglass shows them)."""
import json
import threading

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult


class FileExporter(SpanExporter):
    def __init__(self, path):
        self._lock = threading.Lock()
        self._file = open(path, "w", buffering=1)

    def export(self, spans):
        with self._lock:
            for s in spans:
                self._file.write(json.dumps({
                    "name": s.name,
                    "trace_id": format(s.context.trace_id, "032x"),
                    "span_id": format(s.context.span_id, "016x"),
                    "parent_id": format(s.parent.span_id, "016x") if s.parent else None,
                    "thread": s.attributes.get("thread.ident"),
                }) + "\n")
        return SpanExportResult.SUCCESS

    def shutdown(self):
        with self._lock:
            self._file.close()


def tracer_writing_to(path):
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(FileExporter(path)))
    trace.set_tracer_provider(provider)
    return provider, trace.get_tracer("pyglass-span-test")


def burn(until):
    """CPU work until time.perf_counter() reaches `until`."""
    import time
    x = 0
    while time.perf_counter() < until:
        for i in range(500):
            x += i * i
    return x
