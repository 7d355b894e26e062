import { Counter, Gauge, Histogram, type Metric, Registry } from 'prom-client';
import type { BreakerStateName } from './fetch.types.js';

/** The fetch client's Prometheus metrics. */
export interface FetchMetrics {
  requests: Counter<'source' | 'status'>;
  duration: Histogram<'source'>;
  blocked: Counter<'source' | 'reason'>;
  robotsRefused: Counter<'source'>;
  breakerState: Gauge<'source'>;
}

export const BREAKER_GAUGE: Record<BreakerStateName, number> = { closed: 0, half_open: 1, open: 2 };

// Two clients on one registry (API and worker in one process, tests) share the metrics, not a crash.
function registered<T extends Metric>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Registers (or reuses) the fetch metrics on `registry`; a private registry when none is given. */
export function createFetchMetrics(registry: Registry = new Registry()): FetchMetrics {
  const registers = [registry];
  return {
    requests: registered(
      registry,
      'fetch_requests_total',
      () =>
        new Counter({
          name: 'fetch_requests_total',
          help: 'Outbound requests by source and HTTP status or error kind',
          labelNames: ['source', 'status'] as const,
          registers,
        }),
    ),
    duration: registered(
      registry,
      'fetch_duration_seconds',
      () =>
        new Histogram({
          name: 'fetch_duration_seconds',
          help: 'Duration of each outbound exchange (one attempt or redirect hop) by source',
          labelNames: ['source'] as const,
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
          registers,
        }),
    ),
    blocked: registered(
      registry,
      'fetch_blocked_total',
      () =>
        new Counter({
          name: 'fetch_blocked_total',
          help: 'Block or captcha pages received, by source and reason',
          labelNames: ['source', 'reason'] as const,
          registers,
        }),
    ),
    robotsRefused: registered(
      registry,
      'fetch_robots_refused_total',
      () =>
        new Counter({
          name: 'fetch_robots_refused_total',
          help: 'Requests not sent because robots.txt disallows them',
          labelNames: ['source'] as const,
          registers,
        }),
    ),
    breakerState: registered(
      registry,
      'fetch_breaker_state',
      () =>
        new Gauge({
          name: 'fetch_breaker_state',
          help: 'Circuit breaker state per source: 0 closed, 1 half-open, 2 open',
          labelNames: ['source'] as const,
          registers,
        }),
    ),
  };
}
