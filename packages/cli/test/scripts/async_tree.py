"""An asyncio program with a known task tree (read by async-e2e.test.ts).

Every task's outermost coroutine has the task's name, so the tree can be checked on 3.7 (no task
names) too. `pure` as an argument blocks the C accelerator: every task is a pure-Python _PyTask;
`uvloop` runs it under uvloop's event loop.
Prints READY when the tree is built; from then on the task `burner` (awaited by burn_parent_1 and
burn_parent_2) is the running task forever, in spin(), and every other task stays suspended. spin()
waits off CPU, on its own line, until the process is sent SIGUSR1, then burns CPU forever (at the
normal priority): a test that needs samples of the running task burning sends it, a dump reads the
tree of a paused process and needs no CPU burnt. SIGUSR1 is blocked from the start (before any
thread exists, so every thread inherits the mask and none runs its default action, which would end
the process) and sigwaitinfo() takes it: no handler runs Python code on top of spin(), which a sample
could see (nor does sigwaitinfo, a C function: signal.py wraps sigwait() in a Python function).
"""
import signal
import sys

signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})

if 'pure' in sys.argv:
    sys.modules['_asyncio'] = None
import asyncio

if 'uvloop' in sys.argv:
    import uvloop
    uvloop.install()
NAMED = sys.version_info >= (3, 8)


def spawn(coro_fn, *args):
    task = asyncio.ensure_future(coro_fn(*args))
    if NAMED:
        task.set_name(coro_fn.__name__)
    return task


async def deep_c():
    await asyncio.sleep(3600)  # LINE:deep_c


async def deep_b():
    await deep_c()  # LINE:deep_b


async def deep_a():
    await deep_b()  # LINE:deep_a


async def g1():
    await deep_a()  # LINE:g1


async def g2():
    await asyncio.sleep(3600)  # LINE:g2


async def gather_parent():
    await asyncio.gather(spawn(g1), spawn(g2))  # LINE:gather_parent


async def shielded():
    await asyncio.sleep(3600)  # LINE:shielded


async def shield_parent():
    await asyncio.shield(spawn(shielded))  # LINE:shield_parent


async def awaited():
    await asyncio.sleep(3600)  # LINE:awaited


async def awaiter():
    await spawn(awaited)  # LINE:awaiter


async def waited():
    await asyncio.sleep(3600)  # LINE:waited


async def wait_for_parent():
    await asyncio.wait_for(spawn(waited), 3600)  # LINE:wait_for_parent


async def tg1():
    await asyncio.sleep(3600)  # LINE:tg1


async def tg2():
    await asyncio.sleep(3600)  # LINE:tg2


async def tg_parent():
    async with asyncio.TaskGroup() as tg:
        for fn in (tg1, tg2):
            tg.create_task(fn(), name=fn.__name__)
    # LINE:tg_parent_exit


async def ac1():
    await asyncio.sleep(3600)  # LINE:ac1


async def ac2():
    await asyncio.sleep(3600)  # LINE:ac2


async def as_completed_parent():
    for next_done in asyncio.as_completed([spawn(ac1), spawn(ac2)]):
        await next_done  # LINE:as_completed_parent


async def eager_child():
    await asyncio.sleep(3600)  # LINE:eager_child


async def eager_parent():
    # 3.12+: the child starts running inside create_task, then suspends and is scheduled like any task
    child = asyncio.eager_task_factory(asyncio.get_running_loop(), eager_child(), name='eager_child')
    await child  # LINE:eager_parent


def spin():
    n = 0
    signal.sigwaitinfo({signal.SIGUSR1})  # LINE:spin_wait
    while True:  # LINE:spin_while
        n += 1  # LINE:spin


async def burner():
    for _ in range(3):
        await asyncio.sleep(0)  # let both parents start awaiting this task
    print('READY', flush=True)
    spin()  # LINE:burner


async def burn_parent_1(task):
    await task  # LINE:burn_parent_1


async def burn_parent_2(task):
    await task  # LINE:burn_parent_2


async def main():
    if NAMED:
        asyncio.current_task().set_name('main')
    keep = [spawn(gather_parent), spawn(shield_parent), spawn(awaiter), spawn(wait_for_parent), spawn(as_completed_parent)]
    if sys.version_info >= (3, 11):
        keep.append(spawn(tg_parent))
    if sys.version_info >= (3, 12):
        keep.append(spawn(eager_parent))
    for _ in range(5):
        await asyncio.sleep(0)
    burn = spawn(burner)
    keep += [spawn(burn_parent_1, burn), spawn(burn_parent_2, burn)]
    await asyncio.sleep(3600)  # LINE:main


asyncio.run(main())
