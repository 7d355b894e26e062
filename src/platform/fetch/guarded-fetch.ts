import { setTimeout as delay } from 'node:timers/promises';
import { createAddressGuard } from './address-guard.js';
import { type AttemptDeps, type AttemptOutcome, runAttempt } from './attempt.js';
import { createBreakers, DEFAULT_BREAKER } from './breakers.js';
import type {
  BreakerStateName,
  Clock,
  FetchFailure,
  FetchRequest,
  FetchResult,
  GuardedFetchOptions,
} from './fetch.types.js';
import { BREAKER_GAUGE, createFetchMetrics } from './fetch-metrics.js';
import { createLocalHostGate } from './host-gate.js';
import { createRedisHostGate } from './redis-host-gate.js';
import { backoffDelay } from './retry-policy.js';
import { createRobotsChecker } from './robots.js';
import { fetchRobotsTxt } from './robots-fetch.js';
import { createTransport } from './transport.js';

/** The one client every outbound request goes through. */
export interface GuardedFetch {
  /** Fetches a URL politely and safely; expected failures come back as `{ ok: false, kind, retry }`. */
  fetch(request: FetchRequest): Promise<FetchResult>;
  /** The circuit breaker state of a source (`closed` for one never seen). */
  breakerState(source: string): BreakerStateName;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

export const FETCH_DEFAULTS = {
  minGapMs: 1_000,
  hostConcurrency: 1,
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  retries: 3,
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  robotsTtlMs: 24 * 60 * 60 * 1000,
  robotsErrorTtlMs: 5 * 60 * 1000,
  maxCrawlDelayMs: 60_000,
  maxRetryAfterMs: 120_000,
} as const;

/** How often one fetch may wait out a Retry-After without spending an attempt before handing back. */
const MAX_FREE_WAITS = 3;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

const systemClock: Clock = { now: () => Date.now(), sleep: (ms) => delay(ms) };

/** Builds the guarded client: SSRF guard, robots.txt, per-host politeness, retries, breakers, metrics. */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const settings = { ...FETCH_DEFAULTS, ...withoutUndefined(options) };
  const retries = Math.max(0, Math.min(3, settings.retries));
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const log = options.log;
  const metrics = createFetchMetrics(options.registry);
  const guard = createAddressGuard({
    allowPrivateHosts: options.allowPrivateHosts ?? [],
    resolve: options.resolve,
    now: clock.now,
  });
  const local = createLocalHostGate(clock, settings.hostConcurrency);
  const gate = options.redis
    ? createRedisHostGate({
        redis: options.redis,
        local,
        clock,
        log,
        prefix: options.redisKeyPrefix,
        concurrency: settings.hostConcurrency,
      })
    : local;
  const breakers = createBreakers({ ...DEFAULT_BREAKER, ...options.breaker }, (source, state) => {
    metrics.breakerState.set({ source }, BREAKER_GAUGE[state]);
    if (state === 'open') log?.warn({ source }, 'fetch: circuit breaker opened');
    else log?.info({ source, state }, 'fetch: circuit breaker state changed');
    options.onBreakerChange?.(source, state);
  });
  const deps: AttemptDeps = {
    userAgent: options.userAgent,
    minGapMs: settings.minGapMs,
    guard,
    transport: createTransport(guard, Math.min(settings.timeoutMs, 10_000)),
    gate,
    breakers,
    metrics,
    clock,
    robots: createRobotsChecker({
      userAgent: options.userAgent,
      ttlMs: settings.robotsTtlMs,
      errorTtlMs: settings.robotsErrorTtlMs,
      maxCrawlDelayMs: settings.maxCrawlDelayMs,
      clock,
      cache: options.robotsCache,
      fetchRobots: (url) => fetchRobotsTxt(deps, url, settings.timeoutMs),
    }),
  };
  const seen = new Set<string>();

  async function fetch(request: FetchRequest): Promise<FetchResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const source = request.source;
    if (!seen.has(source)) {
      seen.add(source);
      metrics.breakerState.set({ source }, BREAKER_GAUGE[breakers.state(source)]);
    }
    const failure = (
      fields: Omit<FetchFailure, 'ok' | 'attempts' | 'ms'>,
      attempts: number,
    ): FetchResult => ({
      ok: false,
      ...fields,
      attempts,
      ms: elapsed(),
    });
    if (!URL.canParse(request.url))
      return failure({ kind: 'ssrf', retry: 'never', url: request.url, detail: 'not a valid URL' }, 0);
    if (breakers.refusing(source)) {
      metrics.requests.inc({ source, status: 'breaker_open' });
      const detail = `circuit breaker for ${source} is open`;
      return failure({ kind: 'breaker_open', retry: 'stop_source', url: request.url, detail }, 0);
    }
    const method = (request.method ?? 'GET').toUpperCase();
    const mayRetry = IDEMPOTENT.has(method) || request.idempotent === true;
    const attemptSettings = {
      timeoutMs: request.timeoutMs ?? settings.timeoutMs,
      maxBytes: request.maxBytes ?? settings.maxBytes,
      useRobots: request.robots ?? options.robots?.[request.kind] ?? request.kind === 'crawl',
    };
    let attempts = 0;
    let freeWaits = 0;
    for (;;) {
      attempts++;
      const outcome = await runAttempt(deps, request, attemptSettings).catch(
        (error: unknown): AttemptOutcome => {
          // A bug here must not take a crawl worker down: log it loudly, hand back a failure.
          log?.error({ err: error, source, url: redacted(request.url) }, 'fetch: unexpected error');
          const detail = `unexpected: ${error instanceof Error ? error.message : String(error)}`;
          return { ok: false, kind: 'network', retry: 'never', url: request.url, detail };
        },
      );
      if (outcome.ok) return { ...outcome, attempts, ms: elapsed() };
      const { kind, retry, retryAfterMs } = outcome;
      const where = redacted(outcome.url);
      if (
        retry === 'later' &&
        kind === 'http' &&
        retryAfterMs !== undefined &&
        retryAfterMs <= settings.maxRetryAfterMs &&
        freeWaits < MAX_FREE_WAITS
      ) {
        // The host's next start was already pushed back by the Retry-After; the next turn waits it out.
        freeWaits++;
        attempts--;
        log?.debug({ source, url: where, retryAfterMs }, 'fetch: waiting out Retry-After');
        continue;
      }
      if (retry === 'backoff' && mayRetry && attempts <= retries) {
        const wait = backoffDelay(attempts - 1, settings.backoffBaseMs, settings.backoffCapMs, random);
        log?.debug({ source, url: where, kind, status: outcome.status, wait }, 'fetch: retrying');
        await clock.sleep(wait);
        continue;
      }
      return failure(outcome, attempts);
    }
  }

  return {
    fetch,
    breakerState: (source) => breakers.state(source),
    close: () => deps.transport.close(),
  };
}

// Query strings carry tokens (Graph API access_token) and contact details: logs keep origin and path.
function redacted(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
