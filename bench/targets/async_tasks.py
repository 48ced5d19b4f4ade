"""Bench target for `--async`: 1,000 pending tasks (100 handlers, each gathering 9 fetches, all
suspended in asyncio.sleep) and 4 tasks taking turns burning CPU (each burns ~2 ms, then yields)."""
import asyncio
import sys


async def fetch(n):
    await asyncio.sleep(3600)


async def handler(n):
    await asyncio.gather(*(fetch(i) for i in range(9)))


def burn():
    x = 0
    for _ in range(20000):
        x += 1
    return x


async def burner(n):
    while True:
        burn()
        await asyncio.sleep(0)


async def main():
    tasks = [asyncio.ensure_future(handler(i)) for i in range(100)]
    tasks += [asyncio.ensure_future(burner(i)) for i in range(4)]
    await asyncio.sleep(0.2)
    sys.stdout.write('READY %d\n' % len(asyncio.all_tasks()))
    sys.stdout.flush()
    await asyncio.sleep(100000)


asyncio.run(main())
