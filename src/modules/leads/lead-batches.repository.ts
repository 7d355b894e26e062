import { isDeepStrictEqual } from 'node:util';
import type { Queryable } from '../../platform/db/index.js';
import type { LeadContact, LeadFacts } from './lead.types.js';

// Set-based writes for the ingest pipeline: every statement takes all rows of a batch as one jsonb
// parameter (jsonb_to_recordset), so a batch of 200 records costs a handful of round trips, not 1,800.

const FACT_RECORD = `id uuid, listing_type text, property_type text, title text, description text,
  price numeric, bedrooms numeric, bathrooms numeric, sqft integer, lot_sqft integer, year_built smallint,
  address_line text, city text, state text, zip text, latitude float8, longitude float8, geo_precision text,
  posted_at timestamptz, source_updated_at timestamptz, attributes jsonb, images jsonb`;

const POINT = `CASE WHEN r.latitude IS NULL OR r.longitude IS NULL THEN NULL
  ELSE ST_SetSRID(ST_MakePoint(r.longitude, r.latitude), 4326)::geography END`;

/** Read back as LeadFacts; lat/lon come out of the geography point. */
const FACT_COLUMNS = `id, listing_type, property_type, title, description, price, bedrooms, bathrooms, sqft,
  lot_sqft, year_built, address_line, city, state, zip,
  CASE WHEN location IS NULL THEN NULL ELSE ST_Y(location::geometry) END AS latitude,
  CASE WHEN location IS NULL THEN NULL ELSE ST_X(location::geometry) END AS longitude,
  geo_precision, posted_at, source_updated_at, attributes, images`;

/** A source record's identity: which source, and the id the source gives it. */
export interface SourceRecordKey {
  sourceId: string;
  externalId: string;
}

/** The lead a source record belongs to, and whether the record speaks for the lead's facts. */
export interface HeldRecord {
  leadId: string;
  /**
   * True when this source record made the lead (or updates the one it made); false when it joined a
   * lead as a duplicate or through a merge: its later versions add provenance, never overwrite facts.
   */
  primary: boolean;
}

/** The leads earlier records of these source ids went to (following merges), keyed `source\u0000external_id`. */
export async function findLeadsBySourceRecords(
  db: Queryable,
  keys: readonly SourceRecordKey[],
): Promise<Map<string, HeldRecord>> {
  if (keys.length === 0) return new Map();
  const { rows } = await db.query<{
    source_id: string;
    external_id: string;
    id: string;
    first_reason: string;
  }>(
    `SELECT DISTINCT ON (ls.source_id, ls.external_id) ls.source_id, ls.external_id,
            coalesce(l.merged_into, l.id) AS id,
            first_value(ls.match ->> 'reason') OVER (
              PARTITION BY ls.source_id, ls.external_id ORDER BY ls.attached_at, ls.raw_record_id) AS first_reason
       FROM lead_sources ls JOIN leads l ON l.id = ls.lead_id
      WHERE (ls.source_id, ls.external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
      ORDER BY ls.source_id, ls.external_id, ls.attached_at DESC, ls.raw_record_id DESC`,
    [keys.map((key) => key.sourceId), keys.map((key) => key.externalId)],
  );
  return new Map(
    rows.map((row) => [
      sourceRecordKey(row.source_id, row.external_id),
      {
        leadId: row.id,
        primary: row.first_reason === 'created' || row.first_reason === 'same_source_record',
      },
    ]),
  );
}

/** The map key findLeadsBySourceRecords uses. */
export function sourceRecordKey(sourceId: string, externalId: string): string {
  return `${sourceId}\u0000${externalId}`;
}

/** Stored facts of the given leads, for change detection. */
export async function getLeadFactsMany(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, LeadFacts>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<LeadFacts & { id: string }>(
    `SELECT ${FACT_COLUMNS} FROM leads WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map(({ id, ...facts }) => [id, facts]));
}

function factRows(leads: readonly { id: string; facts: LeadFacts }[]): string {
  return JSON.stringify(leads.map(({ id, facts }) => ({ id, ...facts })));
}

/**
 * Creates published leads with ids chosen by the caller (so the batch can refer to them before insert).
 * `sourceIds`: the sources the caller is about to attach. Written now, they leave the lead_sources
 * trigger (0019) nothing to update; otherwise each new lead got a second row version (0.05–0.1 ms a lead).
 */
export async function insertLeads(
  db: Queryable,
  leads: readonly { id: string; facts: LeadFacts; sourceIds?: readonly string[] }[],
): Promise<void> {
  if (leads.length === 0) return;
  await db.query(
    `INSERT INTO leads (id, listing_type, property_type, title, description, price, bedrooms, bathrooms, sqft,
                        lot_sqft, year_built, address_line, city, state, zip, location, geo_precision, posted_at,
                        source_updated_at, attributes, images, status, source_ids)
     SELECT r.id, r.listing_type, r.property_type, r.title, r.description, r.price, r.bedrooms, r.bathrooms, r.sqft,
            r.lot_sqft, r.year_built, r.address_line, r.city, r.state, r.zip, ${POINT}, r.geo_precision, r.posted_at,
            r.source_updated_at, r.attributes, r.images, 'published', coalesce(r.source_ids, '{}')
       FROM jsonb_to_recordset($1::jsonb) AS r(${FACT_RECORD}, source_ids text[])`,
    [
      JSON.stringify(
        leads.map(({ id, facts, sourceIds }) => ({
          id,
          ...facts,
          source_ids: sourceIds ? [...new Set(sourceIds)].sort() : null,
        })),
      ),
    ],
  );
}

/** Overwrites the facts of existing leads and marks them seen now. */
export async function updateLeadsFacts(
  db: Queryable,
  leads: readonly { id: string; facts: LeadFacts }[],
): Promise<void> {
  if (leads.length === 0) return;
  await db.query(
    `UPDATE leads SET listing_type = r.listing_type, property_type = r.property_type, title = r.title,
            description = r.description, price = r.price, bedrooms = r.bedrooms, bathrooms = r.bathrooms,
            sqft = r.sqft, lot_sqft = r.lot_sqft, year_built = r.year_built, address_line = r.address_line,
            city = r.city, state = r.state, zip = r.zip, location = ${POINT}, geo_precision = r.geo_precision,
            posted_at = r.posted_at, source_updated_at = r.source_updated_at, attributes = r.attributes,
            images = r.images, last_seen_at = now(), updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS r(${FACT_RECORD})
      WHERE leads.id = r.id`,
    [factRows(leads)],
  );
}

/**
 * Marks leads seen again without changes. A lead seen in the last minute is left alone: the time is
 * kept to the minute, and a burst of reposts then costs no row rewrites.
 */
export async function touchLeads(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE leads SET last_seen_at = now()
      WHERE id = ANY($1::uuid[]) AND last_seen_at < now() - interval '1 minute'`,
    [ids],
  );
}

/**
 * Sets the contacts of leads, merging phones and emails with what earlier sources gave; a suppressed
 * contact (the owner asked to be forgotten) is left alone. One row per lead: callers merge first.
 */
export async function upsertContacts(
  db: Queryable,
  contacts: readonly { leadId: string; contact: LeadContact }[],
): Promise<void> {
  if (contacts.length === 0) return;
  const rows = contacts.map(({ leadId, contact }) => ({ lead_id: leadId, ...contact }));
  await db.query(
    `INSERT INTO contacts (lead_id, name, phones, emails, consent)
     SELECT r.lead_id, r.name, r.phones, r.emails, r.consent
       FROM jsonb_to_recordset($1::jsonb) AS r(lead_id uuid, name text, phones text[], emails text[], consent jsonb)
     ON CONFLICT (lead_id) DO UPDATE SET
       name = coalesce(EXCLUDED.name, contacts.name),
       phones = ARRAY(SELECT DISTINCT unnest(contacts.phones || EXCLUDED.phones)),
       emails = ARRAY(SELECT DISTINCT unnest(contacts.emails || EXCLUDED.emails)),
       consent = coalesce(EXCLUDED.consent, contacts.consent),
       updated_at = now()
     WHERE contacts.suppressed_at IS NULL`,
    [JSON.stringify(rows)],
  );
}

/** A lead's stored contact (null when it has none) and which of the asked sources it was seen on. */
export interface StoredContactAndSources {
  contact: LeadContact | null;
  sourceIds: string[];
}

/**
 * The stored contacts of many leads and which of `sourceIds` each was already seen on, one query: what a
 * duplicate record could extend. Only the asked sources are probed (one index lookup each): a lead
 * reposted fifty times would otherwise read fifty provenance rows.
 */
export async function getContactsAndSources(
  db: Queryable,
  leadIds: readonly string[],
  sourceIds: readonly string[],
): Promise<Map<string, StoredContactAndSources>> {
  if (leadIds.length === 0) return new Map();
  const { rows } = await db.query<{
    id: string;
    has_contact: boolean;
    name: string | null;
    phones: string[] | null;
    emails: string[] | null;
    consent: unknown | null;
    source_ids: string[];
  }>(
    `SELECT l.id, c.lead_id IS NOT NULL AS has_contact, c.name, c.phones, c.emails, c.consent,
            ARRAY(SELECT s.id FROM unnest($2::text[]) AS s(id)
                   WHERE EXISTS (SELECT 1 FROM lead_sources ls WHERE ls.lead_id = l.id AND ls.source_id = s.id)
            ) AS source_ids
       FROM leads l LEFT JOIN contacts c ON c.lead_id = l.id
      WHERE l.id = ANY($1::uuid[])`,
    [leadIds, sourceIds],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        contact: row.has_contact
          ? { name: row.name, phones: row.phones ?? [], emails: row.emails ?? [], consent: row.consent }
          : null,
        sourceIds: row.source_ids,
      },
    ]),
  );
}

/** Whether upserting `incoming` (see upsertContacts) would change the stored contact. */
export function contactAdds(stored: LeadContact | null, incoming: LeadContact): boolean {
  if (!stored) return true;
  if (incoming.name !== null && incoming.name !== stored.name) return true;
  if (incoming.phones.some((phone) => !stored.phones.includes(phone))) return true;
  if (incoming.emails.some((email) => !stored.emails.includes(email))) return true;
  return incoming.consent !== null && !isDeepStrictEqual(incoming.consent, stored.consent);
}

/** Merges several contacts given for one lead into one, later values winning (as successive upserts would). */
export function mergeContacts(contacts: readonly LeadContact[]): LeadContact {
  return {
    name: contacts.reduce<string | null>((name, contact) => contact.name ?? name, null),
    phones: [...new Set(contacts.flatMap((contact) => contact.phones))],
    emails: [...new Set(contacts.flatMap((contact) => contact.emails))],
    consent: contacts.reduce<unknown>((consent, contact) => contact.consent ?? consent, null),
  };
}

/** Records that raw records supplied (some fields of) leads; a link already recorded is kept as it was. */
export async function attachSources(db: Queryable, links: readonly SourceLink[]): Promise<void> {
  if (links.length === 0) return;
  const rows = links.map((link) => ({
    lead_id: link.leadId,
    raw_record_id: link.rawRecordId,
    source_id: link.sourceId,
    external_id: link.externalId,
    source_url: link.url,
    match: link.match,
    fields: link.fields,
  }));
  await db.query(
    `INSERT INTO lead_sources (lead_id, raw_record_id, source_id, external_id, source_url, match, fields)
     SELECT r.lead_id, r.raw_record_id, r.source_id, r.external_id, r.source_url, r.match, r.fields
       FROM jsonb_to_recordset($1::jsonb)
         AS r(lead_id uuid, raw_record_id bigint, source_id text, external_id text, source_url text, match jsonb,
              fields text[])
     ON CONFLICT (lead_id, raw_record_id) DO NOTHING`,
    [JSON.stringify(rows)],
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
