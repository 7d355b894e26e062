// Incremental matching against stored leads: candidates come from the key table, then each is compared
// with its stored facts and contact. Only repositories hold SQL; the rules live in compare.ts.

import type { Queryable } from '../../../platform/db/index.js';
import type { LeadContact, LeadFacts } from '../../leads/index.js';
import { compareRecords, MATCHER_VERSION, type MatchReason } from './compare.js';
import { lookupKeysFor, matchKeysFor } from './match-keys.js';
import { type MatchInput, prepareRecord } from './match-record.js';

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

async function candidateLeads(
  tx: Queryable,
  candidate: MatchInput,
  origin: { sourceId: string; externalId: string | null },
  exclude: readonly string[],
) {
  const keys = lookupKeysFor(candidate);
  if (keys.length === 0) return [];
  const { rows } = await tx.query<{ lead_id: string }>(
    `SELECT k.lead_id
       FROM unnest($1::text[], $2::text[]) AS q(kind, key)
       JOIN lead_match_keys k ON k.kind = q.kind AND k.key = q.key
       JOIN leads l ON l.id = k.lead_id AND l.status <> 'merged'
      WHERE NOT (k.lead_id = ANY($3::uuid[]))
        -- The lead this very source record already belongs to is not its duplicate.
        AND NOT EXISTS (SELECT 1 FROM lead_sources ls
                         WHERE ls.lead_id = k.lead_id AND ls.source_id = $5 AND ls.external_id = $6)
      GROUP BY k.lead_id
      ORDER BY count(*) DESC, k.lead_id
      LIMIT $4`,
    [
      keys.map((k) => k.kind),
      keys.map((k) => k.key),
      exclude,
      MAX_CANDIDATES,
      origin.sourceId,
      origin.externalId,
    ],
  );
  if (rows.length === 0) return [];
  const stored = await tx.query<StoredRow>(
    `SELECT ${FACT_COLUMNS} FROM leads l LEFT JOIN contacts c ON c.lead_id = l.id WHERE l.id = ANY($1::uuid[])`,
    [rows.map((row) => row.lead_id)],
  );
  return stored.rows;
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
  const record = prepareRecord(candidate);
  let best: DuplicateMatch | null = null;
  const rows = await candidateLeads(tx, record, candidate, options.excludeLeadIds ?? []);
  for (const row of rows) {
    const { id, phones, emails, ...facts } = row;
    const result = compareRecords(record, { facts, contact: { phones, emails } });
    if (result.decision !== 'match') continue;
    if (!best || result.score > best.score || (result.score === best.score && id < best.leadId))
      best = { leadId: id, score: result.score, decision: 'match', reasons: result.reasons };
  }
  return best;
}

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
  const keys = matchKeysFor(candidate);
  if (keys.length === 0) return 0;
  const { rowCount } = await tx.query(
    `INSERT INTO lead_match_keys (kind, key, lead_id)
     SELECT kind, key, $3::uuid FROM unnest($1::text[], $2::text[]) AS q(kind, key)
     ON CONFLICT DO NOTHING`,
    [keys.map((k) => k.kind), keys.map((k) => k.key), leadId],
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
  if (fields.length === 0) return;
  await tx.query(
    `INSERT INTO lead_field_sources (lead_id, field, raw_record_id, source_id)
     SELECT $1, field, $2, $3 FROM unnest($4::text[]) AS f(field)
     ON CONFLICT (lead_id, field) DO UPDATE SET raw_record_id = EXCLUDED.raw_record_id,
       source_id = EXCLUDED.source_id, merged_from = NULL, supplied_at = now()`,
    [leadId, rawRecordId, sourceId, fields],
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
