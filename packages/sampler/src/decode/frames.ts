/**
 * Raw frames (code object, instruction offset, frame address, flags) → `Frame`s: the code objects'
 * names and line tables from the code cache, the locals when asked for.
 */
import { FrameFlag, type RawFrames } from '../read/walkers/walker.js';
import { LineNo, type Frame } from '../types.js';
import type { CodeCache, CodeEntry } from './code-cache.js';
import type { LocalsReader } from './locals.js';

export interface DecodeOptions {
  lineNo: LineNo;
  dumpLocals: number;
}

export class FrameDecoder {
  constructor(
    private readonly codes: CodeCache,
    private readonly locals: LocalsReader,
  ) {}

  /** The frames of `raw`, innermost first; shims and what is not a code object are left out. */
  resolve(raw: RawFrames, opts: DecodeOptions): Frame[] {
    const { codes, offsets, frameAddresses: addrs, flags } = raw;
    const out: Frame[] = [];
    let prevEntry: CodeEntry | undefined;
    // the entry of the last code object looked up (recursion repeats it frame after frame)
    let lastCode = 0;
    let lastEntry: CodeEntry | undefined;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      if (code !== lastCode || i === 0) {
        lastEntry = this.codes.get(code);
        lastCode = code;
      }
      const e = lastEntry;
      if (!e || e.filename === '<shim>' || e.filename === '') {
        // not a code object, or a shim: the previous (callee) frame was entered from C
        const last = out.length - 1;
        if (last >= 0 && prevEntry && !out[last]!.isShimEntry) {
          const p = out[last]!;
          const f = this.codes.frame(prevEntry, p.line, p.isEntry, true);
          out[last] = p.locals ? { ...f, locals: p.locals } : f;
        }
        continue;
      }
      let line = 0;
      if (opts.lineNo === LineNo.First) line = e.firstLine;
      else if (opts.lineNo === LineNo.LastInstruction) line = this.codes.line(e, offsets[i]!);
      const f = flags[i]!;
      let frame = this.codes.frame(e, line, (f & FrameFlag.Entry) !== 0, (f & FrameFlag.Shim) !== 0);
      if (opts.dumpLocals > 0) frame = { ...frame, locals: this.locals.read(codes[i]!, addrs[i]!, opts.dumpLocals) };
      out.push(frame);
      prevEntry = e;
    }
    return out;
  }

  /**
   * The frame of code object `code` at instruction byte `offset` (a suspended coroutine's frame, read
   * by the asyncio module), or undefined when `code` is not a code object or is a shim. With
   * `dumpLocals`, the locals of the frame at `frame` (a frame object ≤3.10, an interpreter frame 3.11+).
   */
  frameAt(code: number, offset: number, lineNo: LineNo, frame = 0, dumpLocals = 0): Frame | undefined {
    const e = this.codes.get(code);
    if (!e || e.filename === '<shim>' || e.filename === '') return undefined;
    const line = lineNo === LineNo.First ? e.firstLine : lineNo === LineNo.LastInstruction ? this.codes.line(e, offset) : 0;
    const f = this.codes.frame(e, line, false, false);
    return dumpLocals > 0 && frame ? { ...f, locals: this.locals.read(code, frame, dumpLocals) } : f;
  }
}
