/** Parses /work/shared/reference/pyspy-offsets-x86_64.txt into (py-spy bindings version → "Struct.field" → value). */
import { existsSync, readFileSync } from 'node:fs';

export const PYSPY_OFFSETS_FILE = process.env.PYGLASS_PYSPY_OFFSETS ?? '/work/shared/reference/pyspy-offsets-x86_64.txt';

export function parsePyspyOffsets(): Map<string, Map<string, number>> | undefined {
  if (!existsSync(PYSPY_OFFSETS_FILE)) return undefined;
  const out = new Map<string, Map<string, number>>();
  let cur: Map<string, number> | undefined;
  const at = (v: string) => { if (!out.has(v)) out.set(v, new Map()); return out.get(v)!; };
  for (const line of readFileSync(PYSPY_OFFSETS_FILE, 'utf8').split('\n')) {
    const head = /^### (v\d+_\d+_\d+)/.exec(line);
    if (head) { cur = at(head[1]!); continue; }
    const sizes = /^(v\d+_\d+_\d+): sizeof (.*)$/.exec(line);
    if (sizes) {
      for (const m of sizes[2]!.matchAll(/(\w+)=(\d+)/g)) at(sizes[1]!).set(`${m[1]}.sizeof`, Number(m[2]));
      cur = undefined;
      continue;
    }
    const minor = /^(3\.\d+) (\w+) sizeof=(\d+)$/.exec(line);
    if (minor) { at(`v${minor[1]!.replace('.', '_')}_0`).set(`${minor[2]}.sizeof`, Number(minor[3])); continue; }
    // The one unversioned footer line ("_gil_runtime_state sizeof=208 ; _Py_DebugOffsets sizeof=584") is
    // about the 3.13 bindings (584 is 3.13's sizeof(_Py_DebugOffsets); the gil struct is the same 3.12–3.14).
    const target = cur ?? (line.includes('_Py_DebugOffsets sizeof=584') ? at('v3_13_0') : undefined);
    if (!target) continue;
    for (const part of line.split(' ; ')) {
      // "Struct: a=1 b=2", "Struct.a=1", "Struct size=1 a=2", "_Py_DebugOffsets.runtime_state.interpreters_head=40"
      const m = /^\s*([A-Za-z_]\w*)[:.\s]\s*(.*)$/.exec(part);
      if (!m) continue;
      for (const kv of m[2]!.matchAll(/([\w.]+)=(\d+)/g)) target.set(`${m[1]}.${kv[1]}`, Number(kv[2]));
    }
  }
  return out;
}
