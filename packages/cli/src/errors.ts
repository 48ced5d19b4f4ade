import { CommanderError } from 'commander';

/** An error meant for the user: printed as one line, exit status `exitCode`. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/** One line for the user, whatever was thrown: never a JS stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const message = error.message.split('\n')[0] ?? '';
    if (error instanceof UsageError || error instanceof CommanderError) return message;
    return message || error.name;
  }
  return String(error);
}
