import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { Cache } from '../cache/index.js';
import type { Logger } from '../logger/index.js';

/** Crawls of public pages respect robots.txt; API calls (Graph, Slack, LLM) don't need it by default. */
export type RequestKind = 'crawl' | 'api';

/** What a block detector sees of a response. */
export interface BlockProbe {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A per-source check: returns a short reason (`'captcha'`) when the page is a block page, else null. */
export type BlockDetector = (response: BlockProbe) => string | null;

export interface FetchRequest {
  url: string;
  /** The source this request serves (`craigslist`, `slack`): breaker key and metric label. */
  source: string;
  kind: RequestKind;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Overrides the client's robots setting for this request's kind. */
  robots?: boolean;
  /** Non-idempotent methods (POST, PATCH) are only retried on reset/5xx when this is set. */
  idempotent?: boolean;
  detectBlock?: BlockDetector;
  timeoutMs?: number;
  maxBytes?: number;
}

/** Where the robots.txt answer came from, per RFC 9309. */
export type RobotsSource =
  | 'robots_txt' // parsed a 2xx robots.txt
  | 'unavailable' // 4xx (or too many redirects): everything allowed
  | 'unreachable' // 5xx, 429, network error or timeout: everything disallowed for a while
  | 'not_checked'; // robots not required for this request

/** The robots decision recorded with every response (the lead passport keeps it). */
export interface RobotsDecision {
  checked: boolean;
  allowed: boolean;
  source: RobotsSource;
  robotsUrl?: string;
  /** HTTP status of the robots.txt fetch, when one answered. */
  status?: number;
  /** 1-based line of the rule that decided, -1 when no rule matched. */
  line?: number;
  crawlDelayMs?: number;
  /** When the robots.txt answer was fetched (ISO 8601). */
  fetchedAt?: string;
}

export type FailureKind =
  | 'robots'
  | 'ssrf'
  | 'blocked'
  | 'breaker_open'
  | 'too_large'
  | 'http'
  | 'network'
  | 'timeout';

/** How a caller should retry: never, later without spending an attempt, with backoff, or stop the source. */
export type RetryAdvice = 'never' | 'later' | 'backoff' | 'stop_source';

export interface FetchSuccess {
  ok: true;
  /** Final URL after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  bytes: number;
  attempts: number;
  ms: number;
  robots: RobotsDecision;
  /** URLs that redirected to the final one, in order. */
  redirects: string[];
}

export interface FetchFailure {
  ok: false;
  kind: FailureKind;
  retry: RetryAdvice;
  url: string;
  status?: number;
  detail: string;
  /** Block reason (kind `blocked`), also the metric label. */
  reason?: string;
  /** For `retry: 'later'`: how long the source asked us to wait. */
  retryAfterMs?: number;
  robots?: RobotsDecision;
  attempts: number;
  ms: number;
}

export type FetchResult = FetchSuccess | FetchFailure;

/** Resolves a hostname to every address it has (dns.lookup `all: true` by default). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface BreakerOptions {
  /** Failure ratio that opens the breaker (opens at ≥ this ratio). */
  threshold: number;
  /** Sampling window in ms. */
  windowMs: number;
  /** Fewest requests in the window before the ratio counts. */
  minimumRequests: number;
  /** How long the breaker stays open before letting one trial request through. */
  halfOpenAfterMs: number;
}

export type BreakerStateName = 'closed' | 'open' | 'half_open';

export interface GuardedFetchOptions {
  userAgent: string;
  /** Minimum ms between request starts to one host (hostname:port); robots Crawl-delay raises it. */
  minGapMs?: number;
  /** Requests in flight to one host at once (1, the polite default; load tests of a local site raise it). */
  hostConcurrency?: number;
  /** Bounds each attempt: connect, headers and body together. */
  timeoutMs?: number;
  maxBytes?: number;
  /** Extra attempts after the first on 5xx, resets and timeouts (0–3). */
  retries?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Private hosts this client may reach: hostnames, IPs or CIDRs (tests: `['127.0.0.1']`). */
  allowPrivateHosts?: string[];
  /** robots.txt on/off per request kind; default crawl on, api off. */
  robots?: Partial<Record<RequestKind, boolean>>;
  robotsTtlMs?: number;
  robotsErrorTtlMs?: number;
  /** Cap on a robots Crawl-delay, so a site asking for hours does not stall workers. */
  maxCrawlDelayMs?: number;
  /** Shares robots.txt answers across processes (a Redis-backed platform cache). */
  robotsCache?: Cache;
  /** Shares host politeness across processes; in-process without it or while it errors. */
  redis?: Redis;
  redisKeyPrefix?: string;
  /** The longest Retry-After waited inside a fetch; longer ones come back as `retry: 'later'`. */
  maxRetryAfterMs?: number;
  breaker?: Partial<BreakerOptions>;
  onBreakerChange?: (source: string, state: BreakerStateName) => void;
  registry?: Registry;
  log?: Logger;
  clock?: Clock;
  random?: () => number;
  resolve?: Resolver;
}
