/*
 * Layout probe: compiled by generate.mjs against ONE interpreter's installed headers
 * (`gcc -I <includeDir> [-DPy_BUILD_CORE=1] probe.c`), it prints `group.field value` lines:
 * offsetof()/sizeof() of the structs an out-of-process reader needs, the values of the C
 * constants it needs, and bit positions of bitfields. Nothing here is hand-written numbers,
 * except the dict-keys replica for 3.6–3.10 (see DICT_KEYS_REPLICA below).
 *
 * Groups and field names are those of packages/cpython-layouts/src/layout.ts (PythonLayout).
 * A field a version does not have is simply not printed.
 */
#include <Python.h>
#include <frameobject.h>
#if __has_include(<code.h>)
#  include <code.h>
#endif
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stddef.h>

#define PYV (PY_MAJOR_VERSION * 100 + PY_MINOR_VERSION)

#if __has_include(<longintrepr.h>) && PYV < 311
#  include <longintrepr.h>
#endif

/* Internal headers (Py_BUILD_CORE is set on the command line for 3.7+). */
#ifdef Py_BUILD_CORE
#  if PYV == 307
#    include "internal/pystate.h"
#  else
#    include "internal/pycore_pystate.h"
#    if __has_include("internal/pycore_interp.h")
#      include "internal/pycore_interp.h"
#    endif
#    if __has_include("internal/pycore_runtime.h")
#      include "internal/pycore_runtime.h"
#    endif
#    if __has_include("internal/pycore_gil.h")
#      include "internal/pycore_gil.h"
#    endif
#  endif
#  if PYV >= 311
#    include "internal/pycore_frame.h"
#    include "internal/pycore_code.h"
#    include "internal/pycore_dict.h"
#    include "internal/pycore_object.h"
#    include "internal/pycore_long.h"
#  endif
#  if __has_include("internal/pycore_interpframe_structs.h")
#    include "internal/pycore_interpframe_structs.h"
#  endif
#  if __has_include("internal/pycore_stackref.h")
#    include "internal/pycore_stackref.h"
#  endif
#  if __has_include("internal/pycore_debug_offsets.h")
#    include "internal/pycore_debug_offsets.h"
#  endif
/* contextvars (3.7+): PyContext, ContextVar and the HAMT that holds a context's variables */
#  if PYV == 307
#    include "internal/context.h"
#  else
#    include "internal/pycore_context.h"
#    include "internal/pycore_hamt.h"
#  endif
#endif

static void out(const char *group, const char *field, long long value) {
  printf("%s.%s %lld\n", group, field, value);
}

#define O(group, field, type, member) out(group, field, (long long)offsetof(type, member))
#define S(group, type) out(group, "size", (long long)sizeof(type))
#define V(group, field, value) out(group, field, (long long)(value))
/* A C macro that may or may not exist in this version: printed only when defined. */
#define C(name) V("constants", #name, name)

/* Bit position and width of a bitfield: set it to all-ones in a zeroed struct and look at the
 * 32-bit word at `word` (little-endian, as on x86_64). */
#define BITS(group, name, type, word, member)                                     \
  do {                                                                            \
    type o_;                                                                      \
    uint32_t w_ = 0;                                                              \
    memset(&o_, 0, sizeof o_);                                                    \
    o_.member = ~0u;                                                              \
    memcpy(&w_, (char *)&o_ + offsetof(type, word), sizeof w_);                   \
    V(group, name "_shift", w_ ? __builtin_ctz(w_) : -1);                         \
    V(group, name "_bits", __builtin_popcount(w_));                               \
  } while (0)

#if PY_MAJOR_VERSION < 3
#  define OB_SIZE ob_size
#else
#  define OB_SIZE ob_base.ob_size
#endif

#if PYV >= 306 && PYV < 311
/* DICT_KEYS_REPLICA: 3.6–3.10 keep PyDictKeysObject/PyDictKeyEntry in Objects/dict-common.h, which
 * is not installed. This is that private struct, field for field (types only; no values). */
typedef struct { Py_hash_t me_hash; PyObject *me_key; PyObject *me_value; } ProbeDictKeyEntry;
typedef struct {
  Py_ssize_t dk_refcnt;
  Py_ssize_t dk_size;
  void *dk_lookup;
  Py_ssize_t dk_usable;
  Py_ssize_t dk_nentries;
#  if PYV == 306
  union { int8_t as_1[8]; int16_t as_2[4]; int32_t as_4[2]; int64_t as_8[1]; } dk_indices;
#  else
  char dk_indices[];
#  endif
} ProbeDictKeysObject;
#endif

#if PYV >= 307
/* HAMT_NODE_REPLICA: the HAMT's node structs live in Python/hamt.c (3.13+ installs only the bitmap
 * node's); these are those structs, field for field (types only), unchanged from 3.7 to 3.15. */
typedef struct { PyObject_VAR_HEAD uint32_t b_bitmap; PyObject *b_array[1]; } ProbeHamtBitmapNode;
typedef struct { PyObject_HEAD PyObject *a_array[32]; Py_ssize_t a_count; } ProbeHamtArrayNode;
typedef struct { PyObject_VAR_HEAD int32_t c_hash; PyObject *c_array[1]; } ProbeHamtCollisionNode;
#endif

int main(void) {
  V("meta", "version_hex", PY_VERSION_HEX);
  V("meta", "pointer_size", sizeof(void *));

  /* ---- _PyRuntimeState (3.7+) ---- */
#if PYV >= 307
  S("runtime_state", _PyRuntimeState);
  O("runtime_state", "interpreters_head", _PyRuntimeState, interpreters.head);
#  if PYV <= 311
  O("runtime_state", "tstate_current", _PyRuntimeState, gilstate.tstate_current);
  O("runtime_state", "ceval_gil", _PyRuntimeState, ceval.gil);
#  endif
#  if PYV <= 308
  O("runtime_state", "finalizing", _PyRuntimeState, finalizing);
#  else
  O("runtime_state", "finalizing", _PyRuntimeState, _finalizing);
#  endif
#  if PYV <= 308
  O("runtime_state", "gc", _PyRuntimeState, gc);
#  endif
#endif

  /* ---- struct _gil_runtime_state (3.7+) ---- */
#if PYV >= 307
  S("gil_runtime_state", struct _gil_runtime_state);
  O("gil_runtime_state", "locked", struct _gil_runtime_state, locked);
  O("gil_runtime_state", "last_holder", struct _gil_runtime_state, last_holder);
#  if defined(Py_GIL_DISABLED)
  O("gil_runtime_state", "enabled", struct _gil_runtime_state, enabled);
#  endif
#endif

  /* ---- PyInterpreterState ---- */
  S("interpreter_state", PyInterpreterState);
  O("interpreter_state", "next", PyInterpreterState, next);
#if PYV >= 307
  O("interpreter_state", "id", PyInterpreterState, id);
#endif
#if PYV <= 310
  O("interpreter_state", "threads_head", PyInterpreterState, tstate_head);
#else
  O("interpreter_state", "threads_head", PyInterpreterState, threads.head);
#endif
#if PYV >= 313
  O("interpreter_state", "threads_main", PyInterpreterState, threads.main);
#endif
#if PYV >= 309
  O("interpreter_state", "gc", PyInterpreterState, gc);
#endif
#if PYV >= 312
  O("interpreter_state", "imports_modules", PyInterpreterState, imports.modules);
  O("interpreter_state", "ceval_gil", PyInterpreterState, ceval.gil);
  O("interpreter_state", "gil_runtime_state", PyInterpreterState, _gil);
#else
  O("interpreter_state", "imports_modules", PyInterpreterState, modules);
#endif
  O("interpreter_state", "sysdict", PyInterpreterState, sysdict);
  O("interpreter_state", "builtins", PyInterpreterState, builtins);

  /* ---- PyThreadState ---- */
  S("thread_state", PyThreadState);
#if PY_MAJOR_VERSION >= 3
  O("thread_state", "prev", PyThreadState, prev);
#endif
  O("thread_state", "next", PyThreadState, next);
  O("thread_state", "interp", PyThreadState, interp);
#if PYV <= 310
  O("thread_state", "frame", PyThreadState, frame);
#elif PYV <= 312
  O("thread_state", "cframe", PyThreadState, cframe);
#else
  O("thread_state", "current_frame", PyThreadState, current_frame);
#endif
  O("thread_state", "thread_id", PyThreadState, thread_id);
#if PYV >= 311
  O("thread_state", "native_thread_id", PyThreadState, native_thread_id);
  O("thread_state", "datastack_chunk", PyThreadState, datastack_chunk);
  O("thread_state", "datastack_top", PyThreadState, datastack_top);
  O("thread_state", "datastack_limit", PyThreadState, datastack_limit);
#endif
#if PYV >= 312
  O("thread_state", "status", PyThreadState, _status);
#endif
#if PYV >= 313
  O("thread_state", "state", PyThreadState, state);
#endif
#if PYV >= 314
  O("thread_state", "holds_gil", PyThreadState, holds_gil);
#endif
#if PYV >= 307
  O("thread_state", "context", PyThreadState, context);
#endif

  /* ---- contextvars (3.7+): PyContext, PyContextVar, PyHamtObject and its nodes ---- */
#if PYV >= 307
  S("context_object", PyContext);
  O("context_object", "ctx_prev", PyContext, ctx_prev);
  O("context_object", "ctx_vars", PyContext, ctx_vars);
  S("context_var_object", PyContextVar);
  O("context_var_object", "var_name", PyContextVar, var_name);
  O("context_var_object", "var_hash", PyContextVar, var_hash);
  S("hamt_object", PyHamtObject);
  O("hamt_object", "h_root", PyHamtObject, h_root);
  O("hamt_object", "h_count", PyHamtObject, h_count);
  S("hamt_bitmap_node", ProbeHamtBitmapNode);
  O("hamt_bitmap_node", "ob_size", ProbeHamtBitmapNode, ob_base.ob_size);
  O("hamt_bitmap_node", "b_bitmap", ProbeHamtBitmapNode, b_bitmap);
  O("hamt_bitmap_node", "b_array", ProbeHamtBitmapNode, b_array);
  S("hamt_array_node", ProbeHamtArrayNode);
  O("hamt_array_node", "a_array", ProbeHamtArrayNode, a_array);
  O("hamt_array_node", "a_count", ProbeHamtArrayNode, a_count);
  S("hamt_collision_node", ProbeHamtCollisionNode);
  O("hamt_collision_node", "ob_size", ProbeHamtCollisionNode, ob_base.ob_size);
  O("hamt_collision_node", "c_hash", ProbeHamtCollisionNode, c_hash);
  O("hamt_collision_node", "c_array", ProbeHamtCollisionNode, c_array);
#endif
#if PYV >= 315
  O("thread_state", "gil_requested", PyThreadState, gil_requested);
#endif
  /* the exception being handled: the thread's own fields (2.7, 3.6), else a stack of items whose
   * top is exc_info (a generator's item while it runs) and whose bottom is exc_state (3.7+) */
#if PYV <= 306
  O("thread_state", "exc_type", PyThreadState, exc_type);
#else
  O("thread_state", "exc_info", PyThreadState, exc_info);
  O("thread_state", "exc_state", PyThreadState, exc_state);
  S("err_stackitem", _PyErr_StackItem);
#  if PYV <= 310
  O("err_stackitem", "exc_type", _PyErr_StackItem, exc_type);
#  endif
  O("err_stackitem", "exc_value", _PyErr_StackItem, exc_value);
  O("err_stackitem", "previous_item", _PyErr_StackItem, previous_item);
#endif

  /* ---- struct _gc_runtime_state (3.7+): runtime-wide in 3.7/3.8, per interpreter from 3.9 ---- */
#if PYV >= 307
  S("gc_runtime_state", struct _gc_runtime_state);
  O("gc_runtime_state", "collecting", struct _gc_runtime_state, collecting);
#endif

  /* ---- _PyCFrame (3.11–3.12) ---- */
#if PYV >= 311 && PYV <= 312
  S("cframe", _PyCFrame);
  O("cframe", "current_frame", _PyCFrame, current_frame);
  O("cframe", "previous", _PyCFrame, previous);
#endif

  /* ---- PyFrameObject (≤3.10) ---- */
#if PYV <= 310
  S("frame_object", PyFrameObject);
  O("frame_object", "f_back", PyFrameObject, f_back);
  O("frame_object", "f_code", PyFrameObject, f_code);
  O("frame_object", "f_lasti", PyFrameObject, f_lasti);
  O("frame_object", "f_lineno", PyFrameObject, f_lineno);
  O("frame_object", "f_localsplus", PyFrameObject, f_localsplus);
#endif

  /* ---- _PyInterpreterFrame and _PyStackChunk (3.11+) ---- */
#if PYV >= 311
  S("interpreter_frame", _PyInterpreterFrame);
  O("interpreter_frame", "previous", _PyInterpreterFrame, previous);
#  if PYV <= 312
  O("interpreter_frame", "executable", _PyInterpreterFrame, f_code);
  O("interpreter_frame", "instr_ptr", _PyInterpreterFrame, prev_instr);
#  else
  O("interpreter_frame", "executable", _PyInterpreterFrame, f_executable);
  O("interpreter_frame", "instr_ptr", _PyInterpreterFrame, instr_ptr);
#  endif
  O("interpreter_frame", "localsplus", _PyInterpreterFrame, localsplus);
  O("interpreter_frame", "owner", _PyInterpreterFrame, owner);
#  if PYV == 311
  O("interpreter_frame", "is_entry", _PyInterpreterFrame, is_entry);
#  endif
#  if PYV >= 314
  O("interpreter_frame", "stackpointer", _PyInterpreterFrame, stackpointer);
#    if defined(Py_GIL_DISABLED)
  O("interpreter_frame", "tlbc_index", _PyInterpreterFrame, tlbc_index);
#    endif
#  endif
  S("stack_chunk", _PyStackChunk);
  O("stack_chunk", "previous", _PyStackChunk, previous);
  O("stack_chunk", "chunk_size", _PyStackChunk, size); /* the `size` member; `size` is sizeof */
  O("stack_chunk", "top", _PyStackChunk, top);
  O("stack_chunk", "data", _PyStackChunk, data);
#endif

  /* ---- PyCodeObject ---- */
  S("code_object", PyCodeObject);
  O("code_object", "filename", PyCodeObject, co_filename);
  O("code_object", "name", PyCodeObject, co_name);
  O("code_object", "firstlineno", PyCodeObject, co_firstlineno);
  O("code_object", "argcount", PyCodeObject, co_argcount);
#if PY_MAJOR_VERSION >= 3
  O("code_object", "kwonlyargcount", PyCodeObject, co_kwonlyargcount);
#endif
#if PYV >= 308
  O("code_object", "posonlyargcount", PyCodeObject, co_posonlyargcount);
#endif
  O("code_object", "flags", PyCodeObject, co_flags);
  O("code_object", "nlocals", PyCodeObject, co_nlocals);
#if PYV <= 309
  O("code_object", "lnotab", PyCodeObject, co_lnotab);
#else
  O("code_object", "linetable", PyCodeObject, co_linetable);
#endif
#if PYV <= 310
  O("code_object", "varnames", PyCodeObject, co_varnames);
  O("code_object", "code", PyCodeObject, co_code);
#else
  O("code_object", "qualname", PyCodeObject, co_qualname);
  O("code_object", "nlocalsplus", PyCodeObject, co_nlocalsplus);
  O("code_object", "localsplusnames", PyCodeObject, co_localsplusnames);
  O("code_object", "localspluskinds", PyCodeObject, co_localspluskinds);
  O("code_object", "co_code_adaptive", PyCodeObject, co_code_adaptive);
#endif
#if PYV >= 314 && defined(Py_GIL_DISABLED)
  O("code_object", "co_tlbc", PyCodeObject, co_tlbc);
#endif

  /* ---- PyObject / PyTypeObject / PyHeapTypeObject ---- */
  S("pyobject", PyObject);
  O("pyobject", "ob_type", PyObject, ob_type);
#if defined(Py_GIL_DISABLED)
  O("pyobject", "ob_tid", PyObject, ob_tid);
  O("pyobject", "ob_ref_local", PyObject, ob_ref_local);
  O("pyobject", "ob_ref_shared", PyObject, ob_ref_shared);
#else
  O("pyobject", "ob_refcnt", PyObject, ob_refcnt);
#endif
  S("type_object", PyTypeObject);
  O("type_object", "tp_name", PyTypeObject, tp_name);
  O("type_object", "tp_basicsize", PyTypeObject, tp_basicsize);
  O("type_object", "tp_flags", PyTypeObject, tp_flags);
  O("type_object", "tp_dictoffset", PyTypeObject, tp_dictoffset);
  O("type_object", "tp_repr", PyTypeObject, tp_repr);
  S("heap_type_object", PyHeapTypeObject);
#if PY_MAJOR_VERSION >= 3
  O("heap_type_object", "ht_cached_keys", PyHeapTypeObject, ht_cached_keys);
#endif

  /* ---- sequences, numbers, strings ---- */
  S("tuple_object", PyTupleObject);
  O("tuple_object", "ob_size", PyTupleObject, OB_SIZE);
  O("tuple_object", "ob_item", PyTupleObject, ob_item);
  S("list_object", PyListObject);
  O("list_object", "ob_size", PyListObject, OB_SIZE);
  O("list_object", "ob_item", PyListObject, ob_item);
  S("bytes_object", PyBytesObject);
  O("bytes_object", "ob_size", PyBytesObject, OB_SIZE);
  O("bytes_object", "ob_sval", PyBytesObject, ob_sval);
#if PY_MAJOR_VERSION < 3
  S("string_object", PyStringObject);
  O("string_object", "ob_size", PyStringObject, OB_SIZE);
  O("string_object", "ob_sval", PyStringObject, ob_sval);
  O("string_object", "ob_shash", PyStringObject, ob_shash);
  O("string_object", "ob_sstate", PyStringObject, ob_sstate);
  S("py2_unicode_object", PyUnicodeObject);
  O("py2_unicode_object", "length", PyUnicodeObject, length);
  O("py2_unicode_object", "str", PyUnicodeObject, str);
  V("py2_unicode_object", "unicode_size", sizeof(Py_UNICODE));
  S("int_object", PyIntObject);
  O("int_object", "ob_ival", PyIntObject, ob_ival);
#else
  S("unicode_object", PyUnicodeObject);
  V("unicode_object", "asciiobject_size", sizeof(PyASCIIObject));
  V("unicode_object", "compactobject_size", sizeof(PyCompactUnicodeObject));
  O("unicode_object", "length", PyASCIIObject, length);
  O("unicode_object", "state", PyASCIIObject, state);
  O("unicode_object", "hash", PyASCIIObject, hash);
  O("unicode_object", "data", PyUnicodeObject, data);
  BITS("unicode_state_bits", "interned", PyASCIIObject, state, state.interned);
  BITS("unicode_state_bits", "kind", PyASCIIObject, state, state.kind);
  BITS("unicode_state_bits", "compact", PyASCIIObject, state, state.compact);
  BITS("unicode_state_bits", "ascii", PyASCIIObject, state, state.ascii);
#  if PYV <= 311
  BITS("unicode_state_bits", "ready", PyASCIIObject, state, state.ready);
#  else
  BITS("unicode_state_bits", "statically_allocated", PyASCIIObject, state, state.statically_allocated);
#  endif
#endif

  S("long_object", PyLongObject);
#if PYV >= 312
  O("long_object", "lv_tag", PyLongObject, long_value.lv_tag);
  O("long_object", "ob_digit", PyLongObject, long_value.ob_digit);
#else
  O("long_object", "lv_tag", PyLongObject, OB_SIZE);
  O("long_object", "ob_digit", PyLongObject, ob_digit);
#endif
  V("long_object", "digit_bits", PyLong_SHIFT);
  V("long_object", "digit_size", sizeof(digit));
  S("float_object", PyFloatObject);
  O("float_object", "ob_fval", PyFloatObject, ob_fval);

  /* ---- dicts ---- */
  S("dict_object", PyDictObject);
  O("dict_object", "ma_used", PyDictObject, ma_used);
#if PY_MAJOR_VERSION < 3
  O("dict_object", "ma_mask", PyDictObject, ma_mask);
  O("dict_object", "ma_table", PyDictObject, ma_table);
  S("dict_entry", PyDictEntry);
  O("dict_entry", "me_hash", PyDictEntry, me_hash);
  O("dict_entry", "me_key", PyDictEntry, me_key);
  O("dict_entry", "me_value", PyDictEntry, me_value);
#else
  O("dict_object", "ma_keys", PyDictObject, ma_keys);
  O("dict_object", "ma_values", PyDictObject, ma_values);
#  if PYV < 311
  S("dict_keys_object", ProbeDictKeysObject);
  O("dict_keys_object", "dk_size", ProbeDictKeysObject, dk_size);
  O("dict_keys_object", "dk_nentries", ProbeDictKeysObject, dk_nentries);
  O("dict_keys_object", "dk_indices", ProbeDictKeysObject, dk_indices);
  S("dict_entry", ProbeDictKeyEntry);
  O("dict_entry", "me_hash", ProbeDictKeyEntry, me_hash);
  O("dict_entry", "me_key", ProbeDictKeyEntry, me_key);
  O("dict_entry", "me_value", ProbeDictKeyEntry, me_value);
#  else
  S("dict_keys_object", PyDictKeysObject);
  O("dict_keys_object", "dk_log2_size", PyDictKeysObject, dk_log2_size);
  O("dict_keys_object", "dk_log2_index_bytes", PyDictKeysObject, dk_log2_index_bytes);
  O("dict_keys_object", "dk_kind", PyDictKeysObject, dk_kind);
  O("dict_keys_object", "dk_nentries", PyDictKeysObject, dk_nentries);
  O("dict_keys_object", "dk_indices", PyDictKeysObject, dk_indices);
  S("dict_entry", PyDictKeyEntry);
  O("dict_entry", "me_hash", PyDictKeyEntry, me_hash);
  O("dict_entry", "me_key", PyDictKeyEntry, me_key);
  O("dict_entry", "me_value", PyDictKeyEntry, me_value);
  S("dict_unicode_entry", PyDictUnicodeEntry);
  O("dict_unicode_entry", "me_key", PyDictUnicodeEntry, me_key);
  O("dict_unicode_entry", "me_value", PyDictUnicodeEntry, me_value);
  S("dict_values", struct _dictvalues);
  O("dict_values", "values", struct _dictvalues, values);
#  endif
#endif

  /* ---- constants (only those this version defines) ---- */
  C(Py_TPFLAGS_HEAPTYPE);
  C(Py_TPFLAGS_LONG_SUBCLASS);
  C(Py_TPFLAGS_LIST_SUBCLASS);
  C(Py_TPFLAGS_TUPLE_SUBCLASS);
  C(Py_TPFLAGS_BYTES_SUBCLASS);
  C(Py_TPFLAGS_UNICODE_SUBCLASS);
  C(Py_TPFLAGS_DICT_SUBCLASS);
#ifdef Py_TPFLAGS_INT_SUBCLASS
  C(Py_TPFLAGS_INT_SUBCLASS);
#endif
#ifdef Py_TPFLAGS_STRING_SUBCLASS
  C(Py_TPFLAGS_STRING_SUBCLASS);
#endif
#ifdef Py_TPFLAGS_MANAGED_DICT
  C(Py_TPFLAGS_MANAGED_DICT);
#endif
#ifdef Py_TPFLAGS_MANAGED_WEAKREF
  C(Py_TPFLAGS_MANAGED_WEAKREF);
#endif
#ifdef Py_TPFLAGS_INLINE_VALUES
  C(Py_TPFLAGS_INLINE_VALUES);
#endif
#ifdef MANAGED_DICT_OFFSET
  C(MANAGED_DICT_OFFSET);
#endif
#ifdef MANAGED_WEAKREF_OFFSET
  C(MANAGED_WEAKREF_OFFSET);
#endif
#if PYV == 311 || PYV == 312
  /* Slots the headers locate by pointer arithmetic, not by a macro: 3.11's values pointer and 3.12's
   * dict-or-values pointer. Measured by calling the header's own accessor on a fake object whose
   * type has Py_TPFLAGS_MANAGED_DICT (the accessor only asserts on the flag). */
  {
    static PyTypeObject fake_type_;
    static PyObject *fake_[8];
    PyObject *o_ = (PyObject *)&fake_[4];
    fake_type_.tp_flags = Py_TPFLAGS_MANAGED_DICT;
    o_->ob_type = &fake_type_;
#  if PYV == 311
    V("constants", "MANAGED_VALUES_OFFSET", (char *)_PyObject_ValuesPointer(o_) - (char *)o_);
#  else
    V("constants", "MANAGED_DICT_OFFSET", (char *)_PyObject_DictOrValuesPointer(o_) - (char *)o_);
#  endif
  }
#endif
#if PYV >= 311
  C(FRAME_OWNED_BY_THREAD);
  C(FRAME_OWNED_BY_GENERATOR);
  C(FRAME_OWNED_BY_FRAME_OBJECT);
#endif
#if PYV >= 312 && PYV <= 314
  C(FRAME_OWNED_BY_CSTACK);
#endif
#if PYV >= 314
  C(FRAME_OWNED_BY_INTERPRETER);
#endif
#ifdef Py_TAG_BITS
  C(Py_TAG_BITS);
#endif
#ifdef Py_TAG_DEFERRED
  C(Py_TAG_DEFERRED);
#endif
#ifdef CO_FAST_HIDDEN
  C(CO_FAST_HIDDEN);
#endif
#ifdef CO_FAST_LOCAL
  C(CO_FAST_LOCAL);
  C(CO_FAST_CELL);
  C(CO_FAST_FREE);
#endif
#ifdef _Py_THREAD_ATTACHED
  C(_Py_THREAD_DETACHED);
  C(_Py_THREAD_ATTACHED);
  C(_Py_THREAD_SUSPENDED);
#endif
#ifdef _PyLong_NON_SIZE_BITS
  C(_PyLong_NON_SIZE_BITS);
  C(_PyLong_SIGN_MASK);
#endif
  C(CO_VARARGS);
  C(CO_VARKEYWORDS);

  /* ---- _Py_DebugOffsets (3.13+): members are emitted by generate.mjs from the header ---- */
#if PYV >= 313
  S("debug_offsets", _Py_DebugOffsets);
  O("debug_offsets", "__runtime_debug_offsets", _PyRuntimeState, debug_offsets);
  /*@DEBUG_OFFSETS@*/
#endif
  return 0;
}
