// Incremental matching against stored leads: candidates come from the key table, then each is compared
// with its stored facts and contact. Only repositories hold SQL; the rules live in compare.ts.

import type { Queryable } from '../../../platform/db/index.js';
import type { LeadContact, LeadFacts } from '../../leads/index.js';
import { compareRecords, MATCHER_VERSION, type MatchReason } from './compare.js';
import { lookupKeysFor, type MatchKey, matchKeysFor } from './match-keys.js';
import { type MatchInput, type MatchRecord, prepareRecord } from './match-record.js';

/** A new record about to become (part of) a lead. */
export interface DuplicateCandidate {
  facts: LeadFacts;
  contact: LeadContact;
  sourceId: string;
  externalId: string | null;
}

/** The lead a record duplicates, with the evidence. */
export interface DuplicateMatch {
  leadId: string;
  score: number;
  decision: 'match';
  reasons: MatchReason[];
}

/** How many candidate leads sharing keys are compared at most (a hot phone or complex can share thousands). */
export const MAX_CANDIDATES = 50;

const FACT_COLUMNS = `l.id, l.listing_type, l.property_type, l.title, l.description, l.price, l.bedrooms,
  l.bathrooms, l.sqft, l.lot_sqft, l.year_built, l.address_line, l.city, l.state, l.zip,
  CASE WHEN l.location IS NULL THEN NULL ELSE ST_Y(l.location::geometry) END AS latitude,
  CASE WHEN l.location IS NULL THEN NULL ELSE ST_X(l.location::geometry) END AS longitude,
  l.geo_precision, l.posted_at, l.source_updated_at, l.attributes, l.images,
  coalesce(c.phones, '{}') AS phones, coalesce(c.emails, '{}') AS emails`;

type StoredRow = LeadFacts & { id: string; phones: string[]; emails: string[] };

/** A stored lead as the matcher sees it, prepared once however many new records it is compared with. */
type StoredCandidate = { id: string; record: MatchRecord };

function prepareStored(row: StoredRow): StoredCandidate {
  const { id, phones, emails, ...facts } = row;
  return { id, record: prepareRecord({ facts, contact: { phones, emails } }) };
}

/** The best 'match' among stored candidates (ties broken by lead id, so the answer is stable). */
function bestMatch(record: MatchRecord, candidates: readonly StoredCandidate[]): DuplicateMatch | null {
  let best: DuplicateMatch | null = null;
  for (const { id, record: stored } of candidates) {
    const result = compareRecords(record, stored);
    if (result.decision !== 'match') continue;
    if (!best || result.score > best.score || (result.score === best.score && id < best.leadId))
      best = { leadId: id, score: result.score, decision: 'match', reasons: result.reasons };
  }
  return best;
}

/**
 * The existing lead a new record duplicates, if any: the best-scoring candidate whose decision is 'match'.
 * Leads already holding this source record (sourceId + externalId) and `excludeLeadIds` are left out.
 */
export async function findDuplicate(
  tx: Queryable,
  candidate: DuplicateCandidate,
  options: { excludeLeadIds?: readonly string[] } = {},
): Promise<DuplicateMatch | null> {
  const excluded = new Set(options.excludeLeadIds ?? []);
  if (candidate.externalId !== null) {
    // The lead this very source record already belongs to is not its duplicate.
    const { rows } = await tx.query<{ lead_id: string }>(
      'SELECT lead_id FROM lead_sources WHERE source_id = $1 AND external_id = $2',
      [candidate.sourceId, candidate.externalId],
    );
    for (const row of rows) excluded.add(row.lead_id);
  }
  const { matches } = await findStoredDuplicates(tx, [prepareRecord(candidate)], { excluded });
  return matches[0] ?? null;
}

/**
 * The stored lead each of many new records duplicates, with one key lookup and one read of the
 * candidates; each answer is as of before the batch. `excluded` leads are never candidates.
 */
export async function findStoredDuplicates(
  tx: Queryable,
  records: readonly MatchRecord[],
  options: { excluded?: ReadonlySet<string> } = {},
): Promise<{ matches: (DuplicateMatch | null)[]; storedKeys: StoredKeys }> {
  const lookups = records.map((record) => lookupKeysFor(record));
  // Records in one batch share many keys (reposts, one owner's posts): each distinct key is probed once.
  const distinct = new Map<string, MatchKey>();
  for (const keys of lookups) for (const key of keys) distinct.set(key.id, key);
  const leadsByKey: StoredKeys = new Map();
  if (distinct.size === 0) return { matches: records.map(() => null), storedKeys: leadsByKey };
  const probes = [...distinct.values()];
  // One row per key found, its leads joined into one string: a batch's keys reach thousands of (key, lead)
  // pairs, and rows, uuid[] values and text[] parameters each cost the driver far more than JSON and a
  // split (about 500 MB less garbage per 20,000 records).
  const { rows } = await tx.query<{ i: string; lead_ids: string }>(
    `SELECT q.i, string_agg(k.lead_id::text, ',') AS lead_ids
       FROM ROWS FROM (jsonb_array_elements_text($1::jsonb), jsonb_array_elements_text($2::jsonb))
            WITH ORDINALITY AS q(kind, key, i)
       JOIN lead_match_keys k ON k.kind = q.kind AND k.key = q.key
       JOIN leads l ON l.id = k.lead_id AND l.status <> 'merged'
      GROUP BY q.i`,
    [JSON.stringify(probes.map((k) => k.kind)), JSON.stringify(probes.map((k) => k.key))],
  );
  for (const row of rows) {
    const probe = probes[Number(row.i) - 1]!;
    const excluded = options.excluded;
    const all = row.lead_ids.split(',');
    const leadIds = excluded ? all.filter((id) => !excluded.has(id)) : all;
    if (leadIds.length > 0) leadsByKey.set(probe.id, leadIds);
  }
  // Per record: candidate leads by the number of keys shared, most first (as findDuplicate orders them).
  const candidates = lookups.map((keys) => {
    const shared = new Map<string, number>();
    for (const key of keys)
      for (const leadId of leadsByKey.get(key.id) ?? []) shared.set(leadId, (shared.get(leadId) ?? 0) + 1);
    return [...shared]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_CANDIDATES)
      .map(([leadId]) => leadId);
  });
  const ids = [...new Set(candidates.flat())];
  if (ids.length === 0) return { matches: records.map(() => null), storedKeys: leadsByKey };
  const stored = await tx.query<StoredRow>(
    `SELECT ${FACT_COLUMNS} FROM leads l LEFT JOIN contacts c ON c.lead_id = l.id WHERE l.id = ANY($1::uuid[])`,
    [ids],
  );
  // A stored lead is a candidate of many records of the batch (reposts, one owner's posts): its address
  // parse and shingles are computed once, not once per comparison.
  const storedById = new Map(stored.rows.map((row) => [row.id, prepareStored(row)]));
  const matches = records.map((record, index) =>
    bestMatch(
      record,
      candidates[index]!.map((id) => storedById.get(id)).filter(
        (candidate): candidate is StoredCandidate => candidate !== undefined,
      ),
    ),
  );
  return { matches, storedKeys: leadsByKey };
}

/** The leads already holding each looked-up key (by `MatchKey.id`), so those keys need not be written again. */
export type StoredKeys = Map<string, readonly string[]>;

/** The `lead_sources.match` value for a record attached to a lead because it duplicates it. */
export function matchEvidence(match: DuplicateMatch): Record<string, unknown> {
  return {
    reason: 'duplicate',
    matcher: MATCHER_VERSION,
    lead_id: match.leadId,
    score: match.score,
    reasons: match.reasons,
  };
}

/** Adds a record's blocking keys to a lead (keys of earlier records stay: reposts of any version match). */
export async function recordMatchKeys(tx: Queryable, leadId: string, candidate: MatchInput): Promise<number> {
  return recordMatchKeysMany(tx, [{ leadId, record: candidate }]);
}

/** recordMatchKeys for many leads in one statement. */
export async function recordMatchKeysMany(
  tx: Queryable,
  entries: readonly { leadId: string; record: MatchInput | MatchRecord }[],
  alreadyStored: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<number> {
  const rows = entries
    .flatMap(({ leadId, record }) => matchKeysFor(record).map((key) => ({ leadId, ...key })))
    .filter((row) => !alreadyStored.get(row.id)?.includes(row.leadId));
  if (rows.length === 0) return 0;
  const { rowCount } = await tx.query(
    `INSERT INTO lead_match_keys (kind, key, lead_id)
     SELECT kind, key, lead_id FROM unnest($1::text[], $2::text[], $3::uuid[]) AS q(kind, key, lead_id)
     ON CONFLICT DO NOTHING`,
    [rows.map((r) => r.kind), rows.map((r) => r.key), rows.map((r) => r.leadId)],
  );
  return rowCount;
}

/** Records that a raw record supplied these fields of a lead now (the latest supplier of a field wins). */
export async function recordFieldSources(
  tx: Queryable,
  leadId: string,
  rawRecordId: number,
  sourceId: string,
  fields: readonly string[],
): Promise<void> {
  await recordFieldSourcesMany(tx, [{ leadId, rawRecordId, sourceId, fields }]);
}

/** recordFieldSources for many records in one statement; for a lead and field, the last entry wins. */
export async function recordFieldSourcesMany(
  tx: Queryable,
  entries: readonly { leadId: string; rawRecordId: number; sourceId: string; fields: readonly string[] }[],
): Promise<void> {
  // One row per (lead, field): ON CONFLICT DO UPDATE may not touch a row twice in one statement.
  const latest = new Map<
    string,
    { lead_id: string; field: string; raw_record_id: number; source_id: string }
  >();
  for (const entry of entries) {
    for (const field of entry.fields) {
      latest.set(`${entry.leadId}\u0000${field}`, {
        lead_id: entry.leadId,
        field,
        raw_record_id: entry.rawRecordId,
        source_id: entry.sourceId,
      });
    }
  }
  if (latest.size === 0) return;
  await tx.query(
    `INSERT INTO lead_field_sources (lead_id, field, raw_record_id, source_id)
     SELECT r.lead_id, r.field, r.raw_record_id, r.source_id
       FROM jsonb_to_recordset($1::jsonb) AS r(lead_id uuid, field text, raw_record_id bigint, source_id text)
     ON CONFLICT (lead_id, field) DO UPDATE SET raw_record_id = EXCLUDED.raw_record_id,
       source_id = EXCLUDED.source_id, merged_from = NULL, supplied_at = now()`,
    [JSON.stringify([...latest.values()])],
  );
}

/** Where each field of a lead came from, by field name. */
export async function fieldSources(
  tx: Queryable,
  leadId: string,
): Promise<Record<string, { raw_record_id: number; source_id: string; merged_from: string | null }>> {
  const { rows } = await tx.query<{
    field: string;
    raw_record_id: number;
    source_id: string;
    merged_from: string | null;
  }>(
    'SELECT field, raw_record_id, source_id, merged_from FROM lead_field_sources WHERE lead_id = $1 ORDER BY field',
    [leadId],
  );
  return Object.fromEntries(rows.map(({ field, ...source }) => [field, source]));
}
