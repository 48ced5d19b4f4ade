"""Span-linking targets: a threaded WSGI server (wsgiref + ThreadingMixIn) or an asyncio server, each
handling requests in OpenTelemetry spans (the real SDK) with a known CPU-heavy function per span name.
The SDK writes every finished span to SPANS_FILE (one JSON line each, ids as lowercase hex). Client
threads / tasks of the program itself send REQUESTS requests each over 127.0.0.1 once a line arrives
on stdin, then the program exits. Mode `hold` instead keeps two threads in spans (busy a tenth of the
time) until a line arrives: `held-root` and, on another thread, its child `held-child`; a third thread's event loop runs
an asyncio task suspended inside its span `held-task`.
Usage: otel_servers.py threaded|asyncio|hold SPANS_FILE REQUESTS"""
import asyncio
import json
import sys
import threading
import time
import urllib.request
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult

MODE, SPANS_FILE, REQUESTS = sys.argv[1], sys.argv[2], int(sys.argv[3])
WORK_S = 0.03


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
                }) + "\n")
        return SpanExportResult.SUCCESS

    def shutdown(self):
        with self._lock:
            self._file.close()


provider = TracerProvider()
provider.add_span_processor(SimpleSpanProcessor(FileExporter(SPANS_FILE)))
trace.set_tracer_provider(provider)
tracer = trace.get_tracer("pyglass-span-test")


def burn(seconds):
    # the thread's CPU time: a loaded machine stretches the burn instead of shortening its work
    until = time.thread_time() + seconds
    x = 0
    while time.thread_time() < until:
        for i in range(500):
            x += i * i
    return x


# One heavy function per span name: a sample in it must carry that span.
def heavy_alpha():
    return burn(WORK_S)


def heavy_beta():
    return burn(WORK_S)


def heavy_inner():
    return burn(WORK_S)


def heavy_gamma():
    return burn(WORK_S)


def heavy_delta():
    return burn(WORK_S)


def heavy_loop0():
    return burn(WORK_S / 3)


def heavy_loop1():
    return burn(WORK_S / 3)


def looper():
    """Back-to-back spans on one thread, their names alternating: CPython hands the next span the
    addresses the last one freed, so a reader that trusted addresses would show the wrong span."""
    for i in range(REQUESTS * 6):
        with tracer.start_as_current_span(f"loop-{i % 2}"):
            (heavy_loop1 if i % 2 else heavy_loop0)()


def outside_span():
    """Work in a request but outside any span: its samples must carry none."""
    return burn(0.005)


def wsgi_app(environ, start_response):
    path = environ["PATH_INFO"]
    outside_span()
    if path == "/alpha":
        with tracer.start_as_current_span("work-alpha"):
            heavy_alpha()
    else:
        with tracer.start_as_current_span("work-beta"):
            heavy_beta()
            with tracer.start_as_current_span("inner-beta"):
                heavy_inner()
    outside_span()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


class ThreadedWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def run_threaded():
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(wsgi_app)
    threading.Thread(target=server.serve_forever, name="server", daemon=True).start()
    port = server.server_address[1]

    def client(paths):
        for i in range(REQUESTS):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{paths[i % 2]}", timeout=30) as r:
                r.read()

    print("ready", flush=True)
    sys.stdin.readline()
    clients = [threading.Thread(target=client, args=(p,), name=f"client-{i}") for i, p in enumerate([("/alpha", "/beta"), ("/beta", "/alpha")])]
    clients.append(threading.Thread(target=looper, name="looper"))
    for c in clients:
        c.start()
    for c in clients:
        c.join(timeout=120)
    server.shutdown()


async def handle(reader, writer):
    path = (await reader.readline()).decode().strip()
    outside_span()
    name, heavy = ("work-gamma", heavy_gamma) if path == "/gamma" else ("work-delta", heavy_delta)
    with tracer.start_as_current_span(name):
        heavy()
        await asyncio.sleep(0.02)  # suspended inside the span: the task keeps its context
        heavy()
    outside_span()
    writer.write(b"ok\n")
    await writer.drain()
    writer.close()


async def client(port, paths):
    for i in range(REQUESTS):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"{paths[i % 2]}\n".encode())
        await writer.drain()
        await asyncio.wait_for(reader.readline(), 30)
        writer.close()


async def run_asyncio():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    await asyncio.wait_for(asyncio.gather(client(port, ("/gamma", "/delta")), client(port, ("/delta", "/gamma"))), 120)
    server.close()


def heavy_held(stop):
    # in the span and running now and then, idle the rest of the time: nothing samples this target
    # (a dump reads it once), so a thread burning a CPU throughout would only slow the rest of the suite
    while not stop.wait(0.02):
        burn(0.002)


def run_hold():
    stop = threading.Event()
    inside = threading.Barrier(4)

    def root():
        with tracer.start_as_current_span("held-root") as span:
            root_span.append(span)
            inside.wait()
            heavy_held(stop)

    def child():
        while not root_span:
            time.sleep(0.001)
        with tracer.start_as_current_span("held-child", context=trace.set_span_in_context(root_span[0])):
            inside.wait()
            heavy_held(stop)

    async def held_task(entered):
        with tracer.start_as_current_span("held-task"):
            entered.set()
            while not stop.is_set():
                await asyncio.sleep(0.01)

    async def task_loop():
        entered = asyncio.Event()
        task = asyncio.get_running_loop().create_task(held_task(entered), name="held-task")
        await entered.wait()
        inside.wait()
        await task

    root_span = []
    threads = [threading.Thread(target=root, name="holder-root"), threading.Thread(target=child, name="holder-child"),
               threading.Thread(target=asyncio.run, args=(task_loop(),), name="holder-loop")]
    for t in threads:
        t.start()
    inside.wait()
    print("ready", flush=True)
    sys.stdin.readline()
    stop.set()
    for t in threads:
        t.join()


if MODE == "threaded":
    run_threaded()
elif MODE == "asyncio":
    asyncio.run(run_asyncio())
else:
    run_hold()
provider.shutdown()
print("done", flush=True)
