/**
 * `pyglass dump --core FILE [--root DIR]`: the Python stacks of every thread in an ELF core file,
 * printed like py-spy's core mode (text) or as dump's JSON.
 */
import { CoreSpy } from '@pyglass/sampler';
import { colorsFor, useColors } from '../../colors.js';
import { formatCoreDump, traceToJson } from './format.js';
import { UsageError } from '../../errors.js';
import type { DumpOptions } from './flags.js';
import { samplerConfigFrom } from '../../sampler-config.js';

export function runCoreDump(file: string, options: DumpOptions): number {
  if (options.pid !== undefined) throw new UsageError('pyglass dump: give either --pid or --core, not both.');
  if (options.subprocesses) throw new UsageError('pyglass dump: --subprocesses does not apply to a core file.');
  if (options.native) throw new UsageError('pyglass dump --core: --native is not supported for core files.', 1);
  const config = samplerConfigFrom({ command: 'dump', options });
  const spy = CoreSpy.open(file, { root: options.root, dumpLocals: config.dumpLocals, fullFilenames: config.fullFilenames, lineNo: config.lineNo });
  try {
    const traces = spy.getStackTraces();
    if (options.json) {
      // beyond py-spy's fields: why a thread's frames stop early, when the core lacks an outer frame
      const json = traces.map((t) => {
        const j = traceToJson(t) as Record<string, unknown>;
        const cut = spy.incomplete.get(t.threadId);
        return cut === undefined ? j : { ...j, incomplete: cut };
      });
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    const colors = colorsFor(useColors(process.stdout));
    process.stdout.write(formatCoreDump({ signal: spy.signal, file, pid: spy.pid, psargs: spy.psargs, version: spy.version.string }, traces, spy.unreadable, spy.incomplete, colors));
    return 0;
  } finally {
    spy.close();
  }
}
