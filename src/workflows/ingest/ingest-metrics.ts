import { Counter, Gauge, type Registry } from 'prom-client';
import type { IngestResult } from './ingest-payload.js';

/** Ingest outcomes per source: the records-per-stage counters the dashboard and alert rules read. */
export interface IngestMetrics {
  record(sourceId: string, result: IngestResult): void;
}

const bySource = new WeakMap<Registry, IngestMetrics>();

/** The ingest metrics on a registry, created once per registry (a process has one). */
export function ingestMetricsFor(registry: Registry): IngestMetrics {
  const existing = bySource.get(registry);
  if (existing) return existing;
  const rawRecords = new Counter({
    name: 'ingest_raw_records_total',
    help: 'Payloads stored as raw records, by source and whether the content was new',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const parses = new Counter({
    name: 'ingest_parse_total',
    help: 'Raw records parsed, by source and status (parsed, skipped, failed, unchanged)',
    labelNames: ['source', 'status'] as const,
    registers: [registry],
  });
  const leads = new Counter({
    name: 'ingest_leads_total',
    help: 'Leads written by ingestion, by source and change (created, updated, unchanged)',
    labelNames: ['source', 'change'] as const,
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: 'ingest_last_success_timestamp_seconds',
    help: 'When a payload of the source was last parsed into listings (Unix seconds)',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const metrics: IngestMetrics = {
    record(source, result) {
      rawRecords.inc({ source, outcome: result.newRawRecord ? 'new' : 'known' });
      parses.inc({ source, status: result.status });
      for (const lead of result.leads) leads.inc({ source, change: lead.change });
      if (result.status === 'parsed') lastSuccess.set({ source }, Date.now() / 1000);
    },
  };
  bySource.set(registry, metrics);
  return metrics;
}
