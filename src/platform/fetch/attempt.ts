import type { AddressGuard } from './address-guard.js';
import { detectBlock } from './block-detect.js';
import { decodeBody } from './body.js';
import type { Breakers } from './breakers.js';
import { exchange, hostKey } from './exchange.js';
import type { Clock, FailureKind, FetchRequest, RetryAdvice, RobotsDecision } from './fetch.types.js';
import type { FetchMetrics } from './fetch-metrics.js';
import type { HostGate } from './host-gate.js';
import { adviceForStatus, countsAgainstSource, parseRetryAfter } from './retry-policy.js';
import type { RobotsChecker } from './robots.js';
import type { HopResponse, Transport } from './transport.js';

export const MAX_REDIRECTS = 5;

/** Everything one attempt needs; built once per client. */
export interface AttemptDeps {
  userAgent: string;
  minGapMs: number;
  guard: AddressGuard;
  transport: Transport;
  gate: HostGate;
  robots: RobotsChecker;
  breakers: Breakers;
  metrics: FetchMetrics;
  clock: Clock;
}

export interface AttemptSettings {
  timeoutMs: number;
  maxBytes: number;
  useRobots: boolean;
}

export type AttemptOutcome =
  | {
      ok: true;
      url: string;
      status: number;
      headers: Record<string, string>;
      body: string;
      bytes: number;
      robots: RobotsDecision;
      redirects: string[];
    }
  | {
      ok: false;
      kind: FailureKind;
      retry: RetryAdvice;
      url: string;
      status?: number;
      detail: string;
      reason?: string;
      retryAfterMs?: number;
      robots?: RobotsDecision;
    };

interface Redirect {
  redirect: URL;
  status: number;
}

export const NOT_CHECKED: RobotsDecision = { checked: false, allowed: true, source: 'not_checked' };

function outcomeOf(
  request: FetchRequest,
  url: URL,
  response: HopResponse,
  robots: RobotsDecision,
  now: number,
): AttemptOutcome | Redirect {
  const at = { url: url.href, robots };
  if (!response.ok) {
    const { kind, retry, detail, status } = response;
    return { ok: false, kind, retry, detail, status, ...at };
  }
  const { status, headers } = response;
  if (status >= 300 && status < 400 && headers.location) {
    if (URL.canParse(headers.location, url.href)) return { redirect: new URL(headers.location, url), status };
    return { ok: false, kind: 'http', retry: 'never', status, detail: 'unusable redirect Location', ...at };
  }
  const body = decodeBody(response.buffer, headers['content-type']);
  const reason = detectBlock({ url: url.href, status, headers, body }, request.detectBlock);
  if (reason)
    return {
      ok: false,
      kind: 'blocked',
      retry: 'later',
      status,
      reason,
      detail: `block page: ${reason}`,
      ...at,
    };
  if (status >= 200 && status < 300)
    return { ok: true, status, headers, body, bytes: response.bytes, redirects: [], ...at };
  const retryAfterMs = parseRetryAfter(headers['retry-after'], now);
  const retry = adviceForStatus(status, retryAfterMs);
  return {
    ok: false,
    kind: 'http',
    retry,
    status,
    detail: `HTTP ${status}`,
    retryAfterMs: retry === 'later' ? retryAfterMs : undefined,
    ...at,
  };
}

/** One attempt: follows up to five redirects, re-checking SSRF and robots and taking the host's turn per hop. */
export async function runAttempt(
  deps: AttemptDeps,
  request: FetchRequest,
  settings: AttemptSettings,
): Promise<AttemptOutcome> {
  const { metrics, breakers } = deps;
  const source = request.source;
  let url = new URL(request.url);
  let method = (request.method ?? 'GET').toUpperCase();
  let body = request.body;
  let headers: Record<string, string> = {
    accept: 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8',
    'accept-encoding': 'gzip, deflate, br',
    ...Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    'user-agent': deps.userAgent,
  };
  let robots = NOT_CHECKED;
  const redirects: string[] = [];
  for (let hop = 0; ; hop++) {
    const refused = (kind: FailureKind, detail: string, retry: RetryAdvice = 'never'): AttemptOutcome => {
      metrics.requests.inc({ source, status: kind });
      return { ok: false, kind, retry, url: url.href, detail, robots };
    };
    const address = await deps.guard.check(url);
    if (!address.ok) return refused(address.kind, address.detail, address.retry);
    if (settings.useRobots) {
      robots = await deps.robots.check(url);
      if (!robots.allowed) {
        metrics.robotsRefused.inc({ source });
        const detail =
          robots.source === 'unreachable'
            ? `robots.txt unreachable${robots.status ? ` (HTTP ${robots.status})` : ''}: everything disallowed`
            : `robots.txt line ${robots.line} disallows ${url.pathname}`;
        return refused('robots', detail);
      }
    }
    const gapMs = Math.max(deps.minGapMs, robots.crawlDelayMs ?? 0);
    const hopSettings = { method, headers, body, timeoutMs: settings.timeoutMs, maxBytes: settings.maxBytes };
    const result = await breakers.run<AttemptOutcome | Redirect>(source, async (fail) => {
      const response = await exchange(deps, url, gapMs, hopSettings);
      metrics.requests.inc({ source, status: response.ok ? String(response.status) : response.kind });
      metrics.duration.observe({ source }, response.ms / 1000);
      const outcome = outcomeOf(request, url, response, robots, deps.clock.now());
      if ('redirect' in outcome || outcome.ok) return outcome;
      if (outcome.kind === 'blocked') metrics.blocked.inc({ source, reason: outcome.reason ?? 'unknown' });
      if (outcome.retryAfterMs !== undefined) await deps.gate.defer(hostKey(url), outcome.retryAfterMs);
      return countsAgainstSource(outcome.kind, outcome.status) ? fail(outcome) : outcome;
    });
    if ('open' in result)
      return refused('breaker_open', `circuit breaker for ${source} is open`, 'stop_source');
    if (!('redirect' in result)) return result.ok ? { ...result, redirects } : result;
    if (hop >= MAX_REDIRECTS)
      return {
        ok: false,
        kind: 'http',
        retry: 'never',
        url: url.href,
        detail: `more than ${MAX_REDIRECTS} redirects`,
        robots,
      };
    redirects.push(url.href);
    if (result.redirect.origin !== url.origin) {
      // Credentials meant for one origin must not follow a redirect to another.
      const { authorization: _auth, cookie: _cookie, ...rest } = headers;
      headers = rest;
    }
    // 303, and 301/302 after a POST, continue as a GET without body (as browsers do); 307/308 keep both.
    if (result.status === 303 || ((result.status === 301 || result.status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = undefined;
      const { 'content-type': _type, 'content-length': _length, ...rest } = headers;
      headers = rest;
    }
    url = result.redirect;
  }
}
