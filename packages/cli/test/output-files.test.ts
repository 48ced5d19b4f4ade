/**
 * The two regular-file writers of src/output.ts on real files: the atomic one (a temporary file
 * renamed into place, the replaced file's mode kept, nothing left behind by an abort) and the
 * incremental one (written at its path as chunks come; an abort keeps more than one chunk).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutput, resolveOutput } from '../src/output.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pyglass-output-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const destination = (name: string) => resolveOutput(join(dir, name), { binary: false, formatName: 'raw' });

describe('atomic file writer', () => {
  it('writes every chunk on close, keeps the replaced file\'s mode, leaves no temporary file', async () => {
    const path = join(dir, 'out.txt');
    writeFileSync(path, 'old', { mode: 0o640 });
    const w = openOutput(destination('out.txt'));
    w.write('a;b 1\n');
    expect(readFileSync(path, 'utf8')).toBe('old');
    w.write(new TextEncoder().encode('a;c 2\n'));
    await w.close();
    expect(readFileSync(path, 'utf8')).toBe('a;b 1\na;c 2\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('close with nothing written makes an empty file; abort leaves the old file as it was', async () => {
    const empty = openOutput(destination('empty.txt'));
    await empty.close();
    expect(readFileSync(join(dir, 'empty.txt'), 'utf8')).toBe('');
    writeFileSync(join(dir, 'kept.txt'), 'old');
    const w = openOutput(destination('kept.txt'));
    w.write('new');
    w.abort();
    w.abort(); // idempotent
    expect(readFileSync(join(dir, 'kept.txt'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['empty.txt', 'kept.txt']);
  });
});

describe('incremental file writer', () => {
  it('each chunk is in the file once written; close keeps them all', async () => {
    const path = join(dir, 'cap.pyglass');
    const w = openOutput(destination('cap.pyglass'), { incremental: true });
    w.write('header');
    expect(readFileSync(path, 'utf8')).toBe('header');
    w.write('+sample');
    await w.close();
    expect(readFileSync(path, 'utf8')).toBe('header+sample');
  });

  it('abort after the first chunk removes the file; after more it keeps what was written', () => {
    const first = openOutput(destination('one.pyglass'), { incremental: true });
    first.write('header');
    first.abort();
    expect(readdirSync(dir)).toEqual([]);
    const more = openOutput(destination('two.pyglass'), { incremental: true });
    more.write('header');
    more.write('+sample');
    more.abort();
    expect(readFileSync(join(dir, 'two.pyglass'), 'utf8')).toBe('header+sample');
  });
});
