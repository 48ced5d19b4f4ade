/**
 * The shape of one CPython layout table: byte offsets (and sizes) of the struct fields an
 * out-of-process reader needs, for one (minor version, build variant) of CPython on one ABI.
 *
 * Groups and field names follow CPython's own `_Py_DebugOffsets` (Include/internal/pycore_debug_offsets.h,
 * 3.13+) so that a table decoded from a live 3.13+ process and a table generated from headers have the
 * same shape. Groups and fields that `_Py_DebugOffsets` lacks (older versions, extra objects) use the
 * C field names of the struct they describe. A field a version does not have is `undefined`.
 *
 * All values are byte offsets from the start of the struct unless the comment says otherwise.
 */
export interface StructLayout {
  /** sizeof(the struct) */
  readonly size: number;
}

export interface RuntimeStateLayout extends StructLayout {
  /** _PyRuntimeState.interpreters.head (3.7+) */
  readonly interpreters_head?: number;
  /** _PyRuntimeState.gilstate.tstate_current (3.7–3.11): the GIL holder's thread state */
  readonly tstate_current?: number;
  /** _PyRuntimeState.ceval.gil (3.7–3.11): start of the embedded _gil_runtime_state */
  readonly ceval_gil?: number;
  readonly finalizing?: number;
  /** _PyRuntimeState.gc (3.7–3.8): the runtime-wide struct _gc_runtime_state */
  readonly gc?: number;
}

export interface InterpreterStateLayout extends StructLayout {
  readonly id?: number;
  readonly next: number;
  /** tstate_head (≤3.10) or threads.head (3.11+) */
  readonly threads_head: number;
  /** threads.main (3.12+) */
  readonly threads_main?: number;
  /** gc (3.9+): this interpreter's struct _gc_runtime_state */
  readonly gc?: number;
  /** modules (≤3.11) or imports.modules (3.12+): the sys.modules dict */
  readonly imports_modules: number;
  readonly sysdict?: number;
  readonly builtins?: number;
  /** ceval.gil (3.12+): pointer to this interpreter's _gil_runtime_state */
  readonly ceval_gil?: number;
  /** _gil (3.12+): the embedded _gil_runtime_state (used when own_gil) */
  readonly gil_runtime_state?: number;
}

export interface GilRuntimeStateLayout extends StructLayout {
  /** locked (an int / _Py_atomic_int) */
  readonly locked: number;
  /** last_holder: the PyThreadState* that last took the GIL */
  readonly last_holder: number;
  /** enabled (free-threaded builds): nonzero when the GIL is enabled at run time */
  readonly enabled?: number;
}

export interface ThreadStateLayout extends StructLayout {
  readonly prev?: number;
  readonly next: number;
  readonly interp: number;
  /** frame (≤3.10): PyFrameObject* */
  readonly frame?: number;
  /** cframe (3.11–3.12): _PyCFrame*; the current frame is at cframe + cframe.current_frame */
  readonly cframe?: number;
  /** current_frame (3.13+): _PyInterpreterFrame* */
  readonly current_frame?: number;
  /** thread_id: the pthread id (threading.get_ident()) */
  readonly thread_id: number;
  /** native_thread_id (3.11+ in the struct): the OS thread id */
  readonly native_thread_id?: number;
  /** datastack_chunk (3.11+): _PyStackChunk* holding the frames */
  readonly datastack_chunk?: number;
  readonly datastack_top?: number;
  readonly datastack_limit?: number;
  /** _status (3.12+): bitfield word; see `threadStatusBits` */
  readonly status?: number;
  /** state (3.13+): _Py_THREAD_DETACHED / ATTACHED / SUSPENDED */
  readonly state?: number;
  /** holds_gil (3.14+): an int, nonzero while the thread holds its interpreter's GIL */
  readonly holds_gil?: number;
  /** context (3.7+): the thread's current contextvars context (a PyContext*, NULL until first used) */
  readonly context?: number;
  /** gil_requested (3.15+): an int, nonzero while the thread waits in take_gil */
  readonly gil_requested?: number;
  /** exc_type (2.7, 3.6): the type of the exception being handled, NULL or None when none */
  readonly exc_type?: number;
  /** exc_info (3.7+): _PyErr_StackItem*, the top of the handled-exception stack */
  readonly exc_info?: number;
  /** exc_state (3.7+): the embedded _PyErr_StackItem at the bottom of that stack */
  readonly exc_state?: number;
}

/** PyContext (3.7+): a contextvars.Context; `ctx_vars` is replaced (not mutated) when a variable is set */
export interface ContextObjectLayout extends StructLayout {
  readonly ctx_prev: number;
  /** PyHamtObject* holding the context's variables (immutable) */
  readonly ctx_vars: number;
}

/** PyContextVar (3.7+) */
export interface ContextVarObjectLayout extends StructLayout {
  /** the name given to ContextVar() (a str) */
  readonly var_name: number;
  /** Py_hash_t: the variable's hash, the key of the HAMT lookup */
  readonly var_hash: number;
}

/** PyHamtObject (3.7+): an immutable mapping */
export interface HamtObjectLayout extends StructLayout {
  readonly h_root: number;
  readonly h_count: number;
}

/** PyHamtNode_Bitmap (Python/hamt.c): ob_size key/value slots, a NULL key meaning the value is a sub-node */
export interface HamtBitmapNodeLayout extends StructLayout {
  readonly ob_size: number;
  /** uint32 */
  readonly b_bitmap: number;
  readonly b_array: number;
}

/** PyHamtNode_Array (Python/hamt.c): 32 child-node slots */
export interface HamtArrayNodeLayout extends StructLayout {
  readonly a_array: number;
  readonly a_count: number;
}

/** PyHamtNode_Collision (Python/hamt.c): ob_size key/value slots sharing one 32-bit hash */
export interface HamtCollisionNodeLayout extends StructLayout {
  readonly ob_size: number;
  /** int32 */
  readonly c_hash: number;
  readonly c_array: number;
}

/** _PyErr_StackItem (3.7+): one level of the handled-exception stack */
export interface ErrStackItemLayout extends StructLayout {
  /** exc_type (3.7–3.10) */
  readonly exc_type?: number;
  /** exc_value: NULL or None when this level handles nothing */
  readonly exc_value: number;
  readonly previous_item: number;
}

/** struct _gc_runtime_state (3.7+) */
export interface GcRuntimeStateLayout extends StructLayout {
  /** collecting: an int, nonzero while a collection runs */
  readonly collecting: number;
}

/** _PyCFrame (3.11–3.12) */
export interface CFrameLayout extends StructLayout {
  readonly current_frame: number;
  readonly previous?: number;
}

/** PyFrameObject (≤3.10): the frame itself */
export interface FrameObjectLayout extends StructLayout {
  readonly f_back: number;
  readonly f_code: number;
  /** f_lasti: a byte offset (≤3.9) or an instruction index (3.10) */
  readonly f_lasti: number;
  readonly f_lineno: number;
  readonly f_localsplus: number;
}

/** _PyInterpreterFrame (3.11+) */
export interface InterpreterFrameLayout extends StructLayout {
  readonly previous: number;
  /** f_code (3.11–3.12), f_executable (3.13; 3.14+ a tagged _PyStackRef) */
  readonly executable: number;
  /** prev_instr (3.11–3.12) or instr_ptr (3.13+) */
  readonly instr_ptr: number;
  readonly localsplus: number;
  readonly owner: number;
  /** is_entry (3.11 only; from 3.12 an entry frame is owner == FRAME_OWNED_BY_CSTACK) */
  readonly is_entry?: number;
  /** stackpointer (3.14+) */
  readonly stackpointer?: number;
  /** tlbc_index (free-threaded 3.14+) */
  readonly tlbc_index?: number;
}

export interface CodeObjectLayout extends StructLayout {
  readonly filename: number;
  readonly name: number;
  /** co_qualname (3.11+) */
  readonly qualname?: number;
  /** co_lnotab (≤3.9) */
  readonly lnotab?: number;
  /** co_linetable (3.10+) */
  readonly linetable?: number;
  readonly firstlineno: number;
  readonly argcount: number;
  readonly posonlyargcount?: number;
  /** co_kwonlyargcount (3.x; Python 2 has none) */
  readonly kwonlyargcount?: number;
  readonly flags: number;
  readonly nlocals: number;
  /** co_tlbc (free-threaded 3.14+): per-thread bytecode copies */
  readonly co_tlbc?: number;
  /** co_nlocalsplus (3.11+) */
  readonly nlocalsplus?: number;
  /** co_varnames (≤3.10) */
  readonly varnames?: number;
  /** co_localsplusnames (3.11+) */
  readonly localsplusnames?: number;
  /** co_localspluskinds (3.11+) */
  readonly localspluskinds?: number;
  /** co_code (≤3.10): the bytes object */
  readonly code?: number;
  /** co_code_adaptive (3.11+): the instructions start here, inside the code object */
  readonly co_code_adaptive?: number;
}

export interface PyObjectLayout extends StructLayout {
  /** ob_refcnt (GIL builds; free-threaded builds split it into ob_ref_local/ob_ref_shared) */
  readonly ob_refcnt?: number;
  readonly ob_type: number;
  /** ob_tid (free-threaded builds) */
  readonly ob_tid?: number;
  /** free-threaded builds: uint32 local and Py_ssize_t shared reference counts */
  readonly ob_ref_local?: number;
  readonly ob_ref_shared?: number;
}

export interface TypeObjectLayout extends StructLayout {
  readonly tp_name: number;
  readonly tp_basicsize: number;
  readonly tp_flags: number;
  readonly tp_dictoffset: number;
  readonly tp_repr?: number;
}

export interface HeapTypeObjectLayout extends StructLayout {
  /** ht_cached_keys (3.6+): PyDictKeysObject* shared by instances' managed dicts */
  readonly ht_cached_keys?: number;
}

export interface VarSizeObjectLayout extends StructLayout {
  readonly ob_size: number;
}

/** PyTupleObject / PyListObject: ob_item is the inline array (tuple) or the PyObject** (list) */
export interface SequenceObjectLayout extends VarSizeObjectLayout {
  readonly ob_item: number;
}

/** PyBytesObject (and Python 2's PyStringObject): the characters start at ob_sval */
export interface BytesObjectLayout extends VarSizeObjectLayout {
  readonly ob_sval: number;
}

/** PyASCIIObject / PyCompactUnicodeObject / PyUnicodeObject (3.3+) */
export interface UnicodeObjectLayout extends StructLayout {
  /** sizeof(PyASCIIObject): compact ASCII data starts here */
  readonly asciiobject_size: number;
  /** sizeof(PyCompactUnicodeObject): compact non-ASCII data starts here */
  readonly compactobject_size: number;
  readonly length: number;
  /** the `state` bitfield word; see `unicodeStateBits` */
  readonly state: number;
  /** PyUnicodeObject.data (legacy, non-compact strings) */
  readonly data: number;
  readonly hash?: number;
}

/** Python 2 str (PyStringObject) */
export interface StringObjectLayout extends BytesObjectLayout {
  readonly ob_shash: number;
  readonly ob_sstate: number;
}

/** Python 2 unicode object (PyUnicodeObject of 2.7) */
export interface Py2UnicodeObjectLayout extends StructLayout {
  readonly length: number;
  /** Py_UNICODE* */
  readonly str: number;
  /** sizeof(Py_UNICODE): 2 or 4 */
  readonly unicode_size: number;
}

export interface LongObjectLayout extends StructLayout {
  /** ob_size (≤3.11) or lv_tag (3.12+) */
  readonly lv_tag: number;
  readonly ob_digit: number;
  /** PyLong_SHIFT (value, not an offset) */
  readonly digit_bits: number;
  /** sizeof(digit) (value, not an offset) */
  readonly digit_size: number;
}

export interface DictObjectLayout extends StructLayout {
  readonly ma_used: number;
  /** ma_keys (3.x) */
  readonly ma_keys?: number;
  readonly ma_values?: number;
  /** Python 2 / ≤3.5: ma_mask, ma_table */
  readonly ma_mask?: number;
  readonly ma_table?: number;
}

export interface DictKeysObjectLayout extends StructLayout {
  /** dk_size (3.6–3.10) */
  readonly dk_size?: number;
  /** dk_log2_size (3.11+), a uint8 */
  readonly dk_log2_size?: number;
  /** dk_log2_index_bytes (3.11+), a uint8 */
  readonly dk_log2_index_bytes?: number;
  /** dk_kind (3.11+), a uint8: 0 general, 1 unicode, 2 split */
  readonly dk_kind?: number;
  readonly dk_nentries: number;
  /** dk_indices: the index table starts here (entries follow it) */
  readonly dk_indices: number;
}

export interface DictEntryLayout extends StructLayout {
  readonly me_key: number;
  readonly me_value: number;
  readonly me_hash?: number;
}

/** _dictvalues (3.13+): managed / inline values */
export interface DictValuesLayout extends StructLayout {
  readonly values: number;
}

/** _PyStackChunk (3.11+) */
export interface StackChunkLayout extends StructLayout {
  readonly previous: number;
  /** sizeof(_PyStackChunk), like every group's `size` (NOT the offset of the `size` member: see chunk_size) */
  readonly size: number;
  /** offset of the chunk's own `size` member (its byte length) */
  readonly chunk_size: number;
  readonly top: number;
  readonly data: number;
}

/** Bit positions (not offsets) inside PyASCIIObject.state */
export interface UnicodeStateBits {
  readonly interned_shift: number;
  readonly interned_bits: number;
  readonly kind_shift: number;
  readonly kind_bits: number;
  readonly compact_shift: number;
  readonly compact_bits: number;
  readonly ascii_shift: number;
  readonly ascii_bits: number;
  /** `ready` (3.3–3.11) */
  readonly ready_shift?: number;
  readonly ready_bits?: number;
  /** `statically_allocated` (3.12+) */
  readonly statically_allocated_shift?: number;
  readonly statically_allocated_bits?: number;
}

/** Values of C constants and macros the reader needs (not offsets). */
export interface LayoutConstants {
  readonly Py_TPFLAGS_HEAPTYPE: number;
  readonly CO_VARARGS: number;
  readonly CO_VARKEYWORDS: number;
  readonly Py_TPFLAGS_LONG_SUBCLASS: number;
  readonly Py_TPFLAGS_LIST_SUBCLASS: number;
  readonly Py_TPFLAGS_TUPLE_SUBCLASS: number;
  readonly Py_TPFLAGS_BYTES_SUBCLASS: number;
  readonly Py_TPFLAGS_UNICODE_SUBCLASS: number;
  readonly Py_TPFLAGS_DICT_SUBCLASS: number;
  /** Python 2 only */
  readonly Py_TPFLAGS_INT_SUBCLASS?: number;
  readonly Py_TPFLAGS_STRING_SUBCLASS?: number;
  /** 3.11+ */
  readonly Py_TPFLAGS_MANAGED_DICT?: number;
  /** 3.13+ */
  readonly Py_TPFLAGS_INLINE_VALUES?: number;
  /** MANAGED_DICT_OFFSET (3.11+, negative: from the object start) */
  readonly MANAGED_DICT_OFFSET?: number;
  /** 3.11 only: offset of the PyDictValues* slot of a managed-dict object (negative) */
  readonly MANAGED_VALUES_OFFSET?: number;
  /** 3.12+ */
  readonly Py_TPFLAGS_MANAGED_WEAKREF?: number;
  /** MANAGED_WEAKREF_OFFSET (3.12+, negative: from the object start) */
  readonly MANAGED_WEAKREF_OFFSET?: number;
  /** lv_tag bits (3.12+): the low bits hold the sign, the rest the digit count */
  readonly _PyLong_NON_SIZE_BITS?: number;
  readonly _PyLong_SIGN_MASK?: number;
  /** _PyInterpreterFrame.owner values (3.11+) */
  readonly FRAME_OWNED_BY_THREAD?: number;
  readonly FRAME_OWNED_BY_GENERATOR?: number;
  readonly FRAME_OWNED_BY_FRAME_OBJECT?: number;
  readonly FRAME_OWNED_BY_CSTACK?: number;
  readonly FRAME_OWNED_BY_INTERPRETER?: number;
  /** Tag bits of a _PyStackRef (3.14+): mask them off to get the object pointer */
  readonly Py_TAG_BITS?: number;
  /** Py_TAG_DEFERRED (3.14+): a deferred-refcount _PyStackRef */
  readonly Py_TAG_DEFERRED?: number;
  /** CO_* kinds in co_localspluskinds (3.11+) */
  readonly CO_FAST_LOCAL?: number;
  readonly CO_FAST_CELL?: number;
  readonly CO_FAST_FREE?: number;
  /** CO_FAST_HIDDEN (3.12+): comprehension-inlined locals */
  readonly CO_FAST_HIDDEN?: number;
  /** PyThreadState.state values (3.13+) */
  readonly _Py_THREAD_DETACHED?: number;
  readonly _Py_THREAD_ATTACHED?: number;
  readonly _Py_THREAD_SUSPENDED?: number;
}

/** What every table has, whatever the version. */
export interface LayoutCommon {
  /** e.g. "v3_12", "v3_13t", "v3_14d", "v3_13_0to2" (patch split) */
  readonly key: string;
  readonly major: number;
  readonly minor: number;
  /** inclusive patch range this table is valid for (undefined: every patch) */
  readonly patchMin?: number;
  readonly patchMax?: number;
  readonly freeThreaded: boolean;
  readonly debug: boolean;
  readonly pointerSize: number;
  /** the interpreter the table was generated from, e.g. "3.12.1 (pyenv)" */
  readonly generatedFrom: string;

  readonly runtime_state?: RuntimeStateLayout;
  readonly interpreter_state: InterpreterStateLayout;
  readonly gil_runtime_state?: GilRuntimeStateLayout;
  readonly thread_state: ThreadStateLayout;
  readonly err_stackitem?: ErrStackItemLayout;
  readonly gc_runtime_state?: GcRuntimeStateLayout;
  /** the line table is co_lnotab (≤3.9) or co_linetable (3.10+): exactly one of them */
  readonly code_object: CodeObjectLayout & LineTableField;
  readonly pyobject: PyObjectLayout;
  readonly type_object: TypeObjectLayout;
  readonly heap_type_object: HeapTypeObjectLayout;
  readonly tuple_object: SequenceObjectLayout;
  readonly list_object: SequenceObjectLayout;
  readonly bytes_object: BytesObjectLayout;
  readonly long_object: LongObjectLayout;
  readonly float_object: StructLayout & { readonly ob_fval: number };
  readonly dict_object: DictObjectLayout;
  /** PyDictKeyEntry (3.6+), or PyDictEntry (2.7/≤3.5 ma_table entries) */
  readonly dict_entry: DictEntryLayout;
  readonly constants: LayoutConstants;
}

export type LineTableField =
  | { readonly lnotab: number; readonly linetable?: undefined }
  | { readonly linetable: number; readonly lnotab?: undefined };

// ---------------------------------------------------------------------------------------------
// Features: each table is tagged (by the generator, from the groups its headers have) with one
// member of every union below, so a reader narrows once (`if (L.frames === 'frame-object')`) and
// then every field of that model is a plain number: version checks live here, with the layout.

/** ≤3.10: the stack is a chain of heap PyFrameObjects from tstate->frame. */
export interface FrameObjectFrames {
  readonly frames: 'frame-object';
  readonly currentFrame?: undefined;
  /** What f_lasti counts: bytes into co_code (≤3.9), 2-byte code units (3.10). */
  readonly lasti: 'bytes' | 'code-units';
  readonly frame_object: FrameObjectLayout;
  readonly thread_state: ThreadStateLayout & { readonly frame: number };
  readonly code_object: { readonly varnames: number; readonly code: number };
}

/** The _PyInterpreterFrame.owner values every 3.11+ version has. */
export interface FrameOwnerConstants {
  readonly FRAME_OWNED_BY_THREAD: number;
  readonly FRAME_OWNED_BY_GENERATOR: number;
  readonly FRAME_OWNED_BY_FRAME_OBJECT: number;
}

/** 3.11+: the stack is a chain of _PyInterpreterFrames in the thread's data-stack chunks. */
export interface InterpreterFramesCommon {
  readonly frames: 'interpreter-frame';
  readonly lasti?: undefined;
  readonly interpreter_frame: InterpreterFrameLayout;
  readonly stack_chunk: StackChunkLayout;
  readonly thread_state: ThreadStateLayout & {
    readonly native_thread_id: number;
    readonly datastack_chunk: number;
    readonly datastack_top: number;
    readonly datastack_limit: number;
  };
  readonly code_object: {
    readonly qualname: number;
    readonly co_code_adaptive: number;
    readonly nlocalsplus: number;
    readonly localsplusnames: number;
    readonly localspluskinds: number;
  };
  readonly constants: FrameOwnerConstants & {
    readonly CO_FAST_LOCAL: number;
    readonly CO_FAST_CELL: number;
    readonly CO_FAST_FREE: number;
  };
}

/** 3.11–3.12: the innermost frame is tstate->cframe->current_frame. */
export interface CFrameFrames extends InterpreterFramesCommon {
  readonly currentFrame: 'cframe';
  readonly cframe: CFrameLayout;
  readonly thread_state: InterpreterFramesCommon['thread_state'] & { readonly cframe: number };
}

/** 3.13+: the innermost frame is tstate->current_frame. */
export interface ThreadStateFrames extends InterpreterFramesCommon {
  readonly currentFrame: 'thread-state';
  readonly thread_state: InterpreterFramesCommon['thread_state'] & { readonly current_frame: number };
}

export type FramesFeature = FrameObjectFrames | CFrameFrames | ThreadStateFrames;
/** A layout whose frames are _PyInterpreterFrames (3.11+). */
export type InterpreterFramesFeature = CFrameFrames | ThreadStateFrames;

/** Python 2: str is PyStringObject, unicode has no compact forms, ints are PyIntObject, dicts are one table. */
export interface Py2Objects {
  readonly major: 2;
  readonly objects: 'py2';
  readonly dicts: 'table';
  readonly string_object: StringObjectLayout;
  readonly py2_unicode_object: Py2UnicodeObjectLayout;
  /** Python 2 int: ob_ival */
  readonly int_object: StructLayout & { readonly ob_ival: number };
  readonly dict_object: { readonly ma_mask: number; readonly ma_table: number };
  readonly constants: { readonly Py_TPFLAGS_INT_SUBCLASS: number; readonly Py_TPFLAGS_STRING_SUBCLASS: number };
}

/** Python 3 (3.3+): PEP 393 strings, dicts with a keys object. */
interface Py3ObjectsCommon {
  readonly major: 3;
  readonly objects: 'py3';
  readonly unicode_object: UnicodeObjectLayout;
  readonly unicode_state_bits: UnicodeStateBits;
  readonly dict_object: { readonly ma_keys: number; readonly ma_values: number };
  readonly heap_type_object: { readonly ht_cached_keys: number };
}

/** 3.6–3.10: PyDictKeysObject.dk_size, index width from the size. */
export interface Py3SizedKeysObjects extends Py3ObjectsCommon {
  readonly dicts: 'sized-keys';
  readonly dict_keys_object: DictKeysObjectLayout & { readonly dk_size: number };
}

/** 3.11+: dk_log2_size / dk_log2_index_bytes / dk_kind; unicode-keyed dicts use PyDictUnicodeEntry. */
export interface Py3KindedKeysObjects extends Py3ObjectsCommon {
  readonly dicts: 'kinded-keys';
  readonly dict_keys_object: DictKeysObjectLayout & {
    readonly dk_log2_size: number;
    readonly dk_log2_index_bytes: number;
    readonly dk_kind: number;
  };
  readonly dict_unicode_entry: DictEntryLayout;
  readonly dict_values: DictValuesLayout;
}

export type ObjectsFeature = Py2Objects | Py3SizedKeysObjects | Py3KindedKeysObjects;

/** Where an instance keeps its attributes when its type has Py_TPFLAGS_MANAGED_DICT (3.11+). */
export type ManagedDictFeature =
  /** ≤3.10: only tp_dictoffset */
  | { readonly managedDict: 'none' }
  /** 3.11: a dict pointer at MANAGED_DICT_OFFSET, else a values pointer at MANAGED_VALUES_OFFSET */
  | {
    readonly managedDict: 'dict-or-values-slots';
    readonly constants: { readonly Py_TPFLAGS_MANAGED_DICT: number; readonly MANAGED_DICT_OFFSET: number; readonly MANAGED_VALUES_OFFSET: number };
  }
  /** 3.12: one slot at MANAGED_DICT_OFFSET, a dict pointer or (odd, tagged) a values pointer */
  | {
    readonly managedDict: 'tagged-slot';
    readonly constants: { readonly Py_TPFLAGS_MANAGED_DICT: number; readonly MANAGED_DICT_OFFSET: number };
  }
  /** 3.13+: a dict pointer at MANAGED_DICT_OFFSET, else values inline after tp_basicsize (Py_TPFLAGS_INLINE_VALUES) */
  | {
    readonly managedDict: 'inline-values';
    readonly constants: {
      readonly Py_TPFLAGS_MANAGED_DICT: number; readonly MANAGED_DICT_OFFSET: number; readonly Py_TPFLAGS_INLINE_VALUES: number;
    };
  };

/** contextvars (3.7+): a thread's context, the HAMT holding its variables. */
export type ContextvarsFeature =
  | { readonly contextvars: false }
  | {
    readonly contextvars: true;
    readonly thread_state: { readonly context: number };
    readonly context_object: ContextObjectLayout;
    readonly context_var_object: ContextVarObjectLayout;
    readonly hamt_object: HamtObjectLayout;
    readonly hamt_bitmap_node: HamtBitmapNodeLayout;
    readonly hamt_array_node: HamtArrayNodeLayout;
    readonly hamt_collision_node: HamtCollisionNodeLayout;
  };

/** How an int's size and sign are stored. */
export type LongsFeature =
  /** ≤3.11 (and Python 2's long): `ob_size`, negative for negative ints */
  | { readonly longs: 'ob-size' }
  /** 3.12+: `lv_tag`, the digit count above the low `_PyLong_NON_SIZE_BITS` bits that hold the sign */
  | { readonly longs: 'lv-tag'; readonly constants: { readonly _PyLong_NON_SIZE_BITS: number; readonly _PyLong_SIGN_MASK: number } };

/** Which thread holds the GIL and where the GIL itself is (free-threaded builds: their base's, but no GIL is read). */
export type GilModel =
  /** 2.7: the holder is the `_PyThreadState_Current` static; the GIL is a semaphore behind `interpreter_lock` */
  | 'interpreter-lock'
  /** 3.6: the holder is `_PyThreadState_Current`; the GIL is the statics of Python/ceval_gil.h */
  | 'ceval-statics'
  /** 3.7–3.11: the holder is `_PyRuntime.gilstate.tstate_current`; one GIL at `_PyRuntime.ceval.gil` */
  | 'runtime'
  /** 3.12+: each interpreter's own GIL at `interp->ceval.gil` (`locked`, `last_holder`) */
  | 'per-interpreter';

/** The format of a code object's line table. */
export type LineTableFormat =
  /** 2.7: co_lnotab, unsigned line increments */
  | 'lnotab-unsigned'
  /** 3.6–3.9: co_lnotab, signed line increments */
  | 'lnotab-signed'
  /** 3.10: co_linetable, (bytecode delta, line delta) pairs, -128 for no line */
  | 'linetable-310'
  /** 3.11+: co_linetable, the location table (PEP 657) */
  | 'location-table';

/**
 * Facts of the version that are plain values, not unions (their fields are found the usual way):
 * where the GIL is, stack-reference tags, the line-table format, the eval loop's name.
 */
export interface VersionFacts {
  readonly gil: GilModel;
  /**
   * Low bits of a _PyStackRef (frame executable, locals, task fields) that are tags to mask off:
   * 0 ≤3.12 (plain pointers), Py_TAG_DEFERRED on 3.13, Py_TAG_BITS from 3.14.
   */
  readonly stackRefTagBits: number;
  readonly lineTable: LineTableFormat;
  /** The C function whose frames stand for Python frames in a native stack (2.7: PyEval_EvalFrameEx; 3.x: its wrapper's callee). */
  readonly evalFrame: 'PyEval_EvalFrameEx' | '_PyEval_EvalFrameDefault';
}

/** A layout with contextvars (3.7+). */
export type ContextvarsLayout = Extract<PythonLayout, { readonly contextvars: true }>;
/** A layout of 3.11+ (interpreter frames). */
export type InterpreterFramesLayout = Extract<PythonLayout, { readonly frames: 'interpreter-frame' }>;
/** A layout of ≤3.10 (frame objects). */
export type FrameObjectsLayout = Extract<PythonLayout, { readonly frames: 'frame-object' }>;

/**
 * One CPython layout table: the common groups plus one member of each feature union. Groups and
 * fields outside the features that only some versions have stay optional (readers test them).
 */
export type PythonLayout = LayoutCommon & FramesFeature & ObjectsFeature & ManagedDictFeature & ContextvarsFeature & LongsFeature
  & VersionFacts;
