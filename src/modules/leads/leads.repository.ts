import { isDeepStrictEqual } from 'node:util';
import type { Queryable } from '../../platform/db/index.js';
import { LEAD_FACT_FIELDS, type LeadContact, type LeadFacts } from './lead.types.js';

// Columns read back as LeadFacts; lat/lon come out of the geography point.
const FACT_COLUMNS = `listing_type, property_type, title, description, price, bedrooms, bathrooms, sqft, lot_sqft,
  year_built, address_line, city, state, zip,
  CASE WHEN location IS NULL THEN NULL ELSE ST_Y(location::geometry) END AS latitude,
  CASE WHEN location IS NULL THEN NULL ELSE ST_X(location::geometry) END AS longitude,
  geo_precision, posted_at, source_updated_at, attributes, images`;

function factParams(facts: LeadFacts): unknown[] {
  return [
    facts.listing_type,
    facts.property_type,
    facts.title,
    facts.description,
    facts.price,
    facts.bedrooms,
    facts.bathrooms,
    facts.sqft,
    facts.lot_sqft,
    facts.year_built,
    facts.address_line,
    facts.city,
    facts.state,
    facts.zip,
    facts.longitude,
    facts.latitude,
    facts.geo_precision,
    facts.posted_at,
    facts.source_updated_at,
    JSON.stringify(facts.attributes),
    JSON.stringify(facts.images),
  ];
}

const POINT = `CASE WHEN $15::float8 IS NULL OR $16::float8 IS NULL THEN NULL
  ELSE ST_SetSRID(ST_MakePoint($15::float8, $16::float8), 4326)::geography END`;

/** The lead a source record made earlier (following merges), if any. */
export async function findLeadBySourceRecord(
  db: Queryable,
  sourceId: string,
  externalId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT coalesce(l.merged_into, l.id) AS id
       FROM lead_sources ls JOIN leads l ON l.id = ls.lead_id
      WHERE ls.source_id = $1 AND ls.external_id = $2
      ORDER BY ls.attached_at DESC LIMIT 1`,
    [sourceId, externalId],
  );
  return rows[0]?.id ?? null;
}

/** Creates a published lead from its facts; returns its id. */
export async function insertLead(db: Queryable, facts: LeadFacts): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO leads (listing_type, property_type, title, description, price, bedrooms, bathrooms, sqft, lot_sqft,
                        year_built, address_line, city, state, zip, location, geo_precision, posted_at,
                        source_updated_at, attributes, images, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, ${POINT}, $17, $18, $19, $20, $21, 'published')
     RETURNING id`,
    factParams(facts),
  );
  return rows[0]!.id;
}

/** Reads a lead's stored facts (for change detection). */
export async function getLeadFacts(db: Queryable, id: string): Promise<LeadFacts | null> {
  const { rows } = await db.query<LeadFacts>(`SELECT ${FACT_COLUMNS} FROM leads WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return (a as Date | null)?.getTime?.() === (b as Date | null)?.getTime?.();
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-6;
  return isDeepStrictEqual(a, b);
}

/** Fields whose values differ between the stored facts and new ones. */
export function changedFields(before: LeadFacts, after: LeadFacts): (keyof LeadFacts)[] {
  return LEAD_FACT_FIELDS.filter((field) => !sameValue(before[field], after[field]));
}

/** Overwrites a lead's facts and marks it seen now. */
export async function updateLeadFacts(db: Queryable, id: string, facts: LeadFacts): Promise<void> {
  await db.query(
    `UPDATE leads SET listing_type = $1, property_type = $2, title = $3, description = $4, price = $5, bedrooms = $6,
            bathrooms = $7, sqft = $8, lot_sqft = $9, year_built = $10, address_line = $11, city = $12, state = $13,
            zip = $14, location = ${POINT}, geo_precision = $17, posted_at = $18, source_updated_at = $19,
            attributes = $20, images = $21, last_seen_at = now(), updated_at = now()
      WHERE id = $22`,
    [...factParams(facts), id],
  );
}

/** Marks a lead seen again without changes. */
export async function touchLead(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE leads SET last_seen_at = now() WHERE id = $1', [id]);
}

/** Sets the contact of a lead, merging phones and emails with what earlier sources gave. */
export async function upsertContact(db: Queryable, leadId: string, contact: LeadContact): Promise<void> {
  await db.query(
    `INSERT INTO contacts (lead_id, name, phones, emails, consent) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (lead_id) DO UPDATE SET
       name = coalesce(EXCLUDED.name, contacts.name),
       phones = ARRAY(SELECT DISTINCT unnest(contacts.phones || EXCLUDED.phones)),
       emails = ARRAY(SELECT DISTINCT unnest(contacts.emails || EXCLUDED.emails)),
       consent = coalesce(EXCLUDED.consent, contacts.consent),
       updated_at = now()
     WHERE contacts.suppressed_at IS NULL`,
    [
      leadId,
      contact.name,
      contact.phones,
      contact.emails,
      contact.consent === null ? null : JSON.stringify(contact.consent),
    ],
  );
}

export interface SourceLink {
  leadId: string;
  rawRecordId: number;
  sourceId: string;
  externalId: string | null;
  url: string | null;
  match: Record<string, unknown>;
  fields: string[];
}

/** Records that a raw record supplied (some fields of) a lead. */
export async function attachSource(db: Queryable, link: SourceLink): Promise<void> {
  await db.query(
    `INSERT INTO lead_sources (lead_id, raw_record_id, source_id, external_id, source_url, match, fields)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (lead_id, raw_record_id) DO NOTHING`,
    [
      link.leadId,
      link.rawRecordId,
      link.sourceId,
      link.externalId,
      link.url,
      JSON.stringify(link.match),
      link.fields,
    ],
  );
}
