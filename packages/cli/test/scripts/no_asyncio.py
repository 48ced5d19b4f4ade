"""A program that never imports asyncio (read by async-e2e.test.ts)."""
import time

print('READY', flush=True)
time.sleep(3600)
