/**
 * `dump --async`: the asyncio task tree as text (the shape of CPython's `python -m asyncio pstree`)
 * and as JSON.
 */
import type { AsyncioTask, Frame } from '@pyglass/sampler';
import type { Colors } from '../../colors.js';
import { spanToJson } from '../../span-json.js';

/** "name file:line", as pstree labels a coroutine frame. */
function frameLabel(frame: Frame): string {
  const file = frame.shortFilename ?? frame.filename;
  return frame.line !== 0 ? `${frame.name} ${file}:${frame.line}` : `${frame.name} ${file}`;
}

/** A task's display name: its name, or its address when it has none (3.7). */
export function taskName(task: AsyncioTask): string {
  return task.name ?? `Task 0x${task.id.toString(16)}`;
}

interface Node {
  label: string;
  task?: AsyncioTask;
  children: Node[];
  /** coroutine-frame children by label (so two awaits from the same frame share a node) */
  frames: Map<string, Node>;
}

/**
 * The task forest, built the way CPython's asyncio.tools builds it: each awaiting task is followed by
 * its own coroutine frames (outermost first), and the task it awaits hangs under the innermost one;
 * tasks that await nothing end with their own stack.
 */
export function buildTaskTree(tasks: AsyncioTask[]): { roots: Node[]; nodes: Map<number, Node> } {
  const nodes = new Map<number, Node>();
  for (const t of tasks) nodes.set(t.id, { label: taskName(t), task: t, children: [], frames: new Map() });
  const frameNode = (parent: Node, label: string): Node => {
    let n = parent.frames.get(label);
    if (!n) {
      n = { label, children: [], frames: new Map() };
      parent.frames.set(label, n);
      parent.children.push(n);
    }
    return n;
  };
  const hasParent = new Set<number>();
  for (const child of tasks) {
    for (const parentId of child.awaitedBy) {
      const parent = nodes.get(parentId);
      if (!parent) continue;
      let cur = parent;
      for (let i = parent.task!.coroutineStack.length - 1; i >= 0; i--) cur = frameNode(cur, frameLabel(parent.task!.coroutineStack[i]!));
      const node = nodes.get(child.id)!;
      if (!cur.children.includes(node)) cur.children.push(node);
      hasParent.add(child.id);
    }
  }
  for (const t of tasks) {
    if (t.awaits.length > 0) continue;
    let cur = nodes.get(t.id)!;
    for (let i = t.coroutineStack.length - 1; i >= 0; i--) cur = frameNode(cur, frameLabel(t.coroutineStack[i]!));
  }
  return { roots: tasks.filter((t) => !hasParent.has(t.id)).map((t) => nodes.get(t.id)!), nodes };
}

/** The task tree as text lines (pstree's "└── (T) name" / "└──  frame file:line"). */
export function formatTaskTree(tasks: AsyncioTask[], c: Colors, threadLabel: (task: AsyncioTask) => string | undefined): string[] {
  const out: string[] = [];
  const render = (node: Node, prefix: string, last: boolean, path: Set<Node>) => {
    let label: string;
    if (node.task) {
      const where = threadLabel(node.task);
      const state = node.task.state === 'done' || node.task.state === 'cancelled' ? ` ${c.dim(`[${node.task.state}]`)}` : '';
      label = `(T) ${c.func(node.label)}${where ? ` ${c.status(`[running in thread ${where}]`)}` : ''}${state}`;
    } else label = ` ${node.label}`;
    if (path.has(node)) {
      out.push(`${prefix}${last ? '└── ' : '├── '}${label} (cycle)`);
      return;
    }
    out.push(`${prefix}${last ? '└── ' : '├── '}${label}`);
    path.add(node);
    const next = prefix + (last ? '    ' : '│   ');
    node.children.forEach((kid, i) => render(kid, next, i === node.children.length - 1, path));
    path.delete(node);
  };
  const { roots, nodes } = buildTaskTree(tasks);
  // tasks in a cycle of awaits have no root: start at the first one not shown yet so all are shown
  const shown = new Set<Node>();
  const mark = (n: Node): void => {
    if (shown.has(n)) return;
    shown.add(n);
    n.children.forEach(mark);
  };
  roots.forEach(mark);
  for (const t of tasks) {
    const n = nodes.get(t.id)!;
    if (!shown.has(n)) {
      roots.push(n);
      mark(n);
    }
  }
  for (const root of roots) render(root, '', true, new Set());
  return out;
}

/** One task in the JSON of `dump --async --json`. */
export function taskToJson(task: AsyncioTask, frameToJson: (f: Frame) => unknown): Record<string, unknown> {
  return {
    id: task.id,
    name: task.name ?? null,
    state: task.state,
    ...(task.threadId !== undefined ? { thread_id: task.threadId } : {}),
    coroutine_stack: task.coroutineStack.map(frameToJson),
    awaited_by: task.awaitedBy,
    awaits: task.awaits,
    // the OpenTelemetry span of a task that is not running (a running one's is its thread's)
    ...(task.span !== undefined ? { span: spanToJson(task.span) } : {}),
  };
}
