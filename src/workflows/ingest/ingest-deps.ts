import { createContactValidator, createTextExtractor } from '../../modules/quality/index.js';
import { defaultSourceRegistry } from '../../modules/sources/index.js';
import type { Platform } from '../../platform/platform.js';
import { ingestMetricsFor } from './ingest-metrics.js';
import type { IngestDeps } from './ingest-payload.js';

/**
 * The ingest pipeline's dependencies as this process is configured: the source adapters, metrics, and
 * the quality stages (text extractor, cached contact validator, fraud threshold). Every entry point —
 * server, worker, CLI, demo seed, benchmarks — builds its deps here, so they all run the same stages.
 */
export function ingestDepsFor(platform: Platform): IngestDeps {
  const { config, metrics } = platform;
  return {
    db: platform.db,
    log: platform.log,
    sources: defaultSourceRegistry(),
    ingestMetrics: ingestMetricsFor(metrics.registry),
    quality: {
      extractor: createTextExtractor(config, {
        fetch: platform.fetch,
        registry: metrics.registry,
        log: platform.log,
      }),
      validator: createContactValidator({ cache: platform.cache, registry: metrics.registry, config }),
      fraudReviewThreshold: config.FRAUD_REVIEW_THRESHOLD,
    },
  };
}
