import type { Queryable } from '../../src/platform/db/index.js';

// Leads at known coordinates for the search tests, inserted the way ingestion stores them (leads, contacts,
// raw_records + lead_sources).

export const NOW = new Date('2026-06-15T12:00:00.000Z');
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
/** Downtown Atlanta: the centre the radius tests measure from. */
export const ATLANTA = { lat: 33.749, lng: -84.388 };
const KM_PER_DEG_LAT = 111.2;
/** A point `km` due north of `from` (on the sphere; accurate to a few metres at these distances). */
export const northOf = (from: { lat: number; lng: number }, km: number) => ({
  lat: from.lat + km / KM_PER_DEG_LAT,
  lng: from.lng,
});

export interface SearchLeadSpec {
  status?: string;
  listing_type?: string;
  property_type?: string | null;
  title?: string;
  description?: string;
  price?: number | null;
  bedrooms?: number | null;
  bathrooms?: number | null;
  sqft?: number | null;
  address_line?: string;
  city?: string;
  state?: string;
  zip?: string;
  at?: { lat: number; lng: number } | null;
  posted_at?: Date | null;
  quality_score?: number | null;
  fraud_score?: number | null;
  name?: string;
  phones?: string[];
  emails?: string[];
  noContact?: boolean;
  /** The contact's last DNC scrub: listed phones (empty = clean); undefined = never scrubbed. */
  dncListed?: string[];
  sources?: string[];
}

let serial = 0;

/** Inserts a published FSBO house in Atlanta unless told otherwise; returns its id. */
export async function makeSearchLead(db: Queryable, spec: SearchLeadSpec = {}): Promise<string> {
  serial += 1;
  const at = spec.at === undefined ? ATLANTA : spec.at;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO leads (status, listing_type, property_type, title, description, price, bedrooms, bathrooms,
       sqft, address_line, city, state, zip, location, posted_at, quality_score, fraud_score)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
       CASE WHEN $14::float8 IS NULL THEN NULL
         ELSE ST_SetSRID(ST_MakePoint($14::float8, $15::float8), 4326)::geography END,
       $16, $17, $18)
     RETURNING id`,
    [
      spec.status ?? 'published',
      spec.listing_type ?? 'fsbo_sale',
      spec.property_type === undefined ? 'house' : spec.property_type,
      spec.title ?? `Home for sale #${serial}`,
      spec.description ?? 'A quiet street, close to schools.',
      spec.price === undefined ? 300_000 : spec.price,
      spec.bedrooms === undefined ? 3 : spec.bedrooms,
      spec.bathrooms === undefined ? 2 : spec.bathrooms,
      spec.sqft === undefined ? 1500 : spec.sqft,
      spec.address_line ?? `${100 + serial} Oak St`,
      spec.city ?? 'Atlanta',
      spec.state ?? 'GA',
      spec.zip ?? '30303',
      at?.lng ?? null,
      at?.lat ?? null,
      (spec.posted_at === undefined ? daysAgo(serial % 30) : spec.posted_at)?.toISOString() ?? null,
      spec.quality_score === undefined ? 60 : spec.quality_score,
      spec.fraud_score === undefined ? 10 : spec.fraud_score,
    ],
  );
  const id = rows[0]!.id;
  if (!spec.noContact) {
    const dnc =
      spec.dncListed === undefined
        ? null
        : {
            scrubbed_at: NOW.toISOString(),
            listed: spec.dncListed.map((phone) => ({ phone, lists: ['national'] })),
            checked: spec.phones ?? [],
            unchecked: [],
          };
    await db.query(
      'INSERT INTO contacts (lead_id, name, phones, emails, dnc) VALUES ($1, $2, $3::text[], $4::text[], $5::jsonb)',
      [
        id,
        spec.name ?? 'Pat Owner',
        spec.phones ?? [`+1404555${String(1000 + serial).padStart(4, '0')}`],
        spec.emails ?? [`owner${serial}@example.com`],
        dnc ? JSON.stringify(dnc) : null,
      ],
    );
  }
  for (const source of spec.sources ?? ['craigslist']) {
    const raw = await db.query<{ id: number }>(
      `INSERT INTO raw_records (source_id, external_id, content_type, payload, content_hash)
       VALUES ($1, $2, 'text/html', '<html></html>', md5($2) || md5($2)) RETURNING id`,
      [source, `ext-${source}-${id}`],
    );
    await db.query(
      'INSERT INTO lead_sources (lead_id, raw_record_id, source_id, external_id) VALUES ($1, $2, $3, $4)',
      [id, raw.rows[0]!.id, source, `ext-${source}-${id}`],
    );
  }
  return id;
}
