/**
 * py-spy's StackTrace::status_str, StackTrace::format_threadid and ProcessInfo::to_frame, checked
 * against the strings py-spy prints (stack_trace.rs), and the exporters' use of the same definitions.
 */
import { describe, expect, test } from 'vitest';
import { formatThreadId, processInfoToFrame, statusStr, type StackTrace } from '../src/index.js';

const trace = (over: Partial<StackTrace>): StackTrace => ({ pid: 1, threadId: 0x7f0a1b2c3d40, active: true, ownsGil: false, frames: [], ...over });

describe('statusStr', () => {
  test('idle, active, active+gil', () => {
    expect(statusStr(trace({ active: false, ownsGil: false }))).toBe('idle');
    // an idle thread that still owns the GIL (e.g. waiting with it held) is idle, as in py-spy
    expect(statusStr(trace({ active: false, ownsGil: true }))).toBe('idle');
    expect(statusStr(trace({ active: true, ownsGil: false }))).toBe('active');
    expect(statusStr(trace({ active: true, ownsGil: true }))).toBe('active+gil');
  });
});

describe('formatThreadId', () => {
  test('the OS thread id in decimal when known', () => {
    expect(formatThreadId(trace({ osThreadId: 4242 }))).toBe('4242');
  });
  test('else 0x and the pthread id in uppercase hex', () => {
    expect(formatThreadId(trace({ osThreadId: undefined }))).toBe('0x7F0A1B2C3D40');
  });
  test('on macOS always the pthread id', () => {
    expect(formatThreadId(trace({ osThreadId: 4242 }), { platform: 'darwin' })).toBe('0x7F0A1B2C3D40');
  });
});

describe('processInfoToFrame', () => {
  test('process PID:"cmdline", no file, line 0, an entry frame', () => {
    const frame = processInfoToFrame({ pid: 123, commandLine: 'python3 app.py --x' });
    expect(frame.name).toBe('process 123:"python3 app.py --x"');
    expect([frame.filename, frame.line, frame.isEntry, frame.isShimEntry]).toEqual(['', 0, true, true]);
    expect([frame.module, frame.shortFilename, frame.locals]).toEqual([undefined, undefined, undefined]);
  });
});
