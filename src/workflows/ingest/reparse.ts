import { adapterFor, listRawRecords } from '../../modules/sources/index.js';
import { type IngestDeps, type IngestResult, parseAndUpsertMany } from './ingest-payload.js';

export interface ReparseSummary {
  records: number;
  parsed: number;
  skipped: number;
  failed: number;
  leadsCreated: number;
  leadsUpdated: number;
  leadsUnchanged: number;
}

/** Replays every stored raw record of a source through today's parser, oldest first. */
export async function reparseSource(
  deps: IngestDeps,
  sourceId: string,
  onProgress?: (done: number) => void,
): Promise<ReparseSummary> {
  const adapter = adapterFor(deps.sources, sourceId);
  const summary = emptySummary();
  let afterId = 0;
  for (;;) {
    const batch = await listRawRecords(deps.db, sourceId, afterId, 200);
    if (batch.length === 0) return summary;
    const results = await parseAndUpsertMany(
      deps,
      adapter,
      batch.map((record) => ({ id: record.id, payload: record.payload, url: record.source_url })),
    );
    for (const result of results) {
      deps.ingestMetrics?.record(adapter.id, result);
      addToSummary(summary, result);
    }
    afterId = batch.at(-1)!.id;
    onProgress?.(summary.records);
  }
}

/** A summary with nothing counted yet. */
export function emptySummary(): ReparseSummary {
  return {
    records: 0,
    parsed: 0,
    skipped: 0,
    failed: 0,
    leadsCreated: 0,
    leadsUpdated: 0,
    leadsUnchanged: 0,
  };
}

/** Adds one result to a running summary (shared by ingest and reparse reports). */
export function addToSummary(summary: ReparseSummary, result: IngestResult): void {
  summary.records += 1;
  if (result.status === 'parsed') summary.parsed += 1;
  if (result.status === 'skipped') summary.skipped += 1;
  if (result.status === 'failed') summary.failed += 1;
  for (const lead of result.leads) {
    if (lead.change === 'created') summary.leadsCreated += 1;
    if (lead.change === 'updated') summary.leadsUpdated += 1;
    if (lead.change === 'unchanged') summary.leadsUnchanged += 1;
  }
}
