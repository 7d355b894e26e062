import type pg from 'pg';
import { SCORE_VERSION } from '../../modules/quality/index.js';
import type { Platform } from '../../platform/platform.js';
import { generateLead } from './generate.js';
import {
  analyzeSeededTables,
  type BatchRecord,
  type BatchRows,
  batchLoaded,
  copyBatch,
  dropSecondaryIndexes,
  estimatedLeadRows,
  insertBatch,
  openCopyClient,
  rebuildIndexes,
} from './load.repository.js';
import { contactRow, leadRow, sourceRow } from './rows.js';

export interface SeedSyntheticOptions {
  count: number;
  seed: number;
  /** The moment posted dates count back from (default: now). Fix it to make runs byte-identical. */
  now?: Date;
  /** Leads per transaction and per raw record (default 10,000). */
  batchSize?: number;
  /**
   * PostgreSQL only: 'rebuild' drops the secondary indexes of leads, contacts and lead_sources, loads
   * everything in one transaction and rebuilds them (several times faster; blocks readers of those
   * tables meanwhile); 'keep' loads batch by batch with indexes in place. 'auto' (default) rebuilds
   * when the load is at least 50,000 leads and at least as many as the table holds.
   */
  indexes?: 'auto' | 'rebuild' | 'keep';
  onProgress?: (done: number, total: number, phase: 'loading' | 'indexing') => void;
}

export interface SeedSyntheticSummary {
  requested: number;
  inserted: number;
  /** Leads of batches that an earlier run with the same seed already loaded. */
  alreadyLoaded: number;
  batches: number;
  method: 'copy' | 'insert';
  /** True when indexes were dropped and rebuilt around the load. */
  rebuiltIndexes: boolean;
  loadMs: number;
  /** Part of loadMs spent rebuilding indexes. */
  indexMs: number;
  analyzeMs: number;
  leadsPerSecond: number;
}

const DEFAULT_BATCH = 10_000;

async function inTransaction(client: pg.Client, own: boolean, run: () => Promise<void>): Promise<void> {
  if (!own) return run();
  await client.query('BEGIN');
  try {
    await run();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function batchRows(batch: BatchRecord, now: Date): (rawRecordId: number) => BatchRows {
  return (rawRecordId) => {
    const rows: BatchRows = { leads: [], contacts: [], sources: [] };
    for (let index = batch.from; index < batch.from + batch.count; index++) {
      const lead = generateLead(batch.seed, index, now);
      rows.leads.push(leadRow(lead, SCORE_VERSION));
      rows.contacts.push(contactRow(lead));
      rows.sources.push(sourceRow(lead, rawRecordId));
    }
    return rows;
  };
}

/**
 * Generates `count` published synthetic leads (with contacts and provenance) and loads them: COPY on
 * PostgreSQL, batched INSERTs on PGlite, one transaction and one raw record per batch, then VACUUM (ANALYZE).
 * Lead i of a seed is always the same lead, so a rerun skips the batches already loaded.
 */
export async function seedSynthetic(
  platform: Platform,
  options: SeedSyntheticOptions,
): Promise<SeedSyntheticSummary> {
  const { db, config } = platform;
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const copy = db.kind === 'postgres' && Boolean(config.DATABASE_URL);
  const client = copy ? await openCopyClient(config.DATABASE_URL as string, db.schema) : undefined;
  const summary: SeedSyntheticSummary = {
    requested: options.count,
    inserted: 0,
    alreadyLoaded: 0,
    batches: 0,
    method: copy ? 'copy' : 'insert',
    rebuiltIndexes: false,
    loadMs: 0,
    indexMs: 0,
    analyzeMs: 0,
    leadsPerSecond: 0,
  };
  const started = performance.now();
  try {
    if (client) {
      const wanted = options.indexes ?? 'auto';
      summary.rebuiltIndexes =
        wanted === 'rebuild' ||
        (wanted === 'auto' && options.count >= 50_000 && options.count >= (await estimatedLeadRows(client)));
    }
    // One transaction for a bulk load (the index drop must roll back with a failed load); otherwise one
    // per batch, so an interrupted run keeps what it loaded and a rerun continues.
    if (client && summary.rebuiltIndexes) await client.query('BEGIN');
    const dropped = client && summary.rebuiltIndexes ? await dropSecondaryIndexes(client) : [];
    for (let from = 0; from < options.count; from += batchSize) {
      const batch = {
        seed: options.seed,
        from,
        count: Math.min(batchSize, options.count - from),
        now: now.toISOString(),
      };
      if (await batchLoaded(client ?? db, batch)) {
        summary.alreadyLoaded += batch.count;
      } else {
        if (client)
          await inTransaction(client, !summary.rebuiltIndexes, () =>
            copyBatch(client, batch, batchRows(batch, now)),
          );
        else await insertBatch(db, batch, batchRows(batch, now));
        summary.inserted += batch.count;
        summary.batches += 1;
      }
      options.onProgress?.(from + batch.count, options.count, 'loading');
    }
    if (client && summary.rebuiltIndexes) {
      options.onProgress?.(options.count, options.count, 'indexing');
      const indexStarted = performance.now();
      await rebuildIndexes(client, dropped);
      await client.query('COMMIT');
      summary.indexMs = Math.round(performance.now() - indexStarted);
    }
  } catch (error) {
    if (client && summary.rebuiltIndexes) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client?.end();
  }
  summary.loadMs = Math.round(performance.now() - started);
  const analyzeStarted = performance.now();
  await analyzeSeededTables(db);
  summary.analyzeMs = Math.round(performance.now() - analyzeStarted);
  summary.leadsPerSecond = summary.loadMs > 0 ? Math.round((summary.inserted * 1000) / summary.loadMs) : 0;
  return summary;
}
