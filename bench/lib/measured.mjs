// Runs a command under a small Python wrapper that reports the child's CPU time
// (getrusage RUSAGE_CHILDREN, user + system), max RSS and wall time: the one measurement every
// side-by-side bench uses, so pyglass and its peer are measured the same way.
import { spawnSync } from 'node:child_process';

const WRAP = 'import resource,subprocess,sys,time\n' +
  't=time.time(); p=subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)\n' +
  'w=time.time()-t; r=resource.getrusage(resource.RUSAGE_CHILDREN)\n' +
  'sys.stderr.buffer.write(p.stdout); print(r.ru_utime+r.ru_stime, r.ru_maxrss, w, p.returncode)\n';

/** { cpu (s), rssKB, wall (s), code, stderr (the command's stdout and stderr together) }. */
export function measured(cmd) {
  const r = spawnSync('python3', ['-c', WRAP, ...cmd], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const [cpu, rss, wall, code] = r.stdout.trim().split(/\s+/).map(Number);
  return { cpu, rssKB: rss, wall, code, stderr: r.stderr ?? '' };
}
