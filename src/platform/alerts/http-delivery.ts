import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { Logger } from '../logger/index.js';

export interface HttpRequestInit {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

export interface HttpReply {
  status: number;
  body: string;
}

/**
 * How notifiers reach the network. The default is plain undici; a process can pass the guarded fetch
 * client instead (same shape), so webhooks get its address guard, timeouts and metrics.
 */
export type HttpSend = (url: string, init: HttpRequestInit) => Promise<HttpReply>;

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; doubles each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

// Webhook answers are a few bytes; a larger one is an error page and only its start is worth logging.
const MAX_LOGGED_BODY = 300;

/** An HttpSend over undici's `request`, with one overall deadline per try. */
export function createUndiciSend(timeoutMs = 10_000): HttpSend {
  return async (url, init) => {
    const response = await request(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.statusCode, body: await response.body.text() };
  };
}

/**
 * Server errors, throttling and timeouts may pass on a later try. Other 4xx answers mean the request
 * itself is wrong (revoked webhook, bad routing key): repeating it only delays the log line that says so.
 */
function retryable(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export interface DeliveryRequest {
  send: HttpSend;
  url: string;
  payload: unknown;
  retry: RetryOptions;
  log: Logger;
  /** Names the notifier and alert in log lines; the URL is left out since webhook URLs are secrets. */
  context: { notifier: string; alertKey: string };
}

/** POSTs JSON until a 2xx answer, retrying with backoff; returns false (after logging) when it gave up. */
export async function deliverJson(delivery: DeliveryRequest): Promise<boolean> {
  const { send, url, retry, log, context } = delivery;
  const body = JSON.stringify(delivery.payload);
  const headers = { 'content-type': 'application/json' };
  let last: { status?: number; body?: string; err?: unknown } = {};
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    if (attempt > 1) {
      await sleep(Math.min(retry.baseDelayMs * 2 ** (attempt - 2), retry.maxDelayMs));
    }
    try {
      const reply = await send(url, { method: 'POST', headers, body });
      if (reply.status >= 200 && reply.status < 300) return true;
      last = { status: reply.status, body: reply.body.slice(0, MAX_LOGGED_BODY) };
      if (!retryable(reply.status)) {
        log.error({ ...context, ...last, attempts: attempt }, 'alert notification refused');
        return false;
      }
    } catch (error) {
      last = { err: error };
    }
    log.debug({ ...context, attempt, status: last.status }, 'alert notification attempt failed');
  }
  log.error({ ...context, ...last, attempts: retry.attempts }, 'alert notification failed after retries');
  return false;
}
