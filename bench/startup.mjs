#!/usr/bin/env node
// pyglass's start-up and memory above a bare Node, on Node 20, 22 and 24, beside CPython's own `dump`
// (`python3.15 -m profiling.sampling dump`), all in one run on one idle target (issue 25, goals 6 and 7).
//
// For each Node version (`npx -p node@N` fetches one that is not installed): one warm-up of each
// command (it fills Node's compile cache where Node has one, and the page cache), then N rounds of
// `node -e 0`, `pyglass dump --pid T` and CPython's dump of the same process, in turn, so the three
// share whatever load the machine has. Wall time is the median; CPU (user + system) the median;
// max RSS the largest, each from the child's own rusage (the getrusage wrapper every bench uses).
// With --record-seconds S, also `pyglass record -r 100 -d S` (blocking, record's default) of the
// 5-thread target (bench/targets/deep_threads.py, 4 busy threads + idle main), max RSS beside
// `node -e 0`'s (the goal is a 10-minute record: --record-seconds 600).
//
// The target is an idle Python 3.15 in the sid root (tools/pythons/provision.sh); without one, the host's
// python3, and no CPython figure. Build first (npm run build) or let the script do it.
//
// --baseline BIN: also another pyglass bin (an older build: a checkout of main, say), in the same
// rounds, for a before/after from one run.
//
// Usage: node bench/startup.mjs [--runs 10] [--nodes 20,22,24] [--record-seconds 0] [--baseline BIN] [--no-build]
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchArgs, option, pyglassBin, repoRoot } from './lib/args.mjs';
import { measured } from './lib/measured.mjs';
import { openRoot, rootPython } from './lib/cpython-root.mjs';

const runs = Number(option('--runs', 10));
const nodeMajors = String(option('--nodes', '20,22,24')).split(',').map(Number);
const recordSeconds = Number(option('--record-seconds', 0));
const baseline = option('--baseline', undefined);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

if (!benchArgs.includes('--no-build')) execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });

/** The node binary of a major version: this one, or one from the registry through npx. */
function nodeBinary(major) {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  try {
    return execFileSync('npx', ['-y', '-p', `node@${major}`, 'node', '-p', 'process.execPath'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};

/** Runs every command of `commands` once (warm-up), then `runs` rounds of all in turn. */
function rounds(commands) {
  const got = commands.map(() => ({ wall: [], cpu: [], rssKB: 0, fail: undefined }));
  for (let r = -1; r < runs; r++) {
    commands.forEach((cmd, i) => {
      if (!cmd || got[i].fail) return;
      const m = measured(cmd);
      if (m.code !== 0) {
        got[i].fail = m.stderr.trim().split('\n').pop();
        return;
      }
      if (r < 0) return; // warm-up
      got[i].wall.push(m.wall * 1000);
      got[i].cpu.push(m.cpu * 1000);
      got[i].rssKB = Math.max(got[i].rssKB, m.rssKB);
    });
  }
  return got.map((g) => ({ wall: median(g.wall), cpu: median(g.cpu), rssMB: g.rssKB / 1024, fail: g.fail }));
}

const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
const above = (x, base, d = 0) => (Number.isFinite(x) && Number.isFinite(base) ? `+${fmt(x - base, d)}` : 'n/a');

const py = rootPython(repoRoot, 15);
const rootDir = py ? openRoot(py) : undefined;
try {
  let target;
  let label;
  if (rootDir) {
    target = await rootDir.start(['-c', 'import time; print("READY", flush=True); time.sleep(3600)']);
    label = `${execFileSync('chroot', [py.root, py.executable, '--version'], { encoding: 'utf8' }).trim()} (sid root, idle)`;
  } else {
    target = spawn('python3', ['-c', 'import time; time.sleep(3600)'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    label = `host python3 (idle; no Python 3.15 root, so no CPython figure)`;
  }
  const pid = String(target.pid);
  const cpythonDump = rootDir ? ['chroot', py.root, py.executable, '-m', 'profiling.sampling', 'dump', pid] : undefined;

  console.log(`# start-up and memory: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
    `target ${label}; ${runs} rounds each, in turn; load average ${load()}`);
  console.log('\n| Node | `node -e 0` wall | pyglass `dump` wall | above Node (goal ≤ 25) | CPython `dump` wall | `node -e 0` CPU | `dump` CPU | above Node | `node -e 0` max RSS | `dump` max RSS | above Node (goal ≤ 8) | CPython max RSS | load |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const nodes = [];
  for (const major of nodeMajors) {
    const bin = nodeBinary(major);
    if (!bin) {
      console.log(`| ${major} | n/a: npx -p node@${major} failed | | | | | | | | | | | |`);
      continue;
    }
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
    nodes.push({ version, bin });
    const [bare, dump, cp, before] = rounds([[bin, '-e', '0'], [bin, pyglassBin, 'dump', '--pid', pid], cpythonDump, baseline && [bin, baseline, 'dump', '--pid', pid]]);
    if (dump.fail) console.log(`| ${version} | pyglass dump failed: ${dump.fail} | | | | | | | | | | | |`);
    const cpWall = cp ? (cp.fail ? `failed: ${cp.fail}` : `${fmt(cp.wall)} ms`) : 'n/a';
    const cpRss = cp && !cp.fail ? `${fmt(cp.rssMB, 1)} MB` : 'n/a';
    console.log(`| ${version} | ${fmt(bare.wall)} ms | ${fmt(dump.wall)} ms | ${above(dump.wall, bare.wall)} ms | ${cpWall} | ${fmt(bare.cpu)} ms | ${fmt(dump.cpu)} ms | ${above(dump.cpu, bare.cpu)} ms | ` +
      `${fmt(bare.rssMB, 1)} MB | ${fmt(dump.rssMB, 1)} MB | ${above(dump.rssMB, bare.rssMB, 1)} MB | ${cpRss} | ${load()} |`);
    if (baseline) {
      console.log(`| ${version}, --baseline | | ${before.fail ? `failed: ${before.fail}` : `${fmt(before.wall)} ms`} | ${above(before.wall, bare.wall)} ms | | | ${fmt(before.cpu)} ms | ${above(before.cpu, bare.cpu)} ms | | ` +
        `${fmt(before.rssMB, 1)} MB | ${above(before.rssMB, bare.rssMB, 1)} MB | | |`);
    }
  }

  if (recordSeconds > 0) {
    console.log(`\n## record -r 100 -d ${recordSeconds} (blocking) of the 5-thread target: max RSS beside \`node -e 0\`'s`);
    let busy;
    if (rootDir) {
      copyFileSync(join(repoRoot, 'bench/targets/deep_threads.py'), join(rootDir.hostDir, 'deep_threads.py'));
      busy = await rootDir.start([`${rootDir.inRoot}/deep_threads.py`, '3600', '4']);
    } else {
      busy = spawn('python3', [join(repoRoot, 'bench/targets/deep_threads.py'), '3600', '4'], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 1000));
    }
    try {
      console.log('\n| Node | `node -e 0` max RSS | `record` max RSS | above Node (goal ≤ 10) | samples | CPU-s | load |');
      console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const { version, bin } of nodes) {
        const bare = measured([bin, '-e', '0']);
        const rec = measured([bin, pyglassBin, 'record', '-r', '100', '-d', String(recordSeconds), '-f', 'raw', '-o', '/dev/null', '--pid', String(busy.pid)]);
        const samples = /Samples: (\d+)/.exec(rec.stderr)?.[1] ?? `failed: ${rec.stderr.trim().split('\n').pop()}`;
        console.log(`| ${version} | ${fmt(bare.rssKB / 1024, 1)} MB | ${fmt(rec.rssKB / 1024, 1)} MB | ${above(rec.rssKB / 1024, bare.rssKB / 1024, 1)} MB | ${samples} | ${fmt(rec.cpu, 2)} | ${load()} |`);
      }
    } finally {
      busy.kill('SIGKILL');
    }
  }
  target.kill('SIGKILL');
  console.log(`\n# load average at the end: ${load()} (figures taken on a loaded machine are provisional)`);
} finally {
  rootDir?.close();
}
