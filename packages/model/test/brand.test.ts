/**
 * brandErrors: classes branded with the same key — what two copies of one package do — recognise each
 * other's instances; and the copies of the mechanism in the packages that may not import this one
 * (tools/gen-brand/generate.mjs) are this file, unchanged.
 */
import { describe, expect, test } from 'vitest';
import { brandErrors } from '../src/index.js';
// @ts-expect-error: a plain .mjs tool without declarations
import { COPIES, staleCopies } from '../../../tools/gen-brand/generate.mjs';

/** Two classes as two copies of one package would define them, each branded by its own copy's call. */
function twoCopies(scope: string) {
  const make = () => {
    class Failed extends Error {}
    class FailedBadly extends Failed {}
    class Other extends Error {}
    brandErrors(scope, { Failed, FailedBadly, Other });
    return { Failed, FailedBadly, Other };
  };
  return [make(), make()] as const;
}

describe('brandErrors', () => {
  test('an instance made by one copy is an instance of the other copy\'s class and its base, not of another class', () => {
    const [ours, theirs] = twoCopies('@pyglass/test-brand');
    expect(ours.Failed).not.toBe(theirs.Failed);
    expect(new theirs.Failed() instanceof ours.Failed).toBe(true);
    expect(new theirs.FailedBadly() instanceof ours.Failed).toBe(true);
    expect(new theirs.FailedBadly() instanceof ours.FailedBadly).toBe(true);
    expect(new theirs.Failed() instanceof ours.FailedBadly).toBe(false);
    expect(new theirs.Failed() instanceof ours.Other).toBe(false);
    expect(new Error('x') instanceof ours.Failed).toBe(false);
    expect(null instanceof ours.Failed).toBe(false);
  });

  test('another scope\'s class of the same name is a different class', () => {
    const [a] = twoCopies('@pyglass/test-brand-a');
    const [b] = twoCopies('@pyglass/test-brand-b');
    expect(new b.Failed() instanceof a.Failed).toBe(false);
  });

  test('a caller\'s own subclass without a brand keeps plain instanceof', () => {
    const [ours, theirs] = twoCopies('@pyglass/test-brand-sub');
    class Mine extends ours.Failed {}
    expect(new Mine() instanceof Mine).toBe(true);
    expect(new Mine() instanceof theirs.Failed).toBe(true);
    expect(new ours.Failed() instanceof Mine).toBe(false);
  });

  test('the generated copies in memory-reader and cpython-layouts are this file (node tools/gen-brand/generate.mjs rewrites them)', () => {
    expect(COPIES.length).toBe(2);
    expect(staleCopies()).toEqual([]);
  });
});
