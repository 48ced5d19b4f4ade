# asyncio tasks that all move from one await point to another when told, so that a reader caching
# suspended chains can be caught returning the old one. 50 workers wait in leaf() called from line A;
# a line on stdin sets A's event: each worker goes on to line B and waits in leaf() again, in a new
# coroutine and future that CPython's free lists most likely place where the old ones were. Prints
# READY once all wait at A and MOVED once all wait at B. Python 3.7+.
import asyncio
import sys

N = 50
arrived = [0, 0]


async def leaf(event):
    await event.wait()


async def worker(events):
    arrived[0] += 1
    await leaf(events[0])  # LINE:A
    arrived[1] += 1
    await leaf(events[1])  # LINE:B


async def until(n, k):
    while arrived[k] < n:
        await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    events = [asyncio.Event(), asyncio.Event()]
    tasks = [asyncio.ensure_future(worker(events)) for _ in range(N)]
    await until(N, 0)
    sys.stdout.write('READY\n')
    sys.stdout.flush()
    await loop.run_in_executor(None, sys.stdin.readline)
    events[0].set()
    await until(N, 1)
    sys.stdout.write('MOVED\n')
    sys.stdout.flush()
    await asyncio.sleep(3600)
    return tasks


asyncio.run(main())
