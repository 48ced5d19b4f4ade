import { BadAddress } from '@pyglass/memory-reader';

/** Thrown for any object file that cannot be parsed: wrong magic, truncated, inconsistent tables. */
export class ObjectFileError extends Error {
  override name = 'ObjectFileError';
  /** The file that was being parsed. */
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.file = file;
  }
}

/** Thrown by CoreMemory for an address outside every PT_LOAD segment (a memory-reader BadAddress). */
export class CoreBadAddress extends BadAddress {
  constructor(core: string, pid: number, address: number, length: number) {
    super(pid, address, length);
    this.message = `Bad address reading core file ${core}: 0x${address.toString(16)} (${length} bytes) is outside every PT_LOAD segment of the core`;
  }
}
