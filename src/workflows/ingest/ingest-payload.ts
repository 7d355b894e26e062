import { Compile } from 'typebox/compile';
import Value from 'typebox/value';
import {
  adapterFor,
  markParsed,
  markParsedMany,
  type ParsedListing,
  ParsedListingSchema,
  type ParseOutcome,
  type SourceAdapter,
  type SourceRegistry,
  storeRawRecords,
} from '../../modules/sources/index.js';
import type { Database } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger/index.js';
import type { IngestMetrics } from './ingest-metrics.js';
import { enrichFromText, offlineQualityStages, type QualityStages } from './quality-stages.js';
import {
  type LeadChange,
  type PreparedRecord,
  prepareRecord,
  upsertPreparedRecords,
} from './upsert-batch.js';

export interface IngestDeps {
  db: Database;
  log: Logger;
  sources: SourceRegistry;
  /** Counts outcomes per source for /metrics (the server and workers pass it; the CLI needn't). */
  ingestMetrics?: IngestMetrics;
  /** Extraction, validation and scoring as configured; offline defaults when absent. */
  quality?: QualityStages;
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

/** Runs the source's parser without letting a parser bug escape: a throw becomes a failure value. */
function safeParse(
  adapter: SourceAdapter,
  payload: string,
  url: string | null,
): ParseOutcome | { error: string } {
  try {
    return adapter.parse(payload, url ?? undefined);
  } catch (error) {
    return { error: `parser threw: ${(error as Error).message}` };
  }
}

// Compiled once: checking a listing costs about a microsecond instead of ~75 µs interpreted.
const listingValidator = Compile(ParsedListingSchema);

function schemaProblem(listing: ParsedListing): string | null {
  // Errors walks the whole value, so it runs only for the rare invalid listing.
  if (listingValidator.Check(listing)) return null;
  const [first] = Value.Errors(ParsedListingSchema, listing);
  return first ? `listing ${first.instancePath || '/'} ${first.message}` : null;
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

/** A stored raw record to parse and upsert. */
export interface RecordToParse {
  id: number;
  payload: string;
  url: string | null;
}

type Outcome = { status: 'parsed' | 'skipped' | 'failed'; reason?: string; prepared?: PreparedRecord };

/** A record after parsing, before writing: what `writeParsedRecords` takes. */
export type ParsedRecord = Outcome & { id: number };

// Parsing is synchronous CPU work; yielding every few records lets a batch being written meanwhile
// send its next statement, so parsing and the database overlap.
const RECORDS_BETWEEN_YIELDS = 8;

/**
 * Parses, schema-checks, normalises and enriches records from their text, without writing anything;
 * never throws.
 */
export async function parseRecords(
  deps: Pick<IngestDeps, 'quality'>,
  adapter: SourceAdapter,
  records: readonly RecordToParse[],
): Promise<ParsedRecord[]> {
  const parsed: ParsedRecord[] = [];
  for (const [i, record] of records.entries()) {
    if (i > 0 && i % RECORDS_BETWEEN_YIELDS === 0) await new Promise((resolve) => setImmediate(resolve));
    const outcome: ParsedRecord = { id: record.id, ...parseRecord(adapter, record) };
    await enrich(deps, outcome);
    parsed.push(outcome);
  }
  return parsed;
}

/** Runs the text extractor over a parsed record's listings (see enrichFromText). */
async function enrich(deps: Pick<IngestDeps, 'quality'>, outcome: Outcome): Promise<void> {
  const extractor = (deps.quality ?? OFFLINE_STAGES).extractor;
  for (const listing of outcome.prepared?.listings ?? []) await enrichFromText(listing, extractor);
}

/** Parses one record without writing anything; never throws. */
function parseRecord(adapter: SourceAdapter, record: RecordToParse): Outcome {
  const outcome = safeParse(adapter, record.payload, record.url);
  if ('error' in outcome) return { status: 'failed', reason: outcome.error };
  if ('skipped' in outcome) {
    return {
      status: 'skipped',
      reason: outcome.detail ? `${outcome.skipped}: ${outcome.detail}` : outcome.skipped,
    };
  }
  return checkListings(record.id, outcome.listings);
}

/** Schema-checks and normalises a record's listings; one that breaks the schema fails the record, named. */
function checkListings(rawRecordId: number, listings: readonly ParsedListing[]): Outcome {
  const invalid = listings.map(schemaProblem).find((problem) => problem !== null);
  if (invalid) return { status: 'failed', reason: invalid };
  try {
    return { status: 'parsed', prepared: prepareRecord(rawRecordId, listings) };
  } catch (error) {
    return { status: 'failed', reason: (error as Error).message };
  }
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
  const outcome: ParsedRecord = { id: rawRecordId, ...checkListings(rawRecordId, listings) };
  await enrich(deps, outcome);
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
