#!/usr/bin/env node
// Benchmark of @pyglass/memory-reader: 64-byte reads from a sleeping Python, single vs batched
// (1,024 ranges per process_vm_readv), and the same through /proc/PID/mem.
// Usage: node bench/memory-reader.mjs [iterations]   (builds the package first)
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync('npx', ['tsc', '-b', 'packages/memory-reader'], { cwd: root, stdio: 'inherit' });
const { openProcessMemory, readMaps, lockProcess } = await import(join(root, 'packages/memory-reader/dist/index.js'));

const N = Number(process.argv[2] ?? 100_000);
const SIZE = 64;
const BATCH = 1024;
const TARGET_NS = 600;

const python = process.env.PYTHON ?? 'python3';
const child = spawn(python, ['-c', 'import sys, time; sys.stdout.write("READY\\n"); sys.stdout.flush(); time.sleep(3600)'], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((res, rej) => {
  child.stdout.on('data', (d) => { if (String(d).includes('READY')) res(); });
  child.on('exit', (c) => rej(new Error(`${python} exited (${c})`)));
});
const pid = child.pid;

try {
  const maps = readMaps(pid).filter((m) => m.readable && m.path && !m.path.startsWith('['));
  const region = maps.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const span = region.end - region.start - SIZE;
  const addrs = new Float64Array(BATCH);
  for (let i = 0; i < BATCH; i++) addrs[i] = region.start + ((i * 4099) % span);

  const results = [];
  const time = (label, reads, fn) => {
    fn(Math.max(1, Math.floor(reads / 20))); // warm-up
    const best = [];
    for (let run = 0; run < 5; run++) {
      const t0 = process.hrtime.bigint();
      fn(reads);
      best.push(Number(process.hrtime.bigint() - t0) / reads);
    }
    best.sort((a, b) => a - b);
    const ns = best[2]; // median of 5
    results.push({ label, ns });
    console.log(`${label.padEnd(52)} ${ns.toFixed(0).padStart(6)} ns/read  ${(1e9 / ns / 1e6).toFixed(2).padStart(6)} M reads/s`);
  };

  for (const procMem of [false, true]) {
    const how = procMem ? '/proc/PID/mem' : 'process_vm_readv';
    const mem = openProcessMemory(pid, { procMem });
    const dest = Buffer.alloc(SIZE * BATCH);
    time(`single 64 B readInto (${how})`, N, (n) => {
      for (let i = 0; i < n; i++) mem.readInto(addrs[i & (BATCH - 1)], dest, 0, SIZE);
    });
    const batch = mem.createBatch(BATCH);
    for (let i = 0; i < BATCH; i++) batch.add(addrs[i], SIZE, dest, i * SIZE);
    time(`batched 1024 x 64 B, prepared (${how})`, N, (n) => {
      for (let done = 0; done < n; done += BATCH) if (mem.readBatch(batch) !== BATCH) throw new Error('batch read failed');
    });
    time(`batched 1024 x 64 B, add()+readBatch (${how})`, N, (n) => {
      for (let done = 0; done < n; done += BATCH) {
        batch.clear();
        for (let i = 0; i < BATCH; i++) batch.add(addrs[i], SIZE, dest, i * SIZE);
        if (mem.readBatch(batch) !== BATCH) throw new Error('batch read failed');
      }
    });
    mem.close();
  }
  {
    const rounds = 500;
    lockProcess(pid).unlock();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) lockProcess(pid).unlock();
    const us = Number(process.hrtime.bigint() - t0) / rounds / 1000;
    console.log(`${'lockProcess + unlock (1 thread)'.padEnd(52)} ${us.toFixed(1).padStart(6)} µs/cycle`);
  }
  const batched = results.find((r) => r.label.startsWith('batched 1024 x 64 B, add()+readBatch (process_vm_readv'));
  console.log(`target: batched <= ${TARGET_NS} ns per read -> ${batched.ns.toFixed(0)} ns: ${batched.ns <= TARGET_NS ? 'MET' : 'NOT MET'}`);
  console.log(`(${N} reads per run, median of 5 runs; node ${process.version}; target ${python} pid ${pid})`);
} finally {
  child.kill('SIGKILL');
}
