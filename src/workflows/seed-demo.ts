import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Platform } from '../platform/platform.js';
import {
  addToSummary,
  emptySummary,
  ingestDepsFor,
  ingestPayload,
  type ReparseSummary,
} from './ingest/index.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** The sample payloads the demo is made of: real-format pages and payloads shipped in fixtures/. */
export function demoPayloads(): { sourceId: string; file: string }[] {
  const inDir = (dir: string, pattern: RegExp) =>
    readdirSync(path.join(FIXTURES, dir))
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => path.join(dir, name));
  return [
    ...inDir('craigslist/corpus/postings', /\.html$/).map((file) => ({ sourceId: 'craigslist', file })),
    ...inDir('zillow', /DERIVED_fsbo\.json$|^search_.*\.json$/).map((file) => ({ sourceId: 'zillow', file })),
    ...inDir('fsbo', /HANDMADE\.html$/).map((file) => ({ sourceId: 'fsbo', file })),
    ...inDir('facebook_leadads', /^graph_lead_seller_form\.json$/).map((file) => ({
      sourceId: 'facebook_leadads',
      file,
    })),
    ...inDir('csv', /^leads-clean\.csv$/).map((file) => ({ sourceId: 'csv', file })),
  ];
}

const MARKER = 'system.demo_seeded';

/**
 * Loads the demo data through the real pipeline (raw record → parse → normalise → lead), so the demo
 * shows exactly what ingestion makes of real pages. Safe to run again: stored payloads are not re-ingested.
 */
export async function seedDemo(
  platform: Platform,
  onProgress?: (done: number, total: number) => void,
): Promise<ReparseSummary> {
  const deps = ingestDepsFor(platform);
  const payloads = demoPayloads();
  const summary = emptySummary();
  for (const [index, { sourceId, file }] of payloads.entries()) {
    const payload = readFileSync(path.join(FIXTURES, file), 'utf8');
    const result = await ingestPayload(deps, {
      sourceId,
      payload,
      url: null,
      fetchMeta: { channel: 'demo_seed', file },
    });
    addToSummary(summary, result);
    onProgress?.(index + 1, payloads.length);
  }
  await platform.db.query(
    `INSERT INTO events (type, aggregate_type, aggregate_id, payload) VALUES ($1, 'system', 'demo', $2)`,
    [MARKER, JSON.stringify(summary)],
  );
  return summary;
}

/** On a fresh embedded database (never seeded), loads the demo data; elsewhere does nothing. */
export async function seedDemoIfFresh(platform: Platform): Promise<void> {
  const { config, db, log } = platform;
  if (!config.SEED_DEMO || db.kind !== 'pglite') return;
  const { rows } = await db.query('SELECT 1 FROM events WHERE type = $1 LIMIT 1', [MARKER]);
  if (rows.length > 0) return;
  log.info('loading demo data through the ingest pipeline (first start only)');
  const started = Date.now();
  const summary = await seedDemo(platform, (done, total) => {
    if (done % 100 === 0) log.info({ done, total }, 'demo data loading…');
  });
  log.info({ ...summary, ms: Date.now() - started }, 'demo data loaded');
}
