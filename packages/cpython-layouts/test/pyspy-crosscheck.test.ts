/**
 * Cross-check against py-spy: /work/shared/reference/pyspy-offsets-x86_64.txt lists x86_64 offsets computed
 * from py-spy's bindgen bindings (each generated from one CPython tag, e.g. v3_7_0). Every field both sides
 * have must agree, except the differences listed (and explained) in EXPECTED_DIFFERENCES.
 */
import { describe, expect, it } from 'vitest';
import { debugOffsetsLayouts, layoutFor, type PythonLayout } from '../src/index.js';
import { PYSPY_OFFSETS_FILE, parsePyspyOffsets } from './pyspy.js';

/** py-spy "Struct.field" → our "group.field" (py-spy's sizeof → our size). */
const FIELD_MAP: Record<string, string> = {
  'PyInterpreterState.tstate_head': 'interpreter_state.threads_head',
  'PyInterpreterState.threads.head': 'interpreter_state.threads_head',
  'PyInterpreterState.modules': 'interpreter_state.imports_modules',
  'PyInterpreterState.imports.modules': 'interpreter_state.imports_modules',
  'PyInterpreterState.ceval.gil': 'interpreter_state.ceval_gil',
  'PyInterpreterState.sizeof': 'interpreter_state.size',
  'PyThreadState.next': 'thread_state.next',
  'PyThreadState.interp': 'thread_state.interp',
  'PyThreadState.frame': 'thread_state.frame',
  'PyThreadState.cframe': 'thread_state.cframe',
  'PyThreadState.current_frame': 'thread_state.current_frame',
  'PyThreadState.thread_id': 'thread_state.thread_id',
  'PyThreadState.native_thread_id': 'thread_state.native_thread_id',
  'PyThreadState.sizeof': 'thread_state.size',
  '_PyCFrame.current_frame': 'cframe.current_frame',
  'PyFrameObject.f_back': 'frame_object.f_back',
  'PyFrameObject.f_code': 'frame_object.f_code',
  'PyFrameObject.f_lasti': 'frame_object.f_lasti',
  'PyFrameObject.f_localsplus': 'frame_object.f_localsplus',
  'PyFrameObject.sizeof': 'frame_object.size',
  '_PyInterpreterFrame.f_code': 'interpreter_frame.executable',
  '_PyInterpreterFrame.f_executable': 'interpreter_frame.executable',
  '_PyInterpreterFrame.previous': 'interpreter_frame.previous',
  '_PyInterpreterFrame.prev_instr': 'interpreter_frame.instr_ptr',
  '_PyInterpreterFrame.instr_ptr': 'interpreter_frame.instr_ptr',
  '_PyInterpreterFrame.is_entry': 'interpreter_frame.is_entry',
  '_PyInterpreterFrame.owner': 'interpreter_frame.owner',
  '_PyInterpreterFrame.localsplus': 'interpreter_frame.localsplus',
  '_PyInterpreterFrame.sizeof': 'interpreter_frame.size',
  'PyCodeObject.co_argcount': 'code_object.argcount',
  'PyCodeObject.co_nlocals': 'code_object.nlocals',
  'PyCodeObject.co_varnames': 'code_object.varnames',
  'PyCodeObject.co_localsplusnames': 'code_object.localsplusnames',
  'PyCodeObject.co_filename': 'code_object.filename',
  'PyCodeObject.co_name': 'code_object.name',
  'PyCodeObject.co_firstlineno': 'code_object.firstlineno',
  'PyCodeObject.co_lnotab': 'code_object.lnotab',
  'PyCodeObject.co_linetable': 'code_object.linetable',
  'PyCodeObject.co_code_adaptive': 'code_object.co_code_adaptive',
  'PyCodeObject.sizeof': 'code_object.size',
  'PyObject.ob_type': 'pyobject.ob_type',
  'PyObject.sizeof': 'pyobject.size',
  'PyTypeObject.tp_name': 'type_object.tp_name',
  'PyTypeObject.tp_dictoffset': 'type_object.tp_dictoffset',
  'PyTypeObject.tp_flags': 'type_object.tp_flags',
  'PyTypeObject.sizeof': 'type_object.size',
  'PyTupleObject.ob_item': 'tuple_object.ob_item',
  'PyListObject.ob_item': 'list_object.ob_item',
  'PyStringObject.ob_size': 'string_object.ob_size',
  'PyStringObject.ob_sval': 'string_object.ob_sval',
  'PyIntObject.ob_ival': 'int_object.ob_ival',
  'PyBytesObject.ob_size': 'bytes_object.ob_size',
  'PyBytesObject.ob_sval': 'bytes_object.ob_sval',
  'PyASCIIObject.size': 'unicode_object.asciiobject_size',
  'PyASCIIObject.length': 'unicode_object.length',
  'PyASCIIObject.state': 'unicode_object.state',
  'PyCompactUnicodeObject.size': 'unicode_object.compactobject_size',
  'PyUnicodeObject.data': 'unicode_object.data',
  'PyLongObject.ob_size': 'long_object.lv_tag',
  'PyLongObject.lv_tag': 'long_object.lv_tag',
  'PyLongObject.ob_digit': 'long_object.ob_digit',
  'PyLongObject.sizeof': 'long_object.size',
  'PyFloatObject.ob_fval': 'float_object.ob_fval',
  'PyDictObject.ma_keys': 'dict_object.ma_keys',
  'PyDictObject.ma_values': 'dict_object.ma_values',
  'PyDictKeysObject.dk_size': 'dict_keys_object.dk_size',
  'PyDictKeysObject.dk_log2_index_bytes': 'dict_keys_object.dk_log2_index_bytes',
  'PyDictKeysObject.dk_kind': 'dict_keys_object.dk_kind',
  'PyDictKeysObject.dk_nentries': 'dict_keys_object.dk_nentries',
  'PyDictKeysObject.sizeof': 'dict_keys_object.size',
  'PyDictKeyEntry.sizeof': 'dict_entry.size',
  'PyDictKeyEntry.me_key': 'dict_entry.me_key',
  'PyDictKeyEntry.me_value': 'dict_entry.me_value',
  'PyDictUnicodeEntry.sizeof': 'dict_unicode_entry.size',
  'PyHeapTypeObject.ht_cached_keys': 'heap_type_object.ht_cached_keys',
  'PyHeapTypeObject.sizeof': 'heap_type_object.size',
  '_gil_runtime_state.last_holder': 'gil_runtime_state.last_holder',
  '_gil_runtime_state.locked': 'gil_runtime_state.locked',
  '_gil_runtime_state.sizeof': 'gil_runtime_state.size',
  '_dictvalues.values': 'dict_values.values',
};

/** py-spy bindings → the version we look up (py-spy keeps one binding per minor, from the patch in its name). */
const VERSIONS: Record<string, string> = {
  v2_7_15: '2.7.15', v3_6_6: '3.6.6', v3_7_0: '3.7.0', v3_8_0: '3.8.0', v3_9_5: '3.9.5', v3_10_0: '3.10.0',
  v3_11_0: '3.11.0', v3_12_0: '3.12.0', v3_13_0: '3.13.0', v3_14_0: '3.14.0',
};

/**
 * Known, explained differences: "binding path" → why. Everything else must be equal.
 */
const INT_MAX_STR_DIGITS = 'sizeof only: `int int_max_str_digits` was appended to PyInterpreterState in 3.8.14/3.9.14/3.10.7 ' +
  '(CVE-2020-10735); py-spy generated from 3.8.0/3.9.5/3.10.0rc1, our headers are 3.8.18/3.9.18/3.10.13. No offset moves.';
const EXPECTED_DIFFERENCES: Record<string, string> = {
  'v3_8_0 PyInterpreterState.sizeof': INT_MAX_STR_DIGITS,
  'v3_9_5 PyInterpreterState.sizeof': INT_MAX_STR_DIGITS,
  'v3_10_0 PyInterpreterState.sizeof': INT_MAX_STR_DIGITS,
  // Every PyInterpreterState offset py-spy lists agrees; only the total differs (embedded per-interpreter
  // state after them: py-spy's 3.11.0/3.12.0 source vs the installed 3.11.2, 3.11.7 and 3.12.1 headers, which
  // agree with each other). Not a field offset: sizeof(PyInterpreterState) is only a copy length.
  'v3_11_0 PyInterpreterState.sizeof': 'sizeof only: 3.11.0 bindings vs 3.11.2/3.11.7 headers (+3504 bytes of embedded state after every listed field)',
  'v3_12_0 PyInterpreterState.sizeof': 'sizeof only: 3.12.0 bindings vs 3.12.1 headers (+3528 bytes of embedded state after every listed field)',
  // A real patch-level offset change: in 3.14.10 the embedded `struct _gc_runtime_state gc` (before sysdict,
  // builtins and imports) is 24 bytes larger than in the 3.14.0 source py-spy used. Our 7688 is confirmed by
  // the live 3.14.10 process's own _Py_DebugOffsets (debug-offsets.test.ts). py-spy reads sys.modules there
  // for thread names, which is why it shows none on 3.14.10.
  'v3_14_0 PyInterpreterState.imports.modules': 'offset: 3.14.0 (py-spy) 7664 vs 3.14.10 7688, gc state grew by 24 bytes',
  'v3_14_0 PyInterpreterState.sizeof': 'sizeof: 3.14.0 vs 3.14.10 (same gc growth + 32 more bytes at the end)',
  'v3_14_0 PyThreadState.sizeof': 'sizeof only: 3.14.0 vs 3.14.10 PyThreadState (+8 at the end; every listed offset agrees)',
};

function get(layout: PythonLayout, path: string): number | undefined {
  const [g, f] = path.split('.') as [string, string];
  const group = (layout as unknown as Record<string, Record<string, number> | undefined>)[g];
  return group?.[f];
}

const pyspy = parsePyspyOffsets();

describe.skipIf(!pyspy)(`py-spy cross-check (${PYSPY_OFFSETS_FILE})`, () => {
  it('every field both sides have agrees, except the explained differences', () => {
    const mismatches: string[] = [];
    const unmapped = new Set<string>();
    let compared = 0;
    for (const [binding, fields] of pyspy!) {
      const version = VERSIONS[binding];
      if (!version) { console.log(`[py-spy cross-check] ${binding}: no table for ${binding} (3.3–3.5 are not supported), skipped`); continue; }
      const layout = layoutFor(version);
      for (const [name, value] of fields) {
        if (name === '_Py_DebugOffsets.runtime_state.interpreters_head' || name === '_Py_DebugOffsets.sizeof') {
          const d = debugOffsetsLayouts.find((l) => `${l.major}.${l.minor}` === version.split('.').slice(0, 2).join('.'))!;
          const ours = name.endsWith('sizeof') ? d.size : d.fields['runtime_state.interpreters_head'];
          compared++;
          if (ours !== value) mismatches.push(`${binding} ${name}: py-spy ${value} vs ours ${ours}`);
          continue;
        }
        const path = FIELD_MAP[name];
        if (!path) { unmapped.add(name); continue; }
        const ours = get(layout, path);
        compared++;
        const key = `${binding} ${name}`;
        if (ours !== value && !EXPECTED_DIFFERENCES[key]) mismatches.push(`${key}: py-spy ${value} vs ours ${ours} (${layout.key} ${path})`);
        if (ours === value && EXPECTED_DIFFERENCES[key]) mismatches.push(`${key}: expected a difference but both are ${value}`);
      }
    }
    console.log(`[py-spy cross-check] ${compared} fields compared; ${Object.keys(EXPECTED_DIFFERENCES).length} explained differences; not mapped: ${[...unmapped].join(', ') || 'none'}`);
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(300);
  });
});
