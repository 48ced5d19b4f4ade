/**
 * The order test files start in: the longest first (by the seconds tools/testing/durations.json
 * gives each file), so that the last file to start is a short one. Vitest's own order, without a
 * cache of earlier runs (a clean clone), is the largest file first: the suite's longest file, a short
 * text of few lines, then started last and ran alone for a minute and a half. Files the list does not
 * know yet run first, as vitest runs unknown files first. `node tools/testing/durations.mjs`
 * writes the list again from the last run's timings.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const durations = JSON.parse(readFileSync(new URL('./durations.json', import.meta.url), 'utf8')) as Record<string, number>;

/** The key of a file in durations.json: "project:path from the package". */
export function durationKey(spec: TestSpecification): string {
  return `${spec.project.name}:${relative(spec.project.config.root, spec.moduleId)}`;
}

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (spec: TestSpecification) => durations[durationKey(spec)] ?? Number.POSITIVE_INFINITY;
    // (Array.prototype.sort is stable: files of equal weight keep vitest's order)
    return (await super.sort(files)).sort((a, b) => seconds(b) - seconds(a));
  }
}
