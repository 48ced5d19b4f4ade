/// <reference types="node" preserve="true" />

/**
 * Format detection and the parsed-file cache: files are keyed by (device, inode, size, mtime), so
 * the same libpython reached through different /proc/PID/root paths is parsed once, and a
 * rebuilt file is parsed again.
 */
import { closeSync, fstatSync } from 'node:fs';
import { ElfCore } from './core.js';
import { ElfFile, ET_CORE } from './elf.js';
import { ObjectFileError } from './errors.js';
import { FAT_MAGIC, FAT_MAGIC_64, MH_MAGIC, MH_MAGIC_64, MachOFile, type MachOArch } from './macho.js';
import type { ObjectFile } from './object.js';
import { PeFile } from './pe.js';
import { BufferSource, FileSource, openFd, type ByteSource } from './source.js';

export type AnyObjectFile = ElfFile | ElfCore | MachOFile | PeFile;

export interface OpenOptions {
  /** Fat Mach-O slice to use (default: this machine's architecture). */
  arch?: MachOArch;
}

/** Parses `source` with the parser its magic number calls for. */
export function parseObject(source: ByteSource, opts: OpenOptions = {}): AnyObjectFile {
  if (source.size < 4) throw new ObjectFileError(source.path, `is not an object file (${source.size} bytes)`);
  const head = source.read(0, Math.min(source.size, 20), 'file header');
  if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) {
    // e_type is at 16 in both classes; its byte order comes from EI_DATA.
    const type = head.length >= 18 ? (head[5] === 2 ? head.readUInt16BE(16) : head.readUInt16LE(16)) : -1;
    return type === ET_CORE ? new ElfCore(source) : new ElfFile(source);
  }
  const be = head.readUInt32BE(0);
  const le = head.readUInt32LE(0);
  if (be === FAT_MAGIC || be === FAT_MAGIC_64 || le === MH_MAGIC || le === MH_MAGIC_64 || be === MH_MAGIC || be === MH_MAGIC_64) {
    return new MachOFile(source, opts.arch);
  }
  if (head[0] === 0x4d && head[1] === 0x5a) return new PeFile(source);
  throw new ObjectFileError(source.path, 'is not an ELF, Mach-O or PE file (unknown magic number)');
}

/** Parses an in-memory object file (no caching). */
export function parseObjectBuffer(buf: Buffer, path = '<buffer>', opts: OpenOptions = {}): AnyObjectFile {
  return parseObject(new BufferSource(path, buf), opts);
}

const CACHE_CAPACITY = 32;
const cache = new Map<string, AnyObjectFile>();

/**
 * Opens and parses an object file, detecting the format from its magic number. Parsed files are
 * cached (LRU of 32, by device/inode/size/mtime): do not close() the result; use
 * `clearObjectFileCache()` to release every file descriptor.
 */
export function openObjectFile(path: string, opts: OpenOptions = {}): AnyObjectFile {
  const fd = openFd(path);
  let keep = false;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ObjectFileError(path, 'is not a regular file');
    const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${opts.arch ?? ''}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const file = parseObject(new FileSource(path, fd), opts);
    keep = true;
    cache.set(key, file);
    if (cache.size > CACHE_CAPACITY) {
      const [oldKey, old] = cache.entries().next().value as [string, AnyObjectFile];
      cache.delete(oldKey);
      old.close();
    }
    return file;
  } finally {
    if (!keep) closeSync(fd);
  }
}

/** Opens an ELF file (cached like openObjectFile); ObjectFileError when it is another format. */
export function openElf(path: string): ElfFile {
  const f = openObjectFile(path);
  if (!(f instanceof ElfFile)) throw new ObjectFileError(path, `is a ${f.format} file, not ELF`);
  return f;
}

/** Closes and forgets every cached file. */
export function clearObjectFileCache(): void {
  for (const f of cache.values()) f.close();
  cache.clear();
}

export type { ObjectFile };
