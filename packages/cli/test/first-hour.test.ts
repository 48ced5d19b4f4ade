/**
 * What a new user meets in the first hour (issue 28), run as a user would run it: each command with
 * its exit status and the line it prints. Every run ends with the output written (exit 0, or the
 * launched program's status) or with one line saying what failed, why and what to try (exit 1 when
 * the work failed, 2 for a command-line mistake, as py-spy).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPythons, waitForOutput } from '../../../tools/pythons/pythons.js';
import { waitForCapture } from '../../../tools/testing/capture-watch.js';
import { bin, cliSuite, isOneLineError, pyglass, pyglassRun } from './helpers.js';

const suite = cliSuite('pyglass-first-hour-');
const py = findPythons().find((p) => p.label === '3.12') ?? findPythons().find((p) => !p.root && p.major === 3);
const skipNoPython = py ? '' : ' (skipped: no CPython 3 of the matrix on this machine; tools/pythons/provision.sh)';
const haveScript = spawnSync('script', ['--version']).status === 0;

/** stderr has exactly one non-empty line. */
function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim().length > 0);
  expect(lines, stderr).toHaveLength(1);
  expect(isOneLineError(stderr)).toBe(true);
  return lines[0]!;
}

/** A Python script in the suite's directory. */
function script(name: string, text: string): string {
  const path = join(suite.dir, name);
  writeFileSync(path, text);
  return path;
}

const busyScript = `import sys, time
print("READY", flush=True)
end = time.time() + float(sys.argv[1]) if len(sys.argv) > 1 else float("inf")
while time.time() < end:
    sum(i * i for i in range(1000))
print("DONE", flush=True)
`;

/** Seizes the pid given (PTRACE_SEIZE does not stop it) and holds it until killed. */
const tracerScript = `import ctypes, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
# pyglass holds the target while it reads a sample: try again between its samples
for attempt in range(20000):
    if libc.ptrace(0x4206, int(sys.argv[1]), None, None) == 0:
        break
    time.sleep(0.0003)
else:
    print("FAILED", ctypes.get_errno(), flush=True)
    sys.exit(1)
print("SEIZED", flush=True)
time.sleep(300)
`;

/** A port on 127.0.0.1 where nothing listens (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a program that is not Python', () => {
  // (5 s: long enough for pyglass to start and look at the program even on a loaded machine)
  it.each([
    [['record', '-o', 'q.svg', '--', 'sleep', '5'], "'sleep 5'"],
    [['top', '--', 'sleep', '5'], "'sleep 5'"],
    [['record', '-o', 'q.svg', '--', 'bash', '-c', 'sleep 5; echo done'], "'bash -c sleep 5; echo done'"],
  ])('pyglass %j says it is not Python, exit 1, no file', async (args, shown) => {
    const r = await pyglassRun(args, { cwd: suite.dir, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    const line = oneLine(r.stderr);
    expect(line).toContain(`${shown} (pid `);
    expect(line).toMatch(/is not a Python program: .*pyglass record -- python3 app\.py/);
    expect(existsSync(join(suite.dir, 'q.svg'))).toBe(false);
  });

  it('dump --pid of a shell says it is not Python and what to give, exit 1', async () => {
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    suite.children.push(sleeper);
    const r = pyglass(['dump', '--pid', String(sleeper.pid)]);
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`^Error: PID ${sleeper.pid} does not look like a Python process .*: give the pid of a Python process \\(pgrep -af python\\)`));
  });
});

describe('command-line mistakes: exit 2, one line, the nearest fix', () => {
  it.each([
    [['dump', '1234'], 'error: pyglass dump takes the process as an option: did you mean `pyglass dump --pid 1234`?'],
    [['record', '1234'], 'error: pyglass record takes the process as an option: did you mean `pyglass record --pid 1234`?'],
    [['dump'], 'error: pyglass dump needs a process: give --pid PID'],
    [['record'], "error: pyglass record needs something to profile: give --pid PID, or a program after '--'"],
    [['top'], "error: pyglass top needs something to profile: give --pid PID, or a program after '--'"],
    [['record', '-p', '1', '--', 'python3', 'app.py'], 'error: pyglass record: give either --pid or a program to run, not both'],
    [['record', '--outptu', 'x.svg', '-p', '1'], "error: unknown option '--outptu' for 'pyglass record': did you mean --output?"],
    [['dump', '--rate', '5', '-p', '1'], "error: --rate is not an option of 'pyglass dump' (it is one of record, top, agent)"],
    [['record', '--frobnicate', '-p', '1'], "error: unknown option '--frobnicate' for 'pyglass record'; see pyglass record --help"],
    [['-p', '1234'], "error: unknown option '-p': the command comes first, as in `pyglass record -p 1234`"],
    [['1234'], "error: '1234' is not a command: did you mean `pyglass dump --pid 1234`"],
    [['recod', '-p', '1'], "error: unknown command 'recod': did you mean record?"],
    [['record', '-r', '0', '-p', '1'], 'error: -r, --rate <rate>: the rate must be a whole number'],
  ])('pyglass %j', (args, expected) => {
    const r = pyglass(args, { cwd: suite.dir });
    expect(r.status, r.stderr).toBe(2);
    expect(oneLine(r.stderr)).toContain(expected);
  });

  it('`-- app.py` (a script that is not executable) suggests `python3 app.py`', () => {
    script('app.py', 'print("hello")\n');
    const r = pyglass(['record', '--', 'app.py'], { cwd: suite.dir });
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toBe("error: 'app.py' is a Python script, not a program: name the interpreter, as in `-- python3 app.py`.");
  });

  it.runIf(py)(`an executable script with a #! line runs as given${skipNoPython}`, async () => {
    const path = script('hashbang.py', `#!${py!.executable}\n${busyScript}`);
    chmodSync(path, 0o755);
    const r = await pyglassRun(['record', '-f', 'raw', '-o', 'hashbang.txt', '--', './hashbang.py', '1'], { cwd: suite.dir, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(join(suite.dir, 'hashbang.txt')).size).toBeGreaterThan(0);
  });
});

describe.runIf(py)(`record's closing lines and exit status${skipNoPython}`, () => {
  it('a launched program: the default file is named after the script, one sample count, errors and late explained, exit 0', async () => {
    const path = script('cpuapp.py', busyScript);
    const r = await pyglassRun(['record', '--', py!.executable, path, '1'], { cwd: suite.dir, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const file = readdirSync(suite.dir).find((f) => /^cpuapp-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)\.svg$/.test(f));
    expect(file, readdirSync(suite.dir).join(' ')).toBeDefined();
    expect(r.stderr).toContain(`Wrote flamegraph data to '${file}'. Samples: `);
    expect(r.stderr).toMatch(/Late samples: [\d.]+% \(\d+ of \d+ sampling rounds came over one interval late, max \d+ ms\)\. Samples are the thread stacks in the profile \(one per running thread per round\), Errors the stacks that could not be read\./);
  });

  it('-o prof.pb.gz writes pprof (the format follows the extension); -f against the extension warns in one line', async () => {
    const path = script('cpuext.py', busyScript);
    const pprof = await pyglassRun(['record', '-d', '1', '-o', 'ext.pb.gz', '--', py!.executable, path, '30'], { cwd: suite.dir, timeout: 60_000 });
    expect(pprof.status, pprof.stderr).toBe(0);
    expect([...readFileSync(join(suite.dir, 'ext.pb.gz')).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(pprof.stderr).toContain("Wrote pprof profile to 'ext.pb.gz'.");
    const mismatch = await pyglassRun(['record', '-d', '1', '-o', 'mismatch.svg', '-f', 'speedscope', '--', py!.executable, path, '30'], { cwd: suite.dir, timeout: 60_000 });
    expect(mismatch.status, mismatch.stderr).toBe(0);
    expect(mismatch.stderr.split('\n').filter((l) => /warning/.test(l))).toEqual(["pyglass> warning: -f speedscope writes the speedscope format into 'mismatch.svg', whose extension is flamegraph's."]);
    expect(JSON.parse(readFileSync(join(suite.dir, 'mismatch.svg'), 'utf8'))).toHaveProperty('$schema');
  });

  it('a rate the machine cannot keep (-r 100000): most samples late, the advice is a lower rate', async () => {
    const path = script('cpufast.py', busyScript);
    const r = await pyglassRun(['record', '-r', '100000', '-d', '1', '--nonblocking', '-f', 'raw', '-o', 'fast.txt', '--', py!.executable, path, '30'], { cwd: suite.dir, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\d+% of the samples were late: pyglass cannot take 100000 samples a second here; .* Try a lower rate \(-r 25000\)\./);
  });

  it('--pyroscope with nothing listening: the run fails (exit 1) and says nothing reached the server', async () => {
    const port = await closedPort();
    const path = script('cpupyro.py', busyScript);
    const r = await pyglassRun(['record', '-d', '2', '--pyroscope', `http://127.0.0.1:${port}`, '--upload-timeout', '1', '--', py!.executable, path, '30'], { cwd: suite.dir, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).not.toContain('Sent to Pyroscope');
    expect(r.stderr).toContain('Nothing was sent. Samples: ');
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`pyglass> Error: no profile reached Pyroscope at http://127.0.0.1:${port}: every upload failed (see above); check the URL and that the server is up.`);
  });

  it('--pyroscope with nothing listening and -o: the file is written and named, exit 1', async () => {
    const port = await closedPort();
    const path = script('cpupyro2.py', busyScript);
    const r = await pyglassRun(['record', '-d', '2', '-f', 'pprof', '-o', 'both.pb.gz', '--pyroscope', `http://127.0.0.1:${port}`, '--upload-timeout', '1', '--', py!.executable, path, '30'], { cwd: suite.dir, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(statSync(join(suite.dir, 'both.pb.gz')).size).toBeGreaterThan(0);
    expect(r.stderr).toContain("Wrote pprof profile to 'both.pb.gz'.");
    expect(r.stderr).toMatch(/Error: no profile reached Pyroscope at .*; the profile was still written to 'both\.pb\.gz'\.\n$/);
  });

  it('agent --pyroscope with nothing listening: at SIGTERM it says nothing reached the server and exits 1', async () => {
    const port = await closedPort();
    const name = `agentprobe${process.pid}.py`;
    const target = spawn(py!.executable, [script(name, busyScript), '120'], { stdio: ['ignore', 'pipe', 'pipe'] });
    suite.children.push(target);
    await waitForOutput(target, 'READY', 120_000);
    let stderr = '';
    const agent = spawn(process.execPath, [bin, 'agent', '--pyroscope', `http://127.0.0.1:${port}`, '--match', name.replace('.', '\\.'), '--upload-interval', '1', '--upload-timeout', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    suite.children.push(agent);
    const status = new Promise<number | null>((resolve) => agent.on('exit', (code) => resolve(code)));
    // once it profiles the target and an upload has failed, a window is queued and unsent
    await new Promise<void>((resolve) => {
      agent.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes(`profiling pid ${target.pid}`) && /upload to .* failed/.test(stderr)) resolve();
      });
    });
    agent.kill('SIGTERM');
    expect(await status, stderr).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toBe(`pyglass> Error: no profile reached Pyroscope at http://127.0.0.1:${port}: every upload failed (see above); check the URL and that the server is up.`);
  }, 90_000);

  it('most samples failed because another tracer holds the target: says so, names it, exit 1, the file still written', async () => {
    // (runs until the suite kills it)
    const target = spawn(py!.executable, [script('traced.py', busyScript)], { stdio: ['ignore', 'pipe', 'pipe'] });
    suite.children.push(target);
    await waitForOutput(target, 'READY', 60_000);
    let stderr = '';
    // the capture beside the profile tells the test how many rounds failed so far
    const record = spawn(process.execPath, [bin, 'record', '-o', 'traced.txt', '-o', 'traced.pyglass', '-p', String(target.pid)], { cwd: suite.dir, stdio: ['ignore', 'ignore', 'pipe'] });
    suite.children.push(record);
    const started = new Promise<void>((resolve) => {
      record.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('Sampling process')) resolve();
      });
    });
    const status = new Promise<number | null>((resolve) => record.on('exit', (code) => resolve(code)));
    await started;
    // another tracer (a debugger would do the same) seizes the target without stopping it
    const tracer = spawn(py!.executable, [script('tracer.py', tracerScript), String(target.pid)], { stdio: ['ignore', 'pipe', 'pipe'] });
    suite.children.push(tracer);
    await waitForOutput(tracer, 'SEIZED', 60_000);
    // Control-C once most rounds so far have failed (every later one fails too)
    await waitForCapture(join(suite.dir, 'traced.pyglass'), 'most sampling rounds failed', (samples) => {
      const failed = samples.filter((s) => s.samplingErrors?.length).length;
      return failed > samples.length - failed;
    }, { child: record });
    record.kill('SIGINT');
    const code = await status;
    tracer.kill('SIGKILL');
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(new RegExp(`Error: most samples failed \\(\\d+ of \\d+ sampling rounds\\), so this profile shows only a small part of the run; the most frequent error \\(\\d+ of \\d+\\): Process ${target.pid} is already being traced by process ${tracer.pid} \\(python`));
    expect(existsSync(join(suite.dir, 'traced.txt'))).toBe(true);
  }, 300_000);
});

describe('permission errors name the real cause', () => {
  it('as root, a process the kernel still refuses (pid 1 here) is not answered with "run as root", and ptrace_scope only when it exists', () => {
    if (process.geteuid?.() !== 0) {
      console.log('skipped: pyglass does not run as root here');
      return;
    }
    const r = pyglass(['dump', '-p', '1']);
    if (r.status === 0 || !/Permission denied/.test(r.stderr)) {
      console.log(`skipped: this machine lets root read pid 1 (${r.status === 0 ? 'dump worked' : oneLine(r.stderr)})`);
      return;
    }
    const line = oneLine(r.stderr);
    expect(line).not.toMatch(/run as root/);
    if (!existsSync('/proc/sys/kernel/yama/ptrace_scope')) expect(line).not.toMatch(/ptrace_scope/);
    expect(line).toMatch(/CAP_SYS_PTRACE|tracer|namespace|seccomp|security module/);
  });
});

describe.runIf(py && haveScript)(`the progress line on a terminal${skipNoPython}${haveScript ? '' : ' (skipped: script(1) is not installed)'}`, () => {
  /** Runs `pyglass ARGS` with a pseudo-terminal as stdout and stderr (script(1)); the terminal's text. */
  function onTerminal(args: string[]): { status: number | null; text: string } {
    const command = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const r = spawnSync('script', ['-qefc', command, '/dev/null'], { cwd: suite.dir, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, text: r.stdout };
  }

  it('stays quiet while a launched program writes to the same terminal', () => {
    const path = script('chatty.py', `import time\nfor i in range(15):\n    print("line", i, flush=True)\n    t = time.time() + 0.1\n    while time.time() < t: pass\n`);
    const r = onTerminal(['record', '-o', 'chatty.svg', '--', py!.executable, path]);
    expect(r.status, r.text).toBe(0);
    for (let i = 0; i < 15; i++) expect(r.text).toContain(`line ${i}\r\n`);
    expect(r.text).not.toMatch(/samples \d+ {2}errors/);
  });

  it('is drawn when attached by pid (nothing else writes to the terminal)', async () => {
    const target = spawn(py!.executable, [script('quiet.py', busyScript), '60'], { stdio: ['ignore', 'pipe', 'pipe'] });
    suite.children.push(target);
    await waitForOutput(target, 'READY', 120_000);
    const r = onTerminal(['record', '-d', '2', '-o', 'quiet.svg', '-p', String(target.pid)]);
    expect(r.status, r.text).toBe(0);
    expect(r.text).toMatch(/samples \d+ {2}errors \d+/);
  });
});
