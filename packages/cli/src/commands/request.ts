/** What the command line resolves to: the command, its options and (record, top) the program to launch. */
import type { AgentOptions } from './agent/flags.js';
import type { ConvertOptions } from './convert/flags.js';
import type { DiffOptions } from './diff/flags.js';
import type { DumpOptions } from './dump/flags.js';
import type { RecordOptions } from './record/flags.js';
import type { TopOptions } from './top/flags.js';

export type CommandRequest =
  | { command: 'record'; options: RecordOptions; program: string[] }
  | { command: 'top'; options: TopOptions; program: string[] }
  | { command: 'dump'; options: DumpOptions }
  | { command: 'agent'; options: AgentOptions }
  | { command: 'diff'; base: string; next: string; options: DiffOptions }
  | { command: 'convert'; options: ConvertOptions; file: string };
