import Value from 'typebox/value';
import {
  attachSource,
  changedFields,
  findLeadBySourceRecord,
  getLeadFacts,
  insertLead,
  touchLead,
  updateLeadFacts,
  upsertContact,
} from '../../modules/leads/index.js';
import { normalizeListing, scrubLeadContact } from '../../modules/quality/index.js';
import {
  adapterFor,
  markParsed,
  type ParsedListing,
  ParsedListingSchema,
  type ParseOutcome,
  type SourceAdapter,
  type SourceRegistry,
  storeRawRecord,
} from '../../modules/sources/index.js';
import type { Database, Queryable } from '../../platform/db/index.js';
import { appendEvent } from '../../platform/events.js';
import type { Logger } from '../../platform/logger/index.js';
import type { IngestMetrics } from './ingest-metrics.js';
import { listingToLead, suppliedFields } from './listing-to-lead.js';

export interface IngestDeps {
  db: Database;
  log: Logger;
  sources: SourceRegistry;
  /** Counts outcomes per source for /metrics (the server and workers pass it; the CLI needn't). */
  ingestMetrics?: IngestMetrics;
}

export interface IngestInput {
  sourceId: string;
  payload: string;
  url?: string | null;
  externalId?: string | null;
  contentType?: string;
  httpStatus?: number | null;
  fetchMeta?: Record<string, unknown>;
}

export type LeadChange = 'created' | 'updated' | 'unchanged';

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

function schemaProblem(listing: ParsedListing): string | null {
  // Check is cheap; Errors walks the whole value, so it runs only for the rare invalid listing.
  if (Value.Check(ParsedListingSchema, listing)) return null;
  const [first] = Value.Errors(ParsedListingSchema, listing);
  return first ? `listing ${first.instancePath || '/'} ${first.message}` : null;
}

/** Creates or updates the lead one listing describes, with its contact and provenance. */
async function upsertListing(
  tx: Queryable,
  listing: ParsedListing,
  rawRecordId: number,
): Promise<{ id: string; change: LeadChange }> {
  const { facts, contact } = listingToLead(normalizeListing(listing));
  const existingId = listing.external_id
    ? await findLeadBySourceRecord(tx, listing.source, listing.external_id)
    : null;
  let change: LeadChange = 'created';
  let leadId: string;
  if (existingId) {
    leadId = existingId;
    const before = await getLeadFacts(tx, leadId);
    const changed = before ? changedFields(before, facts) : [];
    change = changed.length > 0 ? 'updated' : 'unchanged';
    if (change === 'updated') {
      await updateLeadFacts(tx, leadId, facts);
      await appendEvent(tx, {
        type: 'lead.updated',
        aggregateType: 'lead',
        aggregateId: leadId,
        payload: { changed, raw_record_id: rawRecordId },
      });
    } else {
      await touchLead(tx, leadId);
    }
  } else {
    leadId = await insertLead(tx, facts);
    await appendEvent(tx, {
      type: 'lead.created',
      aggregateType: 'lead',
      aggregateId: leadId,
      payload: { source: listing.source, external_id: listing.external_id, raw_record_id: rawRecordId },
    });
  }
  await upsertContact(tx, leadId, contact);
  // Every stored phone is checked against the DNC lists as it arrives; the scrub date goes with it.
  await scrubLeadContact(tx, leadId, new Date());
  await attachSource(tx, {
    leadId,
    rawRecordId,
    sourceId: listing.source,
    externalId: listing.external_id,
    url: listing.url,
    match: { reason: existingId ? 'same_source_record' : 'created' },
    fields: suppliedFields(facts, contact),
  });
  return { id: leadId, change };
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
  const stored = await storeRawRecord(deps.db, {
    sourceId: adapter.id,
    externalId:
      input.externalId ?? (url && adapter.externalIdFromUrl ? adapter.externalIdFromUrl(url) : null),
    sourceUrl: url,
    contentType: input.contentType ?? adapter.contentType,
    payload: input.payload,
    httpStatus: input.httpStatus ?? null,
    fetchMeta: input.fetchMeta,
  });
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

/**
 * Upserts listings that came from one raw record, all or none, and records the raw record as parsed;
 * a listing that breaks the ParsedListing schema fails the whole record with the field named.
 */
export async function upsertListings(
  deps: IngestDeps,
  adapter: Pick<SourceAdapter, 'id' | 'parserVersion'>,
  rawRecordId: number,
  listings: ParsedListing[],
): Promise<IngestResult> {
  const base = { rawRecordId, newRawRecord: false, leads: [] };
  const invalid = listings.map(schemaProblem).find((problem) => problem !== null);
  if (invalid) {
    await markParsed(deps.db, rawRecordId, 'failed', adapter.parserVersion, invalid);
    return { ...base, status: 'failed', reason: invalid };
  }
  try {
    const leads = await deps.db.transaction(async (tx) => {
      const results = [];
      for (const listing of listings) {
        const lead = await upsertListing(tx, listing, rawRecordId);
        results.push({ ...lead, external_id: listing.external_id });
      }
      await markParsed(tx, rawRecordId, 'parsed', adapter.parserVersion, null);
      return results;
    });
    return { ...base, status: 'parsed', leads };
  } catch (error) {
    const reason = (error as Error).message;
    deps.log.warn({ err: error, rawRecordId, source: adapter.id }, 'ingest failed');
    await markParsed(deps.db, rawRecordId, 'failed', adapter.parserVersion, reason);
    return { ...base, status: 'failed', reason };
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
  const base = { rawRecordId, newRawRecord: false, leads: [] };
  const outcome = safeParse(adapter, payload, url);
  if ('error' in outcome) {
    await markParsed(deps.db, rawRecordId, 'failed', adapter.parserVersion, outcome.error);
    return { ...base, status: 'failed', reason: outcome.error };
  }
  if ('skipped' in outcome) {
    const reason = outcome.detail ? `${outcome.skipped}: ${outcome.detail}` : outcome.skipped;
    await markParsed(deps.db, rawRecordId, 'skipped', adapter.parserVersion, reason);
    return { ...base, status: 'skipped', reason };
  }
  return upsertListings(deps, adapter, rawRecordId, outcome.listings);
}
