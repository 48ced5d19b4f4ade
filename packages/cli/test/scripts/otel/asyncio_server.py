"""An asyncio server handling each request in an OpenTelemetry span, with a known CPU-heavy function
per span name (run inside the request's task, so the task's context is entered while it burns), and
an `await` inside each span (so suspended tasks hold spans too); its client tasks send a bounded
number of requests over 127.0.0.1 once a line arrives on stdin. Usage: asyncio_server.py SPANS_FILE REQUESTS"""
import asyncio
import sys
import threading
import time

from otel_setup import burn, tracer_writing_to

provider, tracer = tracer_writing_to(sys.argv[1])
REQUESTS = int(sys.argv[2])
WORK_S = 0.03


def heavy_gamma():
    return burn(time.perf_counter() + WORK_S)


def heavy_delta():
    return burn(time.perf_counter() + WORK_S)


def outside_span():
    return burn(time.perf_counter() + 0.005)


async def handle(reader, writer):
    path = (await reader.readline()).decode().strip()
    outside_span()
    name, heavy = ("work-gamma", heavy_gamma) if path == "/gamma" else ("work-delta", heavy_delta)
    with tracer.start_as_current_span(name) as span:
        span.set_attribute("thread.ident", threading.get_ident())
        heavy()
        await asyncio.sleep(0.002)
        heavy()
    outside_span()
    writer.write(b"ok\n")
    await writer.drain()
    writer.close()


async def client(port, paths):
    for i in range(REQUESTS):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"{paths[i % len(paths)]}\n".encode())
        await writer.drain()
        await asyncio.wait_for(reader.readline(), 30)
        writer.close()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    await asyncio.gather(client(port, ["/gamma", "/delta"]), client(port, ["/delta", "/gamma"]))
    server.close()


asyncio.run(main())
provider.shutdown()
print("done", flush=True)
