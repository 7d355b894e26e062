import { Counter, type Registry } from 'prom-client';

/** What the contact validator reports: cache hits and misses per kind, for the hit-ratio graph. */
export interface ValidationMetrics {
  cache(kind: 'phone' | 'email', result: 'hit' | 'miss'): void;
}

const byRegistry = new WeakMap<Registry, ValidationMetrics>();

/** The validation metrics on a registry, created once per registry (a process has one). */
export function validationMetricsFor(registry: Registry): ValidationMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const cacheTotal = new Counter({
    name: 'aiqleads_validation_cache_total',
    help: 'Contact validation cache lookups, by kind (phone, email) and result (hit, miss)',
    labelNames: ['kind', 'result'] as const,
    registers: [registry],
  });
  const metrics: ValidationMetrics = {
    cache: (kind, result) => cacheTotal.inc({ kind, result }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
