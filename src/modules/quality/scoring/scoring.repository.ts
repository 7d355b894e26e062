import type { Queryable } from '../../../platform/db/index.js';
import type {
  ContactReuse,
  ContactValidation,
  ScoreResult,
  ScoringContact,
  ScoringLead,
  ScoringListingType,
} from './scoring.types.js';

// Every SQL statement that reads a lead's scoring inputs and writes its scores. Set-based: one query
// per kind of input for a whole batch of leads.

/** Descriptions shorter than this are boilerplate ("Call for details"), not evidence of copying. */
export const MIN_COPIED_DESCRIPTION = 120;

export interface ScoringRow {
  id: string;
  status: string;
  lead: ScoringLead;
  contact: ScoringContact | null;
  sourceIds: string[];
  previous: { quality: number | null; fraud: number | null };
}

interface LeadRow {
  id: string;
  status: string;
  listing_type: ScoringListingType;
  property_type: string | null;
  title: string | null;
  description: string | null;
  price: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  sqft: number | null;
  address_line: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  geo_precision: ScoringLead['geoPrecision'];
  posted_at: Date | null;
  first_seen_at: Date;
  last_seen_at: Date;
  image_count: number;
  motivation: string[];
  quality_score: number | null;
  fraud_score: number | null;
  has_contact: boolean;
  phones: string[] | null;
  emails: string[] | null;
  dnc_listed: string[];
  validation: ContactValidation | null;
  source_ids: string[];
}

/**
 * The leads (not merged ones), their contacts and sources, locked until the caller's transaction ends
 * so two scorings of one lead queue up. `contacts.validation` is read through to_jsonb so this works
 * before (and without) the migration that adds it.
 */
export async function loadScoringRows(db: Queryable, leadIds: string[]): Promise<ScoringRow[]> {
  const { rows } = await db.query<LeadRow>(
    `SELECT l.id, l.status, l.listing_type, l.property_type, l.title, l.description, l.price, l.bedrooms,
            l.bathrooms, l.sqft, l.address_line, l.city, l.state, l.zip, l.geo_precision, l.posted_at,
            l.first_seen_at, l.last_seen_at, l.quality_score, l.fraud_score,
            CASE WHEN jsonb_typeof(l.images) = 'array' THEN jsonb_array_length(l.images) ELSE 0 END AS image_count,
            CASE WHEN jsonb_typeof(l.attributes -> 'motivation') = 'array'
              THEN ARRAY(SELECT jsonb_array_elements_text(l.attributes -> 'motivation'))
              ELSE '{}'::text[] END AS motivation,
            c.lead_id IS NOT NULL AS has_contact, c.phones, c.emails,
            ARRAY(SELECT listed ->> 'phone' FROM jsonb_array_elements(
              CASE WHEN jsonb_typeof(c.dnc -> 'listed') = 'array' THEN c.dnc -> 'listed' ELSE '[]' END) AS listed
            ) AS dnc_listed,
            CASE WHEN jsonb_typeof(to_jsonb(c) -> 'validation') = 'object' THEN to_jsonb(c) -> 'validation' END
              AS validation,
            ARRAY(SELECT DISTINCT ls.source_id FROM lead_sources ls WHERE ls.lead_id = l.id) AS source_ids
     FROM leads l
     LEFT JOIN contacts c ON c.lead_id = l.id
     WHERE l.id = ANY($1::uuid[]) AND l.status <> 'merged'
     ORDER BY l.id
     FOR UPDATE OF l`,
    [leadIds],
  );
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    lead: {
      listingType: row.listing_type,
      propertyType: row.property_type,
      title: row.title,
      description: row.description,
      price: row.price,
      bedrooms: row.bedrooms,
      bathrooms: row.bathrooms,
      sqft: row.sqft,
      addressLine: row.address_line,
      city: row.city,
      state: row.state,
      zip: row.zip,
      geoPrecision: row.geo_precision,
      postedAt: row.posted_at,
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      imageCount: row.image_count,
      motivation: row.motivation.filter((code) => code.length > 0),
    },
    contact: row.has_contact
      ? {
          phones: row.phones ?? [],
          emails: row.emails ?? [],
          dncListed: row.dnc_listed.filter(Boolean),
          validation: row.validation,
        }
      : null,
    sourceIds: row.source_ids,
    previous: { quality: row.quality_score, fraud: row.fraud_score },
  }));
}

/**
 * For each lead: how many other live leads (not merged, not at the same canonical address) share one
 * of its phones or emails, and how many earlier leads carry its long description with no shared
 * phone or email. Uses the GIN indexes on contacts and the md5(description) index.
 */
export async function findContactReuse(db: Queryable, leadIds: string[]): Promise<Map<string, ContactReuse>> {
  const { rows } = await db.query<{ id: string; phone_leads: number; email_leads: number; copied: number }>(
    `SELECT tl.id,
       (SELECT count(*) FROM contacts o JOIN leads ol ON ol.id = o.lead_id
        WHERE o.phones && t.phones AND o.lead_id <> tl.id AND ol.status <> 'merged'
          AND (tl.address_canonical IS NULL OR ol.address_canonical IS DISTINCT FROM tl.address_canonical)
       )::int AS phone_leads,
       (SELECT count(*) FROM contacts o JOIN leads ol ON ol.id = o.lead_id
        WHERE o.emails && t.emails AND o.lead_id <> tl.id AND ol.status <> 'merged'
          AND (tl.address_canonical IS NULL OR ol.address_canonical IS DISTINCT FROM tl.address_canonical)
       )::int AS email_leads,
       (SELECT count(*) FROM leads ol LEFT JOIN contacts o ON o.lead_id = ol.id
        WHERE length(ol.description) >= $2 AND md5(ol.description) = md5(tl.description)
          AND ol.id <> tl.id AND ol.status <> 'merged' AND ol.first_seen_at <= tl.first_seen_at
          AND NOT (coalesce(o.phones, '{}') && t.phones OR coalesce(o.emails, '{}') && t.emails)
       )::int AS copied
     FROM leads tl
     JOIN contacts t ON t.lead_id = tl.id
     WHERE tl.id = ANY($1::uuid[])`,
    [leadIds, MIN_COPIED_DESCRIPTION],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      { phoneLeads: row.phone_leads, emailLeads: row.email_leads, copiedDescriptionLeads: row.copied },
    ]),
  );
}

export interface ScoresToSave {
  id: string;
  quality: ScoreResult;
  fraud: ScoreResult;
}

/** Writes both scores, their reasons, the rules version and the time, for a batch of leads. */
export async function saveScores(
  db: Queryable,
  scores: ScoresToSave[],
  version: number,
  at: Date,
): Promise<void> {
  if (scores.length === 0) return;
  const records = scores.map((row) => ({
    id: row.id,
    quality: row.quality.score,
    fraud: row.fraud.score,
    quality_reasons: row.quality.reasons,
    fraud_reasons: row.fraud.reasons,
  }));
  await db.query(
    `UPDATE leads l
     SET quality_score = v.quality, fraud_score = v.fraud, quality_reasons = v.quality_reasons,
         fraud_reasons = v.fraud_reasons, score_version = $2, scored_at = $3
     FROM jsonb_to_recordset($1::jsonb)
       AS v (id uuid, quality smallint, fraud smallint, quality_reasons jsonb, fraud_reasons jsonb)
     WHERE l.id = v.id`,
    [JSON.stringify(records), version, at.toISOString()],
  );
}

export interface ScoreChange {
  id: string;
  quality: { from: number | null; to: number };
  fraud: { from: number | null; to: number };
}

/** One `lead.scores_changed` event per lead whose scores moved (the lead passport shows them). */
export async function appendScoreChangeEvents(
  db: Queryable,
  changes: ScoreChange[],
  version: number,
): Promise<void> {
  if (changes.length === 0) return;
  await db.query(
    `INSERT INTO events (type, aggregate_type, aggregate_id, payload)
     SELECT 'lead.scores_changed', 'lead', c.id, jsonb_build_object('quality', c.quality, 'fraud', c.fraud, 'version', $2::int)
     FROM jsonb_to_recordset($1::jsonb) AS c (id text, quality jsonb, fraud jsonb)`,
    [JSON.stringify(changes), version],
  );
}

/** Leads never scored, or scored by rules older than `version`: what to rescore after a rules change. */
export async function findLeadsToRescore(db: Queryable, version: number, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM leads
     WHERE status <> 'merged' AND (score_version IS NULL OR score_version < $1)
     ORDER BY score_version NULLS FIRST, id
     LIMIT $2`,
    [version, limit],
  );
  return rows.map((row) => row.id);
}

/**
 * Leads whose scores are due: never scored, scored by older rules, or scored before `scoredBefore`
 * (freshness decays daily). Sellable and queued leads only; the oldest scores first.
 */
export async function findDueScores(
  db: Queryable,
  options: { version: number; scoredBefore: Date; limit: number },
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM leads
      WHERE status IN ('published', 'fraud_review')
        AND (scored_at IS NULL OR score_version IS DISTINCT FROM $1 OR scored_at < $2)
      ORDER BY scored_at NULLS FIRST, id
      LIMIT $3`,
    [options.version, options.scoredBefore.toISOString(), options.limit],
  );
  return rows.map((row) => row.id);
}
