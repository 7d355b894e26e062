import {
  adapterFor,
  defaultSourceRegistry,
  markParsed,
  markParsedMany,
  type ParsedListing,
  type SourceAdapter,
  type SourceRegistry,
  storeRawRecords,
} from '../../modules/sources/index.js';
import type { Database } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger/index.js';
import type { IngestMetrics } from './ingest-metrics.js';
import { type ParsePool, sharedParsePool } from './parse-pool.js';
import {
  checkListings,
  enrichRecord,
  type ParsedRecord,
  parseRecord,
  type RecordToParse,
} from './parse-records.js';
import { offlineQualityStages, type QualityStages } from './quality-stages.js';
import { type LeadChange, upsertPreparedRecords } from './upsert-batch.js';

export type { ParsedRecord, RecordToParse } from './parse-records.js';

export interface IngestDeps {
  db: Database;
  log: Logger;
  sources: SourceRegistry;
  /** Counts outcomes per source for /metrics (the server and workers pass it; the CLI needn't). */
  ingestMetrics?: IngestMetrics;
  /** Extraction, validation and scoring as configured; offline defaults when absent. */
  quality?: QualityStages;
  /** Worker threads for parsing batches: the process's shared pool when absent, none (inline) when null. */
  parsePool?: ParsePool | null;
}

const OFFLINE_STAGES = offlineQualityStages();

export interface IngestInput {
  sourceId: string;
  payload: string;
  url?: string | null;
  externalId?: string | null;
  contentType?: string;
  httpStatus?: number | null;
  fetchMeta?: Record<string, unknown>;
}

export interface IngestResult {
  rawRecordId: number;
  /** False when the same content from the same place was already stored. */
  newRawRecord: boolean;
  status: 'parsed' | 'skipped' | 'failed' | 'unchanged';
  /** Skip reason or failure message. */
  reason?: string;
  leads: { id: string; change: LeadChange; external_id: string | null }[];
}

/**
 * Stores a payload verbatim as a raw record (idempotent on source + external id + content hash) without
 * parsing it: the first step of ingestion.
 */
export async function storePayload(deps: Pick<IngestDeps, 'db' | 'sources'>, input: IngestInput) {
  const [stored] = await storePayloads(deps, [input]);
  return stored!;
}

/** storePayload for many payloads in one statement: all a crawl's page job does (parsing follows in batches). */
export async function storePayloads(
  deps: Pick<IngestDeps, 'db' | 'sources'>,
  inputs: readonly IngestInput[],
) {
  return storeRawRecords(
    deps.db,
    inputs.map((input) => {
      const adapter = adapterFor(deps.sources, input.sourceId);
      const url = input.url ?? null;
      return {
        sourceId: adapter.id,
        externalId:
          input.externalId ?? (url && adapter.externalIdFromUrl ? adapter.externalIdFromUrl(url) : null),
        sourceUrl: url,
        contentType: input.contentType ?? adapter.contentType,
        payload: input.payload,
        httpStatus: input.httpStatus ?? null,
        fetchMeta: input.fetchMeta,
      };
    }),
  );
}

/**
 * The ingest flow for one payload: store it verbatim (committed on its own, so it survives any later
 * failure), parse, then upsert every listing in one transaction. Storing the same content again changes
 * nothing unless `reparse` asks to run today's parser over it.
 */
export async function ingestPayload(
  deps: IngestDeps,
  input: IngestInput,
  options: { reparse?: boolean } = {},
): Promise<IngestResult> {
  const adapter = adapterFor(deps.sources, input.sourceId);
  const url = input.url ?? null;
  const stored = await storePayload(deps, input);
  const base = { rawRecordId: stored.id, newRawRecord: stored.created, leads: [] };
  const result: IngestResult =
    !stored.created && stored.parseStatus !== 'pending' && !options.reparse
      ? { ...base, status: 'unchanged' }
      : {
          ...(await parseAndUpsert(deps, adapter, stored.id, input.payload, url)),
          newRawRecord: stored.created,
        };
  deps.ingestMetrics?.record(adapter.id, result);
  return result;
}

// Parsing is synchronous CPU work; yielding every few records lets a batch being written meanwhile
// send its next statement, so parsing and the database overlap.
const RECORDS_BETWEEN_YIELDS = 8;
/** Smaller batches (a webhook, one ingest) are parsed in place: a worker round trip would cost more. */
const WORKER_MIN_RECORDS = 16;

// The workers build the default registry themselves; an adapter swapped in by the caller is run in place.
const DEFAULT_PARSERS = new Map([...defaultSourceRegistry()].map(([id, adapter]) => [id, adapter.parse]));

/**
 * Parses, schema-checks, normalises and enriches records from their text, without writing anything;
 * never throws. A batch of a default source runs in the parse workers (with the deterministic extractor
 * there too; another extractor runs here after), everything else here.
 */
export async function parseRecords(
  deps: Pick<IngestDeps, 'quality' | 'parsePool' | 'log'>,
  adapter: SourceAdapter,
  records: readonly RecordToParse[],
): Promise<ParsedRecord[]> {
  const extractor = (deps.quality ?? OFFLINE_STAGES).extractor;
  const pool = deps.parsePool === undefined ? sharedParsePool() : deps.parsePool;
  if (pool && records.length >= WORKER_MIN_RECORDS && DEFAULT_PARSERS.get(adapter.id) === adapter.parse) {
    const enrichThere = extractor.name === 'deterministic';
    try {
      const parsed = await pool.parse(adapter.id, [...records], enrichThere);
      if (enrichThere) return parsed;
      const enriched: ParsedRecord[] = [];
      for (const outcome of parsed) enriched.push(await enrichRecord(outcome, extractor));
      return enriched;
    } catch (error) {
      // A worker that crashed or could not start: this batch is parsed here, record by record.
      deps.log?.warn({ err: error, source: adapter.id }, 'parse worker failed; parsing in process');
    }
  }
  const parsed: ParsedRecord[] = [];
  for (const [i, record] of records.entries()) {
    if (i > 0 && i % RECORDS_BETWEEN_YIELDS === 0) await new Promise((resolve) => setImmediate(resolve));
    parsed.push(await enrichRecord(parseRecord(adapter, record), extractor));
  }
  return parsed;
}

/**
 * Parses raw records and upserts their listings, all records of the batch in one transaction with
 * set-based writes, and records each outcome on its raw record.
 */
export async function parseAndUpsertMany(
  deps: IngestDeps,
  adapter: SourceAdapter,
  records: readonly RecordToParse[],
): Promise<IngestResult[]> {
  return writeParsedRecords(deps, adapter, await parseRecords(deps, adapter, records));
}

/** Upserts listings that came from one raw record (already parsed, e.g. a mapped CSV), all or none. */
export async function upsertListings(
  deps: IngestDeps,
  adapter: Pick<SourceAdapter, 'id' | 'parserVersion'>,
  rawRecordId: number,
  listings: ParsedListing[],
): Promise<IngestResult> {
  const outcome = await enrichRecord(
    { id: rawRecordId, ...checkListings(rawRecordId, listings) },
    (deps.quality ?? OFFLINE_STAGES).extractor,
  );
  const [result] = await writeParsedRecords(deps, adapter, [outcome]);
  return result!;
}

/**
 * Writes parsed records in one transaction and records each outcome on its raw record. If the batch's
 * transaction fails, each record is retried alone, so a bad record fails by itself with its reason
 * and the others go in.
 */
export async function writeParsedRecords(
  deps: IngestDeps,
  adapter: Pick<SourceAdapter, 'id' | 'parserVersion'>,
  outcomes: readonly ParsedRecord[],
): Promise<IngestResult[]> {
  const prepared = outcomes.flatMap((outcome) => (outcome.prepared ? [outcome.prepared] : []));
  try {
    const leads = await deps.db.transaction(async (tx) => {
      const written = await upsertPreparedRecords(tx, prepared, deps.quality ?? OFFLINE_STAGES);
      await markParsedMany(
        tx,
        outcomes.map(({ id, status, reason }) => ({ id, status, error: reason ?? null })),
        adapter.parserVersion,
      );
      return new Map(prepared.map((record, i) => [record.rawRecordId, written[i]!]));
    });
    return outcomes.map(({ id, status, reason }) => ({
      rawRecordId: id,
      newRawRecord: false,
      status,
      ...(reason ? { reason } : {}),
      leads: leads.get(id) ?? [],
    }));
  } catch (error) {
    if (outcomes.length > 1) {
      const results: IngestResult[] = [];
      for (const outcome of outcomes) results.push(...(await writeParsedRecords(deps, adapter, [outcome])));
      return results;
    }
    const reason = (error as Error).message;
    const { id } = outcomes[0]!;
    deps.log.warn({ err: error, rawRecordId: id, source: adapter.id }, 'ingest failed');
    await markParsed(deps.db, id, 'failed', adapter.parserVersion, reason);
    return [{ rawRecordId: id, newRawRecord: false, status: 'failed', reason, leads: [] }];
  }
}

/** Parses a stored raw record and upserts its listings; records the outcome on the raw record. */
export async function parseAndUpsert(
  deps: IngestDeps,
  adapter: SourceAdapter,
  rawRecordId: number,
  payload: string,
  url: string | null,
): Promise<IngestResult> {
  const [result] = await parseAndUpsertMany(deps, adapter, [{ id: rawRecordId, payload, url }]);
  return result!;
}
