// The feature tags of every generated table name the model its fields describe (the generator derives
// them from the groups; src/layout.ts makes each tag's fields required, so this checks the tag choice).
import { describe, expect, it } from 'vitest';
import { asyncioLayouts, frameOwners, supportedLayouts } from '../src/index.js';

describe('feature tags', () => {
  for (const L of supportedLayouts()) {
    it(`${L.key}: frames, dicts, managed dicts, contextvars, ints, GIL, stack refs, line tables and the eval loop by version`, () => {
      const v = L.major * 100 + L.minor;
      expect(L.frames).toBe(v >= 311 ? 'interpreter-frame' : 'frame-object');
      if (L.frames === 'interpreter-frame') {
        expect(L.currentFrame).toBe(v >= 313 ? 'thread-state' : 'cframe');
        // every FRAME_OWNED_BY_* constant the headers define is accounted for
        const owners = frameOwners(L);
        const all = Object.entries(L.constants).filter(([k]) => k.startsWith('FRAME_OWNED_BY_')).map(([, x]) => x as number);
        expect(owners.max).toBe(Math.max(...all));
        expect(owners.cStack.length).toBe(all.length - 3);
        expect(owners.cStack.length > 0).toBe(v >= 312);
      }
      expect(L.dicts).toBe(L.major === 2 ? 'table' : v >= 311 ? 'kinded-keys' : 'sized-keys');
      expect(L.managedDict).toBe(v >= 313 ? 'inline-values' : v === 312 ? 'tagged-slot' : v === 311 ? 'dict-or-values-slots' : 'none');
      expect(L.contextvars).toBe(v >= 307);
      expect(L.longs).toBe(v >= 312 ? 'lv-tag' : 'ob-size');
      expect(L.objects).toBe(L.major === 2 ? 'py2' : 'py3');
      if (L.frames === 'frame-object') expect(L.lasti).toBe(v === 310 ? 'code-units' : 'bytes');
      expect(L.gil).toBe(v >= 312 ? 'per-interpreter' : v >= 307 ? 'runtime' : v === 306 ? 'ceval-statics' : 'interpreter-lock');
      expect(L.stackRefTagBits).toBe(v >= 314 ? 3 : v === 313 ? 1 : 0);
      expect(L.lineTable).toBe(v >= 311 ? 'location-table' : v === 310 ? 'linetable-310' : v >= 306 ? 'lnotab-signed' : 'lnotab-unsigned');
      expect(L.evalFrame).toBe(L.major === 2 ? 'PyEval_EvalFrameEx' : '_PyEval_EvalFrameDefault');
    });
  }

  it('asyncio tables: coroutine era and 3.14+ task lists by version', () => {
    for (const A of asyncioLayouts()) {
      const v = A.major * 100 + A.minor;
      expect(A.coroutine.kind, A.key).toBe(v >= 314 ? 'iframe-stackpointer' : v >= 311 ? 'iframe-stacktop' : v === 310 ? 'frame-stackdepth' : 'frame-stacktop');
      expect(A.taskLists !== undefined, A.key).toBe(v >= 314);
      expect(A.wakeup, A.key).toBe(v <= 309 ? 'wrapper' : 'cfunction');
    }
  });
});
