/** The Pyroscope flags' parsing: service names from command lines, --app-name-from, --tag, --basic-auth. */
import { describe, expect, it } from 'vitest';
import { parseAppNameSource } from '../src/commands/agent/flags.js';
import { buildProgram } from '../src/main.js';
import type { RecordOptions } from '../src/commands/record/flags.js';
import { pyroscopeOptionsFrom, serviceNameFromCommandLine } from '../src/commands/pyroscope-flags.js';

describe('serviceNameFromCommandLine', () => {
  it.each([
    [['/usr/bin/python3', '/srv/app/web.py', '--port', '80'], 'web'],
    [['python3.12', '-u', '-X', 'dev', 'jobs/worker.py'], 'worker'],
    [['python', '-m', 'http.server', '8000'], 'http.server'],
    [['python3', '-W', 'ignore', '-m', 'celery', 'worker'], 'celery'],
    [['/usr/bin/python3', '-c', 'print(1)'], 'python'],
    [['/usr/local/bin/gunicorn', 'app:app'], 'gunicorn'],
    [['pypy3', 'bench.py'], 'bench'],
    [['python3'], 'python'],
    [[], 'python'],
  ])('%j → %s', (args, name) => {
    expect(serviceNameFromCommandLine(args)).toBe(name);
  });
});

describe('--app-name-from', () => {
  it('accepts cmdline, container and env:VAR only', () => {
    expect(parseAppNameSource('cmdline')).toEqual({ kind: 'cmdline' });
    expect(parseAppNameSource('container')).toEqual({ kind: 'container' });
    expect(parseAppNameSource('env:OTEL_SERVICE_NAME')).toEqual({ kind: 'env', variable: 'OTEL_SERVICE_NAME' });
    for (const bad of ['env:', 'env:1X', 'exe', 'CMDLINE']) expect(() => parseAppNameSource(bad)).toThrow(/expected 'cmdline', 'container' or 'env:VARIABLE'/);
  });
});

describe('record flags', () => {
  async function parse(args: string[]): Promise<RecordOptions> {
    let seen: RecordOptions | undefined;
    await buildProgram(async (request) => {
      if (request.command === 'record') seen = request.options;
      return 0;
    }).parseAsync(['record', '-p', '1', ...args], { from: 'user' });
    return seen!;
  }

  it('collects tags and splits basic auth at the first colon', async () => {
    const o = await parse(['--pyroscope', 'http://h:4040', '--tag', 'env=prod', '--tag', 'dc=eu.1', '--basic-auth', '123:glc_a:b', '--pyroscope-api', 'push', '--upload-interval', '2.5']);
    const up = pyroscopeOptionsFrom({ ...o, pyroscope: o.pyroscope! });
    expect(up).toMatchObject({ url: 'http://h:4040', api: 'push', uploadIntervalSeconds: 2.5, basicAuth: { user: '123', password: 'glc_a:b' } });
    expect(up.tags).toEqual([['env', 'prod'], ['dc', 'eu.1']]);
  });

  it('defaults: ingest, 10 s windows, 10 s timeout, 360 windows / 64 MiB queued', async () => {
    const o = await parse(['--pyroscope', 'http://h:4040']);
    expect(pyroscopeOptionsFrom({ ...o, pyroscope: o.pyroscope! })).toMatchObject({ api: 'ingest', uploadIntervalSeconds: 10, uploadTimeoutSeconds: 10, maxQueueWindows: 360, maxQueueBytes: 64 * 1024 * 1024, tags: [] });
  });
});
