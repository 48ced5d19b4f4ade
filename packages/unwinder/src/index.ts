/// <reference types="node" preserve="true" />

export { ObjectFileError } from './errors.js';
export type { ObjectFile, ObjectFormat, ObjectSection, ObjectSymbol } from './object.js';
export { ElfFile } from './elf.js';
export type { ElfSection, ElfSegment, ElfSymbol, ElfNote, AddressSymbol } from './elf.js';
export { ElfCore, CoreMemory, CoreBadAddress, openCore } from './core.js';
export { coreMaps, coreAuxvValue, coreExecutablePath, coreTruncation } from './core-process.js';
export type { CoreThread, CoreProcessInfo, CoreMappedFile, CoreSegment, CoreMemoryOptions } from './core.js';
export { MachOFile } from './macho.js';
export type { MachOArch, MachOSection, MachOSegment, MachOSymbol, FatArch } from './macho.js';
export { PeFile } from './pe.js';
export type { PeSection, PeExport } from './pe.js';
export { openObjectFile, openElf, parseObject, parseObjectBuffer, clearObjectFileCache } from './open.js';
export type { AnyObjectFile, OpenOptions } from './open.js';
export { findPythonImages, openProcessImage, isPythonLibrary } from './process.js';
export type { ProcessImage, PythonImages } from './process.js';
export * from './native/index.js';
