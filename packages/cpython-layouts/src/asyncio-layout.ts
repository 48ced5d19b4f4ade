/**
 * What an out-of-process reader needs to find asyncio tasks and follow their coroutines, per CPython
 * minor version (x86_64, 64-bit pointers).
 *
 * No CPython header describes these structs: `FutureObj`/`TaskObj` live in Modules/_asynciomodule.c
 * and the value-stack fields of suspended coroutine frames are interpreter internals. So these tables
 * are hand-written from the C sources and each one is checked against live processes
 * (test/asyncio-layouts.test.ts reads a task, its coroutine chain, a weakref, a set, a closure cell,
 * bound methods and a functools.partial out of a running interpreter and compares them with `id()`s
 * the target printed). From 3.14 CPython exports the task offsets itself (`.AsyncioDebug`, see
 * `decodeAsyncioDebugOffsets`), which override the task fields of these tables.
 */
import { deepFreeze } from './freeze.js';

/** C `FutureObj` (the head shared with `TaskObj`). */
export interface AsyncioFutureLayout {
  /** sizeof(FutureObj): `_asyncio.Future.__basicsize__` */
  readonly size: number;
  readonly loop: number;
  readonly callback0: number;
  readonly context0: number;
  /** a list of (callback, context) tuples, or NULL */
  readonly callbacks: number;
  /** `fut_state` (an int): 0 pending, 1 cancelled, 2 finished */
  readonly state: number;
  /** 3.14+ (see AsyncioAwaitedByLayout) */
  readonly awaited_by?: number;
  readonly awaited_by_is_set?: number;
  readonly is_task?: number;
}

/** 3.14+ `FutureObj`: who awaits the future is recorded in it. */
export interface AsyncioAwaitedByLayout {
  /** `fut_awaited_by`: one future, or a set when `awaited_by_is_set` */
  readonly awaited_by: number;
  /** a byte */
  readonly awaited_by_is_set: number;
  /** `fut_is_task`, a byte */
  readonly is_task: number;
}

/** C `TaskObj` (after the future head). */
export interface AsyncioTaskLayout {
  /** sizeof(TaskObj): `_asyncio.Task.__basicsize__` */
  readonly size: number;
  readonly fut_waiter: number;
  readonly coro: number;
  /** `task_name` (3.8+): a str, or from 3.12 the int counter of an unnamed task ("Task-N") */
  readonly name?: number;
  /** 3.14+: `task_node` (see AsyncioTaskListsFeature) */
  readonly node?: number;
  /** `task_context`: the contextvars context the task's steps run in (right after `task_name`; after `task_coro` on 3.7) */
  readonly context: number;
}

/** What every coroutine layout has: how to tell that a frame is suspended in `await`. */
interface AsyncioCoroutineCommon {
  /** frame states (f_state / gi_frame_state) of a frame suspended in `await`; ≤3.9: none (f_stacktop != NULL) */
  readonly suspendedStates: readonly number[];
  /** the awaited object is the n-th value from the top of the suspended frame's value stack */
  readonly awaitedFromTop: number;
}

/**
 * Coroutine (generator) objects and the frame fields that say what a suspended one awaits, one
 * member per era (`kind`), so a reader narrows once.
 */
export type AsyncioCoroutineLayout =
  /** 3.7–3.9: `gi_frame` (a PyFrameObject*); `f_valuestack`, `f_stacktop` (PyObject**, NULL while the frame runs) */
  | AsyncioCoroutineCommon & {
    readonly kind: 'frame-stacktop';
    readonly gi_frame: number;
    readonly f_valuestack: number;
    readonly f_stacktop: number;
  }
  /** 3.10: `gi_frame`; `f_valuestack`, `f_stackdepth` (int), `f_state` (int8) */
  | AsyncioCoroutineCommon & {
    readonly kind: 'frame-stackdepth';
    readonly gi_frame: number;
    readonly f_valuestack: number;
    readonly f_stackdepth: number;
    readonly f_state: number;
  }
  /** 3.11–3.13: the embedded `_PyInterpreterFrame gi_iframe`, `gi_frame_state` (int8), the frame's `stacktop` (int, an index into localsplus) */
  | AsyncioCoroutineCommon & {
    readonly kind: 'iframe-stacktop';
    readonly gi_iframe: number;
    readonly gi_frame_state: number;
    readonly stacktop: number;
  }
  /** 3.14+: `gi_iframe`, `gi_frame_state`; the value stack ends at the frame's `stackpointer` (in the interpreter layout) */
  | AsyncioCoroutineCommon & {
    readonly kind: 'iframe-stackpointer';
    readonly gi_iframe: number;
    readonly gi_frame_state: number;
  };

/** Objects the task graph passes through: registries, callbacks and their closures. */
export interface AsyncioObjectsLayout {
  /** PySetObject: `used`, `mask`, `table`; a setentry is {key, hash} */
  readonly set_used: number;
  readonly set_mask: number;
  readonly set_table: number;
  readonly set_entry_size: number;
  /** PyWeakReference.wr_object */
  readonly weakref_object: number;
  /** PyTypeObject.tp_base */
  readonly type_base: number;
  /** PyCFunctionObject.m_self (3.10+ `task_wakeup` is a builtin method whose self is the task) */
  readonly cfunction_self: number;
  /** TaskWakeupMethWrapper.ww_task (≤3.9, see AsyncioLayout's `wakeup`) */
  readonly wakeup_wrapper_task?: number;
  /** PyMethodObject: im_func, im_self */
  readonly method_func: number;
  readonly method_self: number;
  /** PyFunctionObject.func_closure (a tuple of cells) */
  readonly function_closure: number;
  /** PyCellObject.ob_ref */
  readonly cell_ref: number;
  /** functools.partial: fn, args */
  readonly partial_fn: number;
  readonly partial_args: number;
  /**
   * collections.deque (an asyncio.Queue's waiting getters, which as_completed() waits on): ob_size,
   * leftblock, leftindex; a block is {leftlink, data[deque_blocklen], rightlink}
   */
  readonly deque_size: number;
  readonly deque_leftblock: number;
  readonly deque_leftindex: number;
  readonly deque_block_data: number;
  readonly deque_block_rightlink: number;
  readonly deque_blocklen: number;
}

/** 3.14+: where the per-thread task lists hang (`_PyThreadStateImpl`, `PyInterpreterState`). */
export interface AsyncioTaskListsLayout {
  readonly thread_tasks_head: number;
  readonly thread_running_loop: number;
  readonly thread_running_task: number;
  readonly interp_tasks_head: number;
}

export interface AsyncioLayoutCommon {
  /** e.g. "v3_12", "v3_10_early", "v3_13t" */
  readonly key: string;
  readonly major: number;
  readonly minor: number;
  readonly freeThreaded: boolean;
  /** which interpreters the table was checked against (or how it was derived) */
  readonly checkedOn: string;
  /** ≤3.11: `asyncio.tasks._all_tasks`; 3.12+: `_scheduled_tasks` and `_eager_tasks` (registry names in the module dict) */
  readonly registries: readonly string[];
  readonly future: AsyncioFutureLayout;
  readonly task: AsyncioTaskLayout;
  readonly coroutine: AsyncioCoroutineLayout;
  readonly objects: AsyncioObjectsLayout;
}

/** How a task's wakeup callback identifies it: a TaskWakeupMethWrapper (≤3.9) or a builtin method (3.10+). */
export type AsyncioWakeupFeature =
  | { readonly wakeup: 'wrapper'; readonly objects: { readonly wakeup_wrapper_task: number } }
  | { readonly wakeup: 'cfunction' };

/**
 * 3.14+: every task is on a list (the thread's or the interpreter's) threaded through
 * `TaskObj.task_node` (a struct llist_node {next, prev}), and a task records who awaits it.
 */
export type AsyncioTaskListsFeature =
  | { readonly taskLists?: undefined }
  | {
    readonly taskLists: AsyncioTaskListsLayout;
    readonly future: AsyncioAwaitedByLayout;
    readonly task: { readonly node: number };
  };

/** One asyncio table: the common part, one coroutine era, and one member of each feature. */
export type AsyncioLayout = AsyncioLayoutCommon & AsyncioWakeupFeature & AsyncioTaskListsFeature;
/** An asyncio table of 3.14+ (task lists). */
export type AsyncioListsLayout = Extract<AsyncioLayout, { readonly taskLists: AsyncioTaskListsLayout }>;

const GIL_OBJECTS: AsyncioObjectsLayout = {
  set_used: 24, set_mask: 32, set_table: 40, set_entry_size: 16, weakref_object: 16, type_base: 256,
  cfunction_self: 24, method_func: 16, method_self: 24, function_closure: 72, cell_ref: 16, partial_fn: 16, partial_args: 24,
  deque_size: 16, deque_leftblock: 24, deque_leftindex: 40, deque_block_data: 8, deque_block_rightlink: 8 + 64 * 8, deque_blocklen: 64,
};
/** Free-threaded builds: PyObject is 32 bytes, so every field after the header moves by 16. */
const FT_OBJECTS: AsyncioObjectsLayout = {
  set_used: 40, set_mask: 48, set_table: 56, set_entry_size: 16, weakref_object: 32, type_base: 272,
  cfunction_self: 40, method_func: 32, method_self: 40, function_closure: 88, cell_ref: 32, partial_fn: 32, partial_args: 40,
  deque_size: 32, deque_leftblock: 40, deque_leftindex: 56, deque_block_data: 8, deque_block_rightlink: 8 + 64 * 8, deque_blocklen: 64,
};
/** ≤3.9 PyFunctionObject starts with func_code, func_globals, func_defaults, func_kwdefaults, func_closure. */
const OBJECTS_37: AsyncioObjectsLayout & { readonly wakeup_wrapper_task: number } = { ...GIL_OBJECTS, function_closure: 48, wakeup_wrapper_task: 16 };

const ALL_TASKS = ['_all_tasks'] as const;
const SCHEDULED = ['_scheduled_tasks', '_eager_tasks'] as const;
const HEAD = { loop: 16, callback0: 24, context0: 32, callbacks: 40 } as const;
const FT_HEAD = { loop: 32, callback0: 40, context0: 48, callbacks: 56 } as const;
const FRAME_37 = { kind: 'frame-stacktop', gi_frame: 16, f_valuestack: 64, f_stacktop: 72, suspendedStates: [], awaitedFromTop: 1 } as const;
/** 3.10 (both heads): frame objects with a stack depth and a state byte */
const FRAME_310 = { kind: 'frame-stackdepth', gi_frame: 16, f_valuestack: 64, f_stackdepth: 80, f_state: 108, suspendedStates: [-1], awaitedFromTop: 1 } as const;
/** 3.11 and 3.12 share the Future and Task objects */
const FUTURE_311 = { size: 128, ...HEAD, state: 88 } as const;
const TASK_311 = { size: 176, fut_waiter: 128, coro: 136, name: 144, context: 152 } as const;
/** 3.14 and 3.15 share the Future and Task objects (with the awaited-by record and the task-list node) */
const FUTURE_314 = { size: 112, ...HEAD, state: 104, awaited_by: 96, is_task: 108, awaited_by_is_set: 109 } as const;
const TASK_314 = { size: 168, fut_waiter: 120, coro: 128, name: 136, node: 152, context: 144 } as const;
/** 3.11–3.12: FRAME_SUSPENDED (-1) covers every suspension; what is awaited is checked by type */
const SUSPENDED_311 = [-1] as const;
/** 3.13–3.14: FRAME_SUSPENDED_YIELD_FROM (-1) */
const SUSPENDED_313 = [-1] as const;

// A table kept on purpose (like src/gen/): one entry per version in the same shape, which the
// duplicates tool reports as neighbouring pairs.
const tables: readonly AsyncioLayout[] = deepFreeze<AsyncioLayout[]>([
  {
    key: 'v3_7', major: 3, minor: 7, freeThreaded: false, checkedOn: '3.7.16', registries: ALL_TASKS, wakeup: 'wrapper',
    future: { size: 104, ...HEAD, state: 72 },
    task: { size: 136, fut_waiter: 104, coro: 112, context: 120 },
    coroutine: FRAME_37, objects: OBJECTS_37,
  },
  {
    key: 'v3_8', major: 3, minor: 8, freeThreaded: false, checkedOn: '3.8.18', registries: ALL_TASKS, wakeup: 'wrapper',
    future: { size: 104, ...HEAD, state: 72 },
    task: { size: 144, fut_waiter: 104, coro: 112, name: 120, context: 128 },
    coroutine: FRAME_37, objects: OBJECTS_37,
  },
  {
    key: 'v3_9', major: 3, minor: 9, freeThreaded: false, checkedOn: '3.9.18', registries: ALL_TASKS, wakeup: 'wrapper',
    future: { size: 144, ...HEAD, state: 80 },
    task: { size: 184, fut_waiter: 144, coro: 152, name: 160, context: 168 },
    coroutine: FRAME_37, objects: OBJECTS_37,
  },
  {
    // 3.10.0 up to the bpo-45924 backport: the 3.9 head (Future.__basicsize__ 144)
    key: 'v3_10_early', major: 3, minor: 10, freeThreaded: false, checkedOn: 'derived from v3_9 (3.10 before fut_exception_tb)', registries: ALL_TASKS, wakeup: 'cfunction',
    future: { size: 144, ...HEAD, state: 80 },
    task: { size: 184, fut_waiter: 144, coro: 152, name: 160, context: 168 },
    coroutine: FRAME_310,
    objects: GIL_OBJECTS,
  },
  {
    key: 'v3_10', major: 3, minor: 10, freeThreaded: false, checkedOn: '3.10.13', registries: ALL_TASKS, wakeup: 'cfunction',
    future: { size: 152, ...HEAD, state: 88 },
    task: { size: 192, fut_waiter: 152, coro: 160, name: 168, context: 176 },
    coroutine: FRAME_310,
    objects: GIL_OBJECTS,
  },
  {
    key: 'v3_11', major: 3, minor: 11, freeThreaded: false, checkedOn: '3.11.7, 3.11.2 (Debian)', registries: ALL_TASKS, wakeup: 'cfunction',
    future: FUTURE_311, task: TASK_311,
    coroutine: { kind: 'iframe-stacktop', gi_iframe: 80, gi_frame_state: 75, stacktop: 64, suspendedStates: SUSPENDED_311, awaitedFromTop: 1 },
    objects: GIL_OBJECTS,
  },
  {
    key: 'v3_12', major: 3, minor: 12, freeThreaded: false, checkedOn: '3.12.1', registries: SCHEDULED, wakeup: 'cfunction',
    future: FUTURE_311, task: TASK_311,
    coroutine: { kind: 'iframe-stacktop', gi_iframe: 72, gi_frame_state: 67, stacktop: 64, suspendedStates: SUSPENDED_311, awaitedFromTop: 1 },
    objects: GIL_OBJECTS,
  },
  {
    key: 'v3_13', major: 3, minor: 13, freeThreaded: false, checkedOn: '3.13.0, 3.13.18 (Debian sid)', registries: SCHEDULED, wakeup: 'cfunction',
    future: { size: 104, ...HEAD, state: 96 },
    task: { size: 144, fut_waiter: 112, coro: 120, name: 128, context: 136 },
    coroutine: { kind: 'iframe-stacktop', gi_iframe: 72, gi_frame_state: 67, stacktop: 64, suspendedStates: SUSPENDED_313, awaitedFromTop: 1 },
    objects: GIL_OBJECTS,
  },
  {
    key: 'v3_13t', major: 3, minor: 13, freeThreaded: true, checkedOn: '3.13.15t (source build)', registries: SCHEDULED, wakeup: 'cfunction',
    future: { size: 120, ...FT_HEAD, state: 112 },
    task: { size: 160, fut_waiter: 128, coro: 136, name: 144, context: 152 },
    coroutine: { kind: 'iframe-stacktop', gi_iframe: 88, gi_frame_state: 83, stacktop: 64, suspendedStates: SUSPENDED_313, awaitedFromTop: 1 },
    objects: FT_OBJECTS,
  },
  {
    key: 'v3_14', major: 3, minor: 14, freeThreaded: false, checkedOn: '3.14.10 (Debian sid), its .AsyncioDebug section', registries: SCHEDULED, wakeup: 'cfunction',
    future: FUTURE_314, task: TASK_314,
    coroutine: { kind: 'iframe-stackpointer', gi_iframe: 72, gi_frame_state: 67, suspendedStates: SUSPENDED_313, awaitedFromTop: 1 },
    objects: GIL_OBJECTS,
    taskLists: { thread_tasks_head: 880, thread_running_loop: 864, thread_running_task: 872, interp_tasks_head: 10880 },
  },
  {
    key: 'v3_14t', major: 3, minor: 14, freeThreaded: true, checkedOn: 'computed from a free-threaded replica (not yet read from a live 3.14t)', registries: SCHEDULED, wakeup: 'cfunction',
    future: { size: 128, ...FT_HEAD, state: 120, awaited_by: 112, is_task: 124, awaited_by_is_set: 125 },
    task: { size: 192, fut_waiter: 136, coro: 144, name: 152, node: 168, context: 160 },
    coroutine: { kind: 'iframe-stackpointer', gi_iframe: 88, gi_frame_state: 83, suspendedStates: SUSPENDED_313, awaitedFromTop: 1 },
    objects: FT_OBJECTS,
    taskLists: { thread_tasks_head: 880, thread_running_loop: 864, thread_running_task: 872, interp_tasks_head: 17304 },
  },
  {
    // 3.15 renumbered the frame states: SUSPENDED 1, SUSPENDED_YIELD_FROM 2, SUSPENDED_YIELD_FROM_LOCKED 3
    key: 'v3_15', major: 3, minor: 15, freeThreaded: false, checkedOn: '3.15.2 (Debian sid), its .AsyncioDebug section', registries: SCHEDULED, wakeup: 'cfunction',
    future: FUTURE_314, task: TASK_314,
    coroutine: { kind: 'iframe-stackpointer', gi_iframe: 72, gi_frame_state: 67, suspendedStates: [2, 3], awaitedFromTop: 2 },
    objects: GIL_OBJECTS,
    taskLists: { thread_tasks_head: 1048, thread_running_loop: 1024, thread_running_task: 1032, interp_tasks_head: 10856 },
  },
]);

/** Every asyncio table, oldest first. */
export function asyncioLayouts(): readonly AsyncioLayout[] {
  return tables;
}

/**
 * The asyncio table of a CPython minor version and variant, or undefined (no asyncio before 3.7 here).
 * `futureBasicsize` (the target's `_asyncio.Future.__basicsize__`) picks between the two 3.10 heads.
 */
export function asyncioLayoutFor(
  version: { readonly major: number; readonly minor: number },
  options: { readonly freeThreaded?: boolean; readonly futureBasicsize?: number } = {},
): AsyncioLayout | undefined {
  const ft = options.freeThreaded ?? false;
  const same = tables.filter((t) => t.major === version.major && t.minor === version.minor && t.freeThreaded === ft);
  if (same.length <= 1 || options.futureBasicsize === undefined) return same.find((t) => !t.key.endsWith('_early')) ?? same[0];
  return same.find((t) => t.future.size === options.futureBasicsize) ?? same.find((t) => !t.key.endsWith('_early'));
}
