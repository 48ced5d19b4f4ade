/**
 * What a run knows beyond the samples — the processes it sampled, its command line, the record's
 * options — in the form the capture and Firefox outputs take it. `record` builds it live; `convert`
 * rebuilds the same from the capture's metadata, so both render alike.
 */
import type { Capture, CaptureProcess, CaptureRecording, ExportOptions } from '@pyglass/exporters';

/** The processes of a run, described once each, when first sampled. */
export class ProcessTable {
  private readonly byPid = new Map<number, CaptureProcess>();

  constructor(private readonly describe: (pid: number, time: number) => CaptureProcess) {}

  static of(processes: readonly CaptureProcess[]): ProcessTable {
    const table = new ProcessTable((pid, time) => ({ pid, commandLine: [], firstSeen: time }));
    for (const p of processes) table.byPid.set(p.pid, p);
    return table;
  }

  get(pid: number, time: number): CaptureProcess {
    let p = this.byPid.get(pid);
    if (p === undefined) this.byPid.set(pid, (p = this.describe(pid, time)));
    return p;
  }

  /** The name of a process's track group (Firefox): its command line, when known. */
  name(pid: number): string | undefined {
    const p = this.byPid.get(pid);
    return p !== undefined && p.commandLine.length > 0 ? p.commandLine.join(' ') : undefined;
  }

  get all(): CaptureProcess[] {
    return [...this.byPid.values()];
  }
}

/** Export options with the run's context: processes (capture, Firefox) and the recording (capture). */
export function withRecording(base: ExportOptions, processes: ProcessTable, recording: Omit<CaptureRecording, 'describeProcess'>): ExportOptions {
  return {
    ...base,
    processName: (pid: number) => processes.name(pid),
    // asked when a process is first sampled (the HTML report's summary)
    describeProcess: (pid: number) => {
      const p = processes.get(pid, Date.now());
      return { commandLine: p.commandLine, pythonVersion: p.pythonVersion };
    },
    recording: { ...recording, describeProcess: (pid: number, time: number) => processes.get(pid, time) },
  };
}

/** convert: the options `record` had, from the capture's metadata. */
export function captureExportOptions(base: ExportOptions, capture: Capture): ExportOptions {
  const m = capture.metadata;
  const { rate: _rate, lineNo: _lineNo, idle: _idle, gil: _gil, threads: _threads, ...rest } = m.options;
  const processes = ProcessTable.of(capture.processes);
  return withRecording(base, processes, {
    commandLine: m.commandLine, target: m.target, options: rest, pyglassVersion: m.pyglassVersion,
    ended: capture.summary !== undefined ? () => ({ stopReason: capture.summary!.stopReason, endTime: capture.summary!.endTime }) : undefined,
  });
}
