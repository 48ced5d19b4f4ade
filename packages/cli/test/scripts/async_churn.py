"""Bad states for the asyncio reader (read by async-e2e.test.ts): tasks created, cancelled and
finished in bursts, and a new event loop every 0.2 s (the old one closing), forever."""
import asyncio


async def child(n):
    await asyncio.sleep(0.001 * (n % 5))


async def churn():
    while True:
        tasks = [asyncio.ensure_future(child(i)) for i in range(50)]
        for t in tasks[::3]:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


print('READY', flush=True)
while True:
    try:
        asyncio.run(asyncio.wait_for(churn(), 0.2))
    except Exception:
        pass
