"""A small asyncio service for `pyglass dump --async`: a request handler fanning out with gather,
a TaskGroup of workers, and one task burning CPU."""
import asyncio


async def fetch(n):
    await asyncio.sleep(3600)


async def handle_request():
    await asyncio.gather(fetch(1), fetch(2))


def checksum():
    total = 0
    while True:
        total += 1


async def crunch():
    await asyncio.sleep(0.1)
    checksum()


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(handle_request(), name='request-1')
        tg.create_task(crunch(), name='crunch')


asyncio.run(main())
