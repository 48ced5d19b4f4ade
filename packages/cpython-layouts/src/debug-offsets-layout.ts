/**
 * Where each member of CPython's `_Py_DebugOffsets` struct sits inside that struct (3.13+), for one
 * minor version. Generated from the headers (offsetof each member) into src/gen/debug_offsets.ts.
 */
export interface DebugOffsetsStructLayout {
  /** e.g. "v3_13" */
  readonly key: string;
  readonly major: number;
  readonly minor: number;
  /** interpreters whose headers gave this layout (all must agree) */
  readonly generatedFrom: string;
  /** sizeof(_Py_DebugOffsets) */
  readonly size: number;
  /** offsetof(_PyRuntimeState, debug_offsets): where the struct starts inside _PyRuntime (0) */
  readonly runtimeOffset: number;
  /**
   * Member path → offset inside the struct: "cookie" (char[8]), "version", "free_threaded", then
   * "group.field" for every uint64_t member (e.g. "runtime_state.interpreters_head").
   */
  readonly fields: Readonly<Record<string, number>>;
}
