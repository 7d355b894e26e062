// The lead passport: everything recorded about where a lead's parts came from and what was checked,
// read from the append-only tables (lead_sources + raw_records, lead_field_sources, events).
import type { Queryable } from '../../../platform/db/index.js';

export interface PassportSource {
  source_id: string;
  external_id: string | null;
  url: string | null;
  raw_record_id: number;
  fetched_at: string;
  http_status: number | null;
  /** How the record arrived and what was allowed: robots decision, channel, redirects, file. */
  fetch: Record<string, unknown>;
  /** Why this record joined the lead: created, same source record, duplicate (with evidence), merged. */
  match: Record<string, unknown>;
  fields: string[];
  attached_at: string;
  parser_version: string | null;
}

export interface PassportEntry {
  at: string;
  type: string;
  lead_id: string;
  payload: Record<string, unknown>;
}

export interface LeadPassport {
  lead_id: string;
  status: string;
  merged_into: string | null;
  scores: {
    quality: number | null;
    fraud: number | null;
    version: number | null;
    scored_at: string | null;
    quality_reasons: unknown[];
    fraud_reasons: unknown[];
  };
  /** Consent the owner gave on a form channel (Lead Ads, Lead Gen Forms): the text and the answers. */
  consent: unknown | null;
  dnc_scrubbed_at: string | null;
  validated_at: string | null;
  sources: PassportSource[];
  field_sources: Record<string, { raw_record_id: number; source_id: string; merged_from: string | null }>;
  /** Every event of the lead and of leads merged into it, oldest first. */
  timeline: PassportEntry[];
}

/** Reads a lead's passport; null when there is no such lead. */
export async function loadPassport(db: Queryable, leadId: string): Promise<LeadPassport | null> {
  const lead = await db.query<{
    id: string;
    status: string;
    merged_into: string | null;
    quality_score: number | null;
    fraud_score: number | null;
    score_version: number | null;
    scored_at: Date | null;
    quality_reasons: unknown[] | null;
    fraud_reasons: unknown[] | null;
    consent: unknown | null;
    dnc_scrubbed_at: string | null;
    validated_at: Date | null;
  }>(
    `SELECT l.id, l.status, l.merged_into, l.quality_score, l.fraud_score, l.score_version, l.scored_at,
            l.quality_reasons, l.fraud_reasons, c.consent, c.dnc ->> 'scrubbed_at' AS dnc_scrubbed_at,
            c.validated_at
       FROM leads l LEFT JOIN contacts c ON c.lead_id = l.id
      WHERE l.id = $1`,
    [leadId],
  );
  const row = lead.rows[0];
  if (!row) return null;
  const sources = await db.query<PassportSource & { fetched_at: Date; attached_at: Date }>(
    `SELECT ls.source_id, ls.external_id, coalesce(ls.source_url, r.source_url) AS url, ls.raw_record_id,
            r.fetched_at, r.http_status, r.fetch_meta AS fetch, ls.match, ls.fields, ls.attached_at,
            r.parser_version
       FROM lead_sources ls JOIN raw_records r ON r.id = ls.raw_record_id
      WHERE ls.lead_id = $1
      ORDER BY ls.attached_at, ls.raw_record_id`,
    [leadId],
  );
  const fields = await db.query<{
    field: string;
    raw_record_id: number;
    source_id: string;
    merged_from: string | null;
  }>(
    'SELECT field, raw_record_id, source_id, merged_from FROM lead_field_sources WHERE lead_id = $1 ORDER BY field',
    [leadId],
  );
  const events = await db.query<{
    occurred_at: Date;
    type: string;
    aggregate_id: string;
    payload: Record<string, unknown>;
  }>(
    `SELECT occurred_at, type, aggregate_id, payload FROM events
      WHERE aggregate_type = 'lead'
        AND aggregate_id IN (SELECT $1::text UNION ALL SELECT id::text FROM leads WHERE merged_into = $1::uuid)
      ORDER BY id`,
    [leadId],
  );
  return {
    lead_id: row.id,
    status: row.status,
    merged_into: row.merged_into,
    scores: {
      quality: row.quality_score,
      fraud: row.fraud_score,
      version: row.score_version,
      scored_at: row.scored_at?.toISOString() ?? null,
      quality_reasons: row.quality_reasons ?? [],
      fraud_reasons: row.fraud_reasons ?? [],
    },
    consent: row.consent,
    dnc_scrubbed_at: row.dnc_scrubbed_at,
    validated_at: row.validated_at?.toISOString() ?? null,
    sources: sources.rows.map((source) => ({
      ...source,
      fetched_at: source.fetched_at.toISOString(),
      attached_at: source.attached_at.toISOString(),
    })),
    field_sources: Object.fromEntries(fields.rows.map(({ field, ...source }) => [field, source])),
    timeline: events.rows.map((event) => ({
      at: event.occurred_at.toISOString(),
      type: event.type,
      lead_id: event.aggregate_id,
      payload: event.payload,
    })),
  };
}
