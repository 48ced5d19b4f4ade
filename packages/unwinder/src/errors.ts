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
