/** ANSI styling as py-spy uses it, honouring NO_COLOR, CLICOLOR=0 and CLICOLOR_FORCE. */
export interface Colors {
  pid(s: string): string;
  version(s: string): string;
  thread(s: string): string;
  status(s: string): string;
  func(s: string): string;
  file(s: string): string;
  line(s: string): string;
  dim(s: string): string;
}

export function useColors(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['CLICOLOR_FORCE'] && env['CLICOLOR_FORCE'] !== '0') return true;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['CLICOLOR'] === '0') return false;
  return stream.isTTY === true;
}

const wrap = (open: string, close: string) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

export function colorsFor(enabled: boolean): Colors {
  if (!enabled) return { pid: plain, version: plain, thread: plain, status: plain, func: plain, file: plain, line: plain, dim: plain };
  return {
    pid: wrap('1;33', '0'),
    version: wrap('1', '22'),
    thread: wrap('1', '22'),
    status: plain,
    func: wrap('32', '39'),
    file: wrap('36', '39'),
    line: wrap('2', '22'),
    dim: wrap('2', '22'),
  };
}
