import type { PreparedRequest } from './request.js';

/** How one request went: delivered, worth retrying (server down, slow, 429, 5xx), or refused for good (other 4xx). */
export type SendOutcome = { kind: 'sent' } | { kind: 'retry'; reason: string } | { kind: 'rejected'; status: number; reason: string };

/** Statuses that say "later", not "never": timeouts, rate limiting, server errors. */
function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The server's explanation: Connect's JSON `{"code","message"}` or the first line of the body, bounded. */
async function responseReason(response: Response): Promise<string> {
  let text = '';
  try {
    text = (await response.text()).trim();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
  }
  let message = text;
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === 'string') message = parsed.message;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  const line = message.split('\n')[0] ?? '';
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return line ? `${status}: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}` : status;
}

/** Why a fetch failed, in a few words (connection refused, DNS, TLS, timeout). */
function networkReason(error: unknown, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `no answer within ${timeoutMs / 1000} s`;
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code !== undefined ? `${code} (${cause.message})` : cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Sends one request with a timeout; `abort` cuts it short (final flush deadline). Never throws for network trouble. */
export async function sendRequest(request: PreparedRequest, timeoutMs: number, abort: AbortSignal): Promise<SendOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.any([timeout, abort]),
    });
    if (response.ok) {
      // drain so the connection can be reused
      await response.arrayBuffer();
      return { kind: 'sent' };
    }
    const reason = await responseReason(response);
    return retryableStatus(response.status) ? { kind: 'retry', reason } : { kind: 'rejected', status: response.status, reason };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { kind: 'retry', reason: networkReason(error, timeoutMs, timeout.aborted) };
  }
}
