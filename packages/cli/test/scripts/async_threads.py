"""Event loops in two threads (read by async-e2e.test.ts): thread "loop-a" runs a task that never
yields to its loop (a_running, awaited by a_parent: the running task of loop-a, blocked in sleep(),
off CPU, since the test only dumps a paused process); thread "loop-b" has suspended tasks only
(b_parent awaiting b_child). The main thread waits. Prints READY once both loops are set up."""
import asyncio
import sys
import threading
import time

NAMED = sys.version_info >= (3, 8)
ready = threading.Barrier(3)


def named(task, name):
    if NAMED:
        task.set_name(name)
    return task


async def a_running():
    await asyncio.sleep(0)
    ready.wait()
    while True:
        time.sleep(3600)


async def a_parent():
    named(asyncio.current_task(), 'a_parent')
    await named(asyncio.ensure_future(a_running()), 'a_running')


async def b_child():
    await asyncio.sleep(3600)


async def b_parent():
    named(asyncio.current_task(), 'b_parent')
    child = named(asyncio.ensure_future(b_child()), 'b_child')
    await asyncio.sleep(0)
    ready.wait()
    await child


def run(coro_fn):
    asyncio.run(coro_fn())


for fn, name in ((a_parent, 'loop-a'), (b_parent, 'loop-b')):
    threading.Thread(target=run, args=(fn,), name=name, daemon=True).start()
ready.wait()
print('READY', flush=True)
threading.Event().wait()
