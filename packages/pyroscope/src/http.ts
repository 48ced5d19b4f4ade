
/**
 * How one request went: delivered (perhaps with a notice, e.g. an OTLP partial success), worth
 * retrying (server down, slow, 429, 5xx; `afterMs` from a Retry-After header), or refused for good.
 */
export type SendOutcome =
  | { kind: 'sent'; notice?: string | undefined }
  | { kind: 'retry'; reason: string; afterMs?: number | undefined }
  | { kind: 'rejected'; status: number; reason: string };

/** How a protocol's server answers: which statuses mean "later", what an error or a partial success says. */
export interface ResponseRules {
  retryable(status: number): boolean;
  /** The server's reason from an error body (default: Connect's JSON `message`, else the first line of text). */
  errorMessage?(body: Uint8Array, contentType: string | null): string | undefined;
  /** A notice when a success was only partial, else undefined. */
  partialSuccess?(body: Uint8Array, contentType: string | null): string | undefined;
}

/** One request ready to send: where, its headers and body, and how its server answers. */
export interface PreparedRequest {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
  /** How its server answers (default: Pyroscope's rules). */
  responses?: ResponseRules | undefined;
}

/** Pyroscope's: timeouts, rate limiting and server errors are worth retrying. */
export const pyroscopeResponses: ResponseRules = {
  retryable: (status) => status === 408 || status === 429 || status >= 500,
};

/** Connect's JSON `{"code","message"}` or the first line of the body. */
function textMessage(body: Uint8Array): string {
  const text = Buffer.from(body).toString('utf8').trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === 'string') return parsed.message;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  return text;
}

/** The server's explanation, one bounded line after the status. */
async function responseReason(response: Response, rules: ResponseRules): Promise<string> {
  let body = new Uint8Array();
  try {
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (!(error instanceof Error)) throw error;
  }
  const message = rules.errorMessage?.(body, response.headers.get('content-type')) ?? textMessage(body);
  const line = message.split('\n')[0] ?? '';
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return line ? `${status}: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}` : status;
}

/** Retry-After in ms (seconds or an HTTP date), bounded to an hour; undefined when absent or unreadable. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 3_600_000) : undefined;
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
  const rules = request.responses ?? pyroscopeResponses;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.any([timeout, abort]),
    });
    if (response.ok) {
      // read it all: the connection can be reused, and a partial success is in the body
      const body = new Uint8Array(await response.arrayBuffer());
      return { kind: 'sent', notice: rules.partialSuccess?.(body, response.headers.get('content-type')) };
    }
    const reason = await responseReason(response, rules);
    if (!rules.retryable(response.status)) return { kind: 'rejected', status: response.status, reason };
    return { kind: 'retry', reason, afterMs: retryAfterMs(response.headers.get('retry-after')) };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { kind: 'retry', reason: networkReason(error, timeoutMs, timeout.aborted) };
  }
}
