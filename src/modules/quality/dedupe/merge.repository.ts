// Merging a duplicate found after both leads exist: the kept lead takes the duplicate's sources, keys,
// contact details and the fields it lacked, with field-level provenance; the duplicate points at it.
import type { Queryable } from '../../../platform/db/index.js';
import { appendEvent } from '../../../platform/events.js';
import { scrubLeadContact } from '../dnc/index.js';
import { LeadMergeRefusedError, LeadNotFoundForMergeError } from './dedupe.errors.js';

/** Lead columns a merge fills from the duplicate when the kept lead has none (the kept value always wins). */
const FILLABLE = [
  'property_type',
  'title',
  'description',
  'price',
  'bedrooms',
  'bathrooms',
  'sqft',
  'lot_sqft',
  'year_built',
  'address_line',
  'city',
  'state',
  'zip',
] as const;

export interface MergeResult {
  keptId: string;
  mergedId: string;
  movedSources: number;
  /** Fields the kept lead lacked and took from the duplicate (`location` covers latitude/longitude). */
  filledFields: string[];
}

const SALE = new Set(['fsbo_sale', 'agent_sale']);
const RENT = new Set(['owner_rental', 'agent_rental']);

async function lockPair(tx: Queryable, keepId: string, duplicateId: string) {
  if (keepId === duplicateId) throw new LeadMergeRefusedError('a lead cannot be merged into itself');
  const { rows } = await tx.query<
    Record<string, unknown> & { id: string; status: string; listing_type: string }
  >(
    `SELECT id, status, listing_type, location IS NOT NULL AS has_location, geo_precision, ${FILLABLE.join(', ')}
       FROM leads WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [[keepId, duplicateId]],
  );
  const keep = rows.find((row) => row.id === keepId);
  const dup = rows.find((row) => row.id === duplicateId);
  if (!keep) throw new LeadNotFoundForMergeError(keepId);
  if (!dup) throw new LeadNotFoundForMergeError(duplicateId);
  for (const lead of [keep, dup])
    if (lead.status === 'merged') throw new LeadMergeRefusedError(`lead ${lead.id} is already merged`);
  const types = [keep.listing_type, dup.listing_type];
  if (types.some((t) => SALE.has(t)) && types.some((t) => RENT.has(t)))
    throw new LeadMergeRefusedError(`a sale and a rental are never one lead (${types.join(' vs ')})`);
  return { keep, dup };
}

/** Field provenance from `lead_sources.fields` for leads made before field sources were recorded. */
async function backfillFieldSources(tx: Queryable, leadIds: string[]): Promise<void> {
  await tx.query(
    `INSERT INTO lead_field_sources (lead_id, field, raw_record_id, source_id, supplied_at)
     SELECT DISTINCT ON (ls.lead_id, f.field) ls.lead_id, f.field, ls.raw_record_id, ls.source_id, ls.attached_at
       FROM lead_sources ls CROSS JOIN LATERAL unnest(ls.fields) AS f(field)
      WHERE ls.lead_id = ANY($1::uuid[])
      ORDER BY ls.lead_id, f.field, ls.attached_at DESC, ls.raw_record_id DESC
     ON CONFLICT (lead_id, field) DO NOTHING`,
    [leadIds],
  );
}

async function fillFields(
  tx: Queryable,
  keepId: string,
  duplicateId: string,
  filled: string[],
): Promise<void> {
  // Coalesce keeps every value the kept lead has; a rooftop point replaces a ZIP/city centroid.
  await tx.query(
    `UPDATE leads k SET ${FILLABLE.map((c) => `${c} = coalesce(k.${c}, d.${c})`).join(', ')},
            location = CASE WHEN d.location IS NOT NULL AND (k.location IS NULL OR
                         (d.geo_precision = 'rooftop' AND k.geo_precision IS DISTINCT FROM 'rooftop'))
                       THEN d.location ELSE k.location END,
            geo_precision = CASE WHEN d.location IS NOT NULL AND (k.location IS NULL OR
                         (d.geo_precision = 'rooftop' AND k.geo_precision IS DISTINCT FROM 'rooftop'))
                       THEN d.geo_precision ELSE k.geo_precision END,
            images = CASE WHEN jsonb_array_length(k.images) = 0 THEN d.images ELSE k.images END,
            attributes = d.attributes || k.attributes,
            first_seen_at = least(k.first_seen_at, d.first_seen_at),
            last_seen_at = greatest(k.last_seen_at, d.last_seen_at),
            updated_at = now()
       FROM leads d WHERE k.id = $1 AND d.id = $2`,
    [keepId, duplicateId],
  );
  const fields = filled.flatMap((f) => (f === 'location' ? ['latitude', 'longitude', 'geo_precision'] : [f]));
  await tx.query(
    `INSERT INTO lead_field_sources (lead_id, field, raw_record_id, source_id, merged_from, supplied_at)
     SELECT $1, field, raw_record_id, source_id, $2, supplied_at FROM lead_field_sources
      WHERE lead_id = $2 AND field = ANY($3::text[])
     ON CONFLICT (lead_id, field) DO UPDATE SET raw_record_id = EXCLUDED.raw_record_id,
       source_id = EXCLUDED.source_id, merged_from = EXCLUDED.merged_from, supplied_at = EXCLUDED.supplied_at`,
    [keepId, duplicateId, fields],
  );
}

/** Union of the two contacts; a suppressed contact stays suppressed (and blank) after the merge. */
async function mergeContacts(tx: Queryable, keepId: string, duplicateId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO contacts AS c (lead_id, name, phones, emails, consent, suppressed_at)
     SELECT $1, name, phones, emails, consent, suppressed_at FROM contacts WHERE lead_id = $2
     ON CONFLICT (lead_id) DO UPDATE SET
       suppressed_at = coalesce(c.suppressed_at, EXCLUDED.suppressed_at),
       name = CASE WHEN coalesce(c.suppressed_at, EXCLUDED.suppressed_at) IS NULL THEN coalesce(c.name, EXCLUDED.name) END,
       phones = CASE WHEN coalesce(c.suppressed_at, EXCLUDED.suppressed_at) IS NULL
                     THEN ARRAY(SELECT DISTINCT unnest(c.phones || EXCLUDED.phones)) ELSE '{}' END,
       emails = CASE WHEN coalesce(c.suppressed_at, EXCLUDED.suppressed_at) IS NULL
                     THEN ARRAY(SELECT DISTINCT unnest(c.emails || EXCLUDED.emails)) ELSE '{}' END,
       consent = coalesce(c.consent, EXCLUDED.consent),
       updated_at = now()`,
    [keepId, duplicateId],
  );
  return rowCount > 0;
}

/**
 * Merges `duplicateId` into `keepId` in the caller's transaction: moves its lead_sources (their `match`
 * records the merge and `evidence`), blocking keys and contact details, fills fields the kept lead lacks
 * (with provenance), marks the duplicate 'merged' and appends a `lead.merged` event.
 */
export async function mergeLeads(
  tx: Queryable,
  keepId: string,
  duplicateId: string,
  evidence: Record<string, unknown>,
): Promise<MergeResult> {
  const { keep, dup } = await lockPair(tx, keepId, duplicateId);
  await backfillFieldSources(tx, [keepId, duplicateId]);
  const filled: string[] = FILLABLE.filter((c) => keep[c] === null && dup[c] !== null);
  if (
    dup.has_location &&
    (!keep.has_location || (dup.geo_precision === 'rooftop' && keep.geo_precision !== 'rooftop'))
  )
    filled.push('location');
  await fillFields(tx, keepId, duplicateId, filled);
  const moved = await tx.query(
    `WITH moved AS (DELETE FROM lead_sources WHERE lead_id = $2 RETURNING *)
     INSERT INTO lead_sources (lead_id, raw_record_id, source_id, external_id, source_url, match, fields, attached_at)
     SELECT $1, raw_record_id, source_id, external_id, source_url,
            jsonb_build_object('reason', 'merged', 'merged_from', $2::text, 'evidence', $3::jsonb, 'previous', match),
            fields, attached_at
       FROM moved
     ON CONFLICT (lead_id, raw_record_id) DO NOTHING`,
    [keepId, duplicateId, JSON.stringify(evidence)],
  );
  await tx.query(
    `WITH moved AS (DELETE FROM lead_match_keys WHERE lead_id = $2 RETURNING kind, key)
     INSERT INTO lead_match_keys (kind, key, lead_id) SELECT kind, key, $1 FROM moved ON CONFLICT DO NOTHING`,
    [keepId, duplicateId],
  );
  if (await mergeContacts(tx, keepId, duplicateId)) await scrubLeadContact(tx, keepId, new Date());
  // Leads merged into the duplicate earlier now point at the kept lead: merged_into is never a chain.
  await tx.query(
    `UPDATE leads SET status = 'merged', merged_into = $1, updated_at = now() WHERE merged_into = $2 OR id = $2`,
    [keepId, duplicateId],
  );
  await appendEvent(tx, {
    type: 'lead.merged',
    aggregateType: 'lead',
    aggregateId: keepId,
    payload: { merged_id: duplicateId, evidence, moved_sources: moved.rowCount, filled_fields: filled },
  });
  return { keptId: keepId, mergedId: duplicateId, movedSources: moved.rowCount, filledFields: filled };
}
