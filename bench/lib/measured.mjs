// Runs a command under a small Python wrapper that reports the child's CPU time
// (getrusage RUSAGE_CHILDREN, user + system), max RSS and wall time: the one measurement every
// side-by-side bench uses, so pyglass and its peer are measured the same way.
import { spawnSync } from 'node:child_process';

// The child's own rusage from wait4, not getrusage(RUSAGE_CHILDREN): `python3` is often pyenv's shim, a
// shell script that runs helpers before it execs Python in the same process, and their CPU time
// (~0.35 s here) would be counted in RUSAGE_CHILDREN with the measured command's.
const WRAP = 'import os,subprocess,sys,tempfile,time\n' +
  'out=tempfile.TemporaryFile(); t=time.time(); p=subprocess.Popen(sys.argv[1:], stdout=out, stderr=subprocess.STDOUT)\n' +
  '_,status,r=os.wait4(p.pid,0); w=time.time()-t; out.seek(0)\n' +
  'sys.stderr.buffer.write(out.read()); print(r.ru_utime+r.ru_stime, r.ru_maxrss, w, os.waitstatus_to_exitcode(status))\n';

/** { cpu (s), rssKB, wall (s), code, stderr (the command's stdout and stderr together) }. */
export function measured(cmd) {
  const r = spawnSync('python3', ['-c', WRAP, ...cmd], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const [cpu, rss, wall, code] = r.stdout.trim().split(/\s+/).map(Number);
  return { cpu, rssKB: rss, wall, code, stderr: r.stderr ?? '' };
}
