/**
 * The reader of pyglass's standard output going away (`pyglass top -p PID | head -n 2`,
 * `dump | head`, `record -o - | head`): like other Unix tools, pyglass then ends at once and
 * quietly, with status 0. Nothing is left behind: a paused target is resumed (memory-reader's exit
 * hook), a program pyglass launched is stopped (its cleanup is registered here), the terminal is
 * restored (top's exit hook). A standard error that closes only stops the messages.
 */

const cleanups = new Set<() => void>();

/** Runs `cleanup` if pyglass ends because its output was closed; returns the function that unregisters it. */
export function onQuietExit(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** True for the error of writing to a pipe (or socket) whose reader has gone. */
export function isReaderGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ECONNRESET';
}

/** Ends pyglass now with status 0, after the registered cleanups: its output has no reader any more. */
export function endQuietly(): never {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      /* on purpose, whatever it throws: the other cleanups must still run */
    }
  }
  cleanups.clear();
  process.exit(0);
}

let installed = false;

/** Installs the handlers on process.stdout and process.stderr (once). */
export function endQuietlyWhenOutputCloses(): void {
  if (installed) return;
  installed = true;
  process.stdout.on('error', (error) => {
    if (!isReaderGone(error)) throw error;
    endQuietly();
  });
  process.stderr.on('error', (error) => {
    // nobody reads the messages any more; the profile itself may still go to a file
    if (!isReaderGone(error)) throw error;
  });
}
