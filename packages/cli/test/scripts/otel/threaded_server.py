"""A threaded WSGI server (wsgiref + ThreadingMixIn) handling each request in an OpenTelemetry span,
with a known CPU-heavy function per span name; its own client threads send a bounded number of
requests over 127.0.0.1 once a line arrives on stdin. Usage: threaded_server.py SPANS_FILE REQUESTS"""
import sys
import threading
import time
import urllib.request
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from otel_setup import burn, tracer_writing_to

provider, tracer = tracer_writing_to(sys.argv[1])
REQUESTS = int(sys.argv[2])
WORK_S = 0.03


def heavy_alpha():
    return burn(time.perf_counter() + WORK_S)


def heavy_beta():
    return burn(time.perf_counter() + WORK_S)


def heavy_inner():
    return burn(time.perf_counter() + WORK_S)


def outside_span():
    return burn(time.perf_counter() + 0.005)


def app(environ, start_response):
    path = environ["PATH_INFO"]
    outside_span()
    if path == "/alpha":
        with tracer.start_as_current_span("work-alpha") as span:
            span.set_attribute("thread.ident", threading.get_ident())
            heavy_alpha()
    elif path == "/beta":
        with tracer.start_as_current_span("work-beta") as span:
            span.set_attribute("thread.ident", threading.get_ident())
            heavy_beta()
            with tracer.start_as_current_span("inner-beta") as inner:
                inner.set_attribute("thread.ident", threading.get_ident())
                heavy_inner()
    outside_span()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


server = Server(("127.0.0.1", 0), QuietHandler)
server.set_app(app)
threading.Thread(target=server.serve_forever, name="server", daemon=True).start()
port = server.server_address[1]


def client(paths):
    for i in range(REQUESTS):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{paths[i % len(paths)]}", timeout=30) as r:
            r.read()


print("ready", flush=True)
sys.stdin.readline()
clients = [threading.Thread(target=client, args=(p,), name=f"client-{i}") for i, p in enumerate([["/alpha", "/beta"], ["/beta", "/alpha"]])]
for c in clients:
    c.start()
for c in clients:
    c.join(timeout=120)
server.shutdown()
provider.shutdown()
print("done", flush=True)
