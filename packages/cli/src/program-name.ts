/**
 * The name of a Python program from its command line: the script or `-m` module it runs. It names
 * Pyroscope services and the default output files (`app-<time>.svg` for `python3 app.py`).
 */

const interpreterName = /^(python|pypy)[0-9.]*[a-z]*$/;
/** Interpreter options that take a value (`-W ignore`, `-X dev`, `-Q new`). */
const optionsWithValue = new Set(['-W', '-X', '-Q', '--check-hash-based-pycs']);

/**
 * A service name from a Python command line: the module of `-m`, else the script's name without
 * `.py`, else the program's name (`gunicorn`); `python -c …` gives `python`.
 */
export function serviceNameFromCommandLine(args: readonly string[]): string {
  const base = (p: string) => p.split('/').pop() ?? p;
  const first = args[0];
  if (first === undefined) return 'python';
  if (!interpreterName.test(base(first))) return base(first).replace(/\.py$/, '');
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-m') return args[i + 1] ?? 'python';
    if (a === '-c') return 'python';
    if (optionsWithValue.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return base(a).replace(/\.py$/, '') || 'python';
  }
  return 'python';
}

