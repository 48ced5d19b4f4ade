export { NativeUnwinder } from './unwinder.js';
export type { NativeUnwinderOptions, NativeSymbol } from './unwinder.js';
export { NativeUnwindError } from './errors.js';
export { demangle } from './demangle.js';
export type { DemangleOptions } from './demangle.js';
export { NativeModule, openNativeModule, clearNativeModuleCache, loadCallFrameInfo, findDebugFile } from './module.js';
export type { ModuleSymbol } from './module.js';
export { CallFrameInfo, EhFrameHdr, FrameSection } from './ehframe.js';
export type { Cie, Fde, FrameSectionOptions } from './ehframe.js';
export {
  UnwindRow,
  computeRow,
  describeRule,
  RULE_SAME,
  RULE_UNDEFINED,
  RULE_OFFSET,
  RULE_VAL_OFFSET,
  RULE_REGISTER,
  RULE_EXPRESSION,
  RULE_VAL_EXPRESSION,
} from './cfa.js';
export { evaluateExpression } from './expr.js';
export type { ExpressionContext } from './expr.js';
export { ByteReader } from './reader.js';
export type { PointerBases, IndirectReader } from './reader.js';
export { X86_64, AARCH64, NREGS, archInfo, hostArch, loadRegisters } from './arch.js';
export type { ArchInfo, NativeArch } from './arch.js';
export { LineTable, ModuleLines, linesForModule, loadLineTable, findLineDebugFile, debugSectionData } from './dwarf-line.js';
export type { SourceLine, LineTableOptions, DebugFileOptions } from './dwarf-line.js';
export { CythonSourceMap, cythonSourceMap, mapCythonLine, isGeneratedC, clearCythonSourceMaps } from './cython-source-map.js';
export type { CythonSourceMapOptions } from './cython-source-map.js';
