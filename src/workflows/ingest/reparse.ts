import { adapterFor, listRawRecords, type StoredPayload } from '../../modules/sources/index.js';
import { type IngestDeps, type IngestResult, parseRecords, writeParsedRecords } from './ingest-payload.js';

export interface ReparseSummary {
  records: number;
  parsed: number;
  skipped: number;
  failed: number;
  leadsCreated: number;
  leadsUpdated: number;
  leadsUnchanged: number;
  /** Records that joined an existing lead as a duplicate (another source, or a repost). */
  leadsMatched: number;
}

/** Records parsed and written together (the crawl's parse job waits for this many while pages arrive). */
export const PARSE_BATCH_SIZE = 200;

/**
 * Records per batch when replaying stored records: nothing waits for the first leads, so batches are larger
 * and each statement carries more rows (re-ingest of 20,000 postings: about 8 % faster than with 200, and
 * no faster again from 400 to 1,000).
 */
export const REPARSE_BATCH_SIZE = 500;

/**
 * Replays every stored raw record of a source through today's parser, oldest first, a batch at a time
 * (see parseInBatches).
 */
export async function reparseSource(
  deps: IngestDeps,
  sourceId: string,
  onProgress?: (done: number) => void,
): Promise<ReparseSummary> {
  return parseInBatches(
    deps,
    sourceId,
    REPARSE_BATCH_SIZE,
    (afterId) => listRawRecords(deps.db, sourceId, afterId, REPARSE_BATCH_SIZE),
    { onProgress },
  );
}

/**
 * Parses the raw records of a source still waiting for their first parse (a crawl stores pages and
 * leaves them pending); `onResults` sees each written batch, in its transaction's wake.
 */
export async function parsePendingRecords(
  deps: IngestDeps,
  sourceId: string,
  onResults?: (results: IngestResult[]) => Promise<void>,
): Promise<ReparseSummary> {
  return parseInBatches(
    deps,
    sourceId,
    PARSE_BATCH_SIZE,
    (afterId) => listRawRecords(deps.db, sourceId, afterId, PARSE_BATCH_SIZE, { pendingOnly: true }),
    { onResults },
  );
}

/**
 * Runs raw records through parse and upsert a batch at a time. The stages overlap: a batch is handed to the
 * parser as soon as it is read, the next one is read while it is parsed, and it is parsed while the previous
 * one is written. Writes stay in order (a batch is written only after the one before it committed), so a
 * listing's later version always lands after its earlier one. At most two batches wait in the parser.
 */
async function parseInBatches(
  deps: IngestDeps,
  sourceId: string,
  batchSize: number,
  list: (afterId: number) => Promise<StoredPayload[]>,
  hooks: { onProgress?: (done: number) => void; onResults?: (results: IngestResult[]) => Promise<void> },
): Promise<ReparseSummary> {
  const adapter = adapterFor(deps.sources, sourceId);
  const summary = emptySummary();
  const count = async (results: IngestResult[]) => {
    for (const result of results) {
      deps.ingestMetrics?.record(adapter.id, result);
      addToSummary(summary, result);
    }
    await hooks.onResults?.(results);
    hooks.onProgress?.(summary.records);
  };
  // A batch goes to the parser as soon as it is read: the workers queue it behind the batch they are on, so
  // they never wait for this thread between batches (re-ingest about 7 % faster than parsing on demand).
  const readAndParse = async (afterId: number) => {
    const batch = await list(afterId);
    return {
      size: batch.length,
      lastId: batch.at(-1)?.id ?? afterId,
      parsed: parseRecords(
        deps,
        adapter,
        batch.map((record) => ({ id: record.id, payload: record.payload, url: record.source_url })),
      ),
    };
  };
  const none = { size: 0, lastId: 0, parsed: Promise.resolve([]) };
  let next = readAndParse(0);
  let writing: Promise<IngestResult[]> | null = null;
  try {
    for (;;) {
      const { size, lastId, parsed } = await next;
      if (size === 0) break;
      // A short batch was the last one when it was read. Records stored since (a crawl still running)
      // are not chased a few at a time: each asked for a parse, and the next job takes them in full batches.
      next = size < batchSize ? Promise.resolve(none) : readAndParse(lastId);
      const outcomes = await parsed;
      if (writing) await count(await writing);
      writing = writeParsedRecords(deps, adapter, outcomes);
    }
    if (writing) await count(await writing);
  } finally {
    // Nothing may be left running when the caller stops early (onProgress may throw).
    await Promise.allSettled([next.then((read) => read.parsed), writing]);
  }
  return summary;
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
    leadsMatched: 0,
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
    if (lead.change === 'matched') summary.leadsMatched += 1;
  }
}
