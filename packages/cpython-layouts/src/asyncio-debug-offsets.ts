/**
 * CPython 3.14+ describes its asyncio structures itself: `_Py_AsyncioModuleDebugOffsets`
 * (Modules/_asynciomodule.c), 13 uint64 in an ELF section `.AsyncioDebug` of the `_asyncio` extension
 * (3.14) or of the interpreter (3.15, where `_asyncio` is built in). Decoding it gives the exact task
 * and task-list offsets of whatever patch release runs; the fields it lacks come from the static table.
 */
import type { AsyncioLayout, AsyncioListsLayout } from './asyncio-layout.js';
import { InvalidAsyncioDebugOffsets } from './errors.js';
import { deepFreeze } from './freeze.js';

/** The section holding the struct (ELF; Mach-O `__DATA,AsyncioDebug`, PE `AsyncioD`). */
export const ASYNCIO_DEBUG_SECTION = '.AsyncioDebug';
/** sizeof(_Py_AsyncioModuleDebugOffsets): 13 uint64 */
export const ASYNCIO_DEBUG_OFFSETS_SIZE = 13 * 8;

/** The members in order, as "group.field". */
const MEMBERS = [
  'asyncio_task_object.size', 'asyncio_task_object.task_name', 'asyncio_task_object.task_awaited_by',
  'asyncio_task_object.task_is_task', 'asyncio_task_object.task_awaited_by_is_set', 'asyncio_task_object.task_coro',
  'asyncio_task_object.task_node',
  'asyncio_interpreter_state.size', 'asyncio_interpreter_state.asyncio_tasks_head',
  'asyncio_thread_state.size', 'asyncio_thread_state.asyncio_running_loop', 'asyncio_thread_state.asyncio_running_task',
  'asyncio_thread_state.asyncio_tasks_head',
] as const;

export type AsyncioDebugOffsets = Readonly<Record<(typeof MEMBERS)[number], number>>;

/** The raw members of the struct (little-endian, as the target wrote them). */
export function readAsyncioDebugOffsets(bytes: Uint8Array): AsyncioDebugOffsets {
  if (bytes.byteLength < ASYNCIO_DEBUG_OFFSETS_SIZE) throw new InvalidAsyncioDebugOffsets(`${bytes.byteLength} bytes, expected ${ASYNCIO_DEBUG_OFFSETS_SIZE}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const raw: Record<string, number> = {};
  MEMBERS.forEach((name, i) => {
    const v = view.getBigUint64(i * 8, true);
    if (v > 1n << 32n) throw new InvalidAsyncioDebugOffsets(`${name} = ${v}`);
    raw[name] = Number(v);
  });
  const r = raw as AsyncioDebugOffsets;
  const inside = (group: 'asyncio_task_object' | 'asyncio_interpreter_state' | 'asyncio_thread_state') => {
    const size = r[`${group}.size`];
    if (!(size > 0 && size < 1 << 24)) throw new InvalidAsyncioDebugOffsets(`${group}.size = ${size}`);
    for (const m of MEMBERS) if (m.startsWith(`${group}.`) && m !== `${group}.size` && !(r[m] < size)) throw new InvalidAsyncioDebugOffsets(`${m} = ${r[m]} is not inside the struct (size ${size})`);
  };
  inside('asyncio_task_object');
  inside('asyncio_interpreter_state');
  inside('asyncio_thread_state');
  return r;
}

/**
 * `base` (the static table of the target's minor version) with every offset the struct gives
 * overlaid: the task's size, name, coro, node and awaited-by fields, and where the per-thread and
 * per-interpreter task lists and the running task are.
 *
 * @throws InvalidAsyncioDebugOffsets when the bytes are not a plausible struct
 */
export function decodeAsyncioDebugOffsets(bytes: Uint8Array, base: AsyncioLayout): AsyncioListsLayout {
  const r = readAsyncioDebugOffsets(bytes);
  return deepFreeze<AsyncioListsLayout>({
    ...base,
    checkedOn: `${base.checkedOn}; task and list offsets from the target's ${ASYNCIO_DEBUG_SECTION}`,
    future: {
      ...base.future,
      awaited_by: r['asyncio_task_object.task_awaited_by'],
      is_task: r['asyncio_task_object.task_is_task'],
      awaited_by_is_set: r['asyncio_task_object.task_awaited_by_is_set'],
    },
    task: {
      ...base.task,
      size: r['asyncio_task_object.size'],
      name: r['asyncio_task_object.task_name'],
      coro: r['asyncio_task_object.task_coro'],
      node: r['asyncio_task_object.task_node'],
    },
    taskLists: {
      thread_tasks_head: r['asyncio_thread_state.asyncio_tasks_head'],
      thread_running_loop: r['asyncio_thread_state.asyncio_running_loop'],
      thread_running_task: r['asyncio_thread_state.asyncio_running_task'],
      interp_tasks_head: r['asyncio_interpreter_state.asyncio_tasks_head'],
    },
  });
}
