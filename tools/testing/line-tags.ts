/** Test scripts mark the lines tests expect in stacks with `# LINE:tag` comments. */
import { readFileSync } from 'node:fs';

/** Line numbers (1-based) of every `# LINE:tag` marker of a script. */
export function lineTags(file: string): Record<string, number> {
  const tags: Record<string, number> = {};
  readFileSync(file, 'utf8').split('\n').forEach((l, i) => {
    const m = /# LINE:(\w+)/.exec(l);
    if (m) tags[m[1]!] = i + 1;
  });
  return tags;
}

/** The line of one marker; throws when the script has none. */
export function lineOf(file: string, tag: string): number {
  const line = lineTags(file)[tag];
  if (line === undefined) throw new Error(`no LINE:${tag} in ${file}`);
  return line;
}
