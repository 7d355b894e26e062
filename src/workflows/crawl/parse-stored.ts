import { settleStoredPages } from '../../modules/sources/index.js';
import { type IngestDeps, type IngestResult, parsePendingRecords } from '../ingest/index.js';

function settled(result: IngestResult) {
  return {
    rawRecordId: result.rawRecordId,
    status: result.status === 'unchanged' ? ('parsed' as const) : result.status,
    leadsCreated: result.leads.filter((lead) => lead.change === 'created').length,
    leadsUpdated: result.leads.filter((lead) => lead.change === 'updated').length,
    detail: result.reason ?? null,
  };
}

/**
 * Parses a source's stored (pending) pages in batches and settles the crawl pages waiting for them,
 * closing the runs that have nothing left open. Safe to run at any time and more than once: it only
 * takes records still pending.
 */
export async function parseStoredPages(deps: IngestDeps, sourceId: string): Promise<number> {
  const summary = await parsePendingRecords(deps, sourceId, async (results) => {
    await settleStoredPages(deps.db, results.map(settled));
  });
  return summary.records;
}
