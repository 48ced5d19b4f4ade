/// <reference types="node" preserve="true" />

/** The small interface every object file parser (ELF, ELF core, Mach-O, PE) implements. */

export type ObjectFormat = 'elf' | 'elf-core' | 'macho' | 'pe';

export interface ObjectSection {
  /** Section name as stored (ELF ".bss", Mach-O "__bss", PE "PyRuntim"). */
  name: string;
  /** Position in the file's section table. */
  index: number;
  /**
   * Link-time address: ELF sh_addr, Mach-O addr, PE RVA. At runtime the section is at
   * `address + load bias` (PE: `+ module base`).
   */
  address: bigint;
  /** Size in memory. */
  size: bigint;
  /** Where the section's bytes are in the file. */
  fileOffset: number;
  /** How many bytes the file holds (0 for .bss-like sections). */
  fileSize: number;
}

export interface ObjectSymbol {
  /** Name used for lookups (Mach-O: without the leading "_"). */
  name: string;
  /** Link-time address (PE: RVA), shifted by the load bias at runtime like section addresses. */
  value: bigint;
  /** Size in bytes when the format records it, else 0n. */
  size: bigint;
}

export interface ObjectFile {
  readonly format: ObjectFormat;
  /** The path the file was opened from. */
  readonly path: string;
  readonly sections: readonly ObjectSection[];
  /** The first section with this name, if any. */
  section(name: string): ObjectSection | undefined;
  /** A defined symbol by name, if any. */
  symbol(name: string): ObjectSymbol | undefined;
  /** GNU build-id (ELF) or LC_UUID (Mach-O) as lowercase hex. */
  readonly buildId?: string | undefined;
  /** The file bytes of a section (empty for .bss-like sections). */
  sectionData(section: ObjectSection): Buffer;
  /** Releases the file descriptor. Cached files (openObjectFile) are closed by the cache. */
  close(): void;
}
