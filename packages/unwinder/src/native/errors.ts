/** Thrown for call frame information that cannot be parsed or an unwinder that cannot be set up. */
export class NativeUnwindError extends Error {
  override name = 'NativeUnwindError';
}
