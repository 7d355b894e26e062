import type { FailureKind, RetryAdvice } from './fetch.types.js';

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base·2^attempt)). */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date); undefined if absent. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** How to retry a response with a non-2xx status (Crawlee semantics). */
export function adviceForStatus(status: number, retryAfterMs: number | undefined): RetryAdvice {
  if ((status === 429 || status === 503) && retryAfterMs !== undefined) return 'later';
  if (status === 408 || status === 429 || status >= 500) return 'backoff';
  return 'never';
}

/** Whether an outcome tells us the source is struggling (feeds the breaker), as opposed to our request. */
export function countsAgainstSource(kind: FailureKind, status?: number): boolean {
  if (kind === 'network' || kind === 'timeout' || kind === 'blocked') return true;
  return kind === 'http' && status !== undefined && (status >= 500 || status === 429 || status === 408);
}

export interface ClassifiedError {
  kind: 'network' | 'timeout' | 'ssrf';
  retry: RetryAdvice;
  detail: string;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
// A name that does not exist will not exist a second later; everything else network-ish may pass.
const PERMANENT_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'UND_ERR_INVALID_ARG']);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if ('code' in current && typeof current.code === 'string') codes.push(current.code);
    current = 'cause' in current ? current.cause : undefined;
  }
  return codes;
}

/** Turns a thrown transport error into an outcome kind and retry advice. */
export function classifyError(error: unknown, timedOut: boolean): ClassifiedError {
  const codes = codesOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const detail = codes.length > 0 ? `${codes[0]}: ${message}` : message;
  if (codes.includes('AIQ_SSRF_REFUSED')) return { kind: 'ssrf', retry: 'never', detail };
  if (timedOut || codes.some((code) => TIMEOUT_CODES.has(code)))
    return { kind: 'timeout', retry: 'backoff', detail: timedOut ? 'attempt timed out' : detail };
  if (codes.some((code) => PERMANENT_CODES.has(code))) return { kind: 'network', retry: 'never', detail };
  return { kind: 'network', retry: 'backoff', detail };
}
