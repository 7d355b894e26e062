import type { Queryable } from '../../src/platform/db/index.js';

// SQL factories for the scoring tests: a lead with its contact and source, inserted the way ingestion
// stores them (leads, contacts, raw_records + lead_sources).

export const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

export interface LeadSpec {
  listing_type?: string;
  property_type?: string | null;
  title?: string | null;
  description?: string | null;
  price?: number | null;
  bedrooms?: number | null;
  bathrooms?: number | null;
  sqft?: number | null;
  address_line?: string | null;
  address_canonical?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  geo_precision?: string | null;
  posted_at?: Date | null;
  first_seen_at?: Date;
  images?: string[];
  attributes?: Record<string, unknown>;
  phones?: string[];
  emails?: string[];
  /** Omit the contacts row altogether. */
  noContact?: boolean;
  source?: string;
}

let serial = 0;

/** Inserts a published, complete-enough owner rental in Albuquerque 87106 unless told otherwise. */
export async function makeLead(db: Queryable, spec: LeadSpec = {}): Promise<string> {
  serial += 1;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO leads (status, listing_type, property_type, title, description, price, bedrooms, bathrooms,
       sqft, address_line, address_canonical, city, state, zip, geo_precision, posted_at, first_seen_at,
       last_seen_at, images, attributes)
     VALUES ('published', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
       $18::jsonb, $19::jsonb)
     RETURNING id`,
    [
      spec.listing_type ?? 'owner_rental',
      spec.property_type === undefined ? 'house' : spec.property_type,
      spec.title ?? `House for rent #${serial}`,
      spec.description === undefined ? `Clean house with a yard, number ${serial}.` : spec.description,
      spec.price === undefined ? 2000 : spec.price,
      spec.bedrooms === undefined ? 3 : spec.bedrooms,
      spec.bathrooms === undefined ? 2 : spec.bathrooms,
      spec.sqft === undefined ? 1500 : spec.sqft,
      spec.address_line === undefined ? `${100 + serial} Test St NE` : spec.address_line,
      spec.address_canonical === undefined ? `${100 + serial} TEST ST NE` : spec.address_canonical,
      spec.city === undefined ? 'Albuquerque' : spec.city,
      spec.state === undefined ? 'NM' : spec.state,
      spec.zip === undefined ? '87106' : spec.zip,
      spec.geo_precision === undefined ? 'rooftop' : spec.geo_precision,
      spec.posted_at === undefined ? daysAgo(2) : spec.posted_at,
      (spec.first_seen_at ?? daysAgo(2)).toISOString(),
      NOW.toISOString(),
      JSON.stringify(spec.images ?? ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg']),
      JSON.stringify(spec.attributes ?? {}),
    ],
  );
  const id = rows[0]!.id;
  if (!spec.noContact) {
    await db.query(
      'INSERT INTO contacts (lead_id, name, phones, emails) VALUES ($1, $2, $3::text[], $4::text[])',
      [
        id,
        'Pat Example',
        spec.phones ?? [`+1505268${String(1000 + serial).padStart(4, '0')}`],
        spec.emails ?? [`owner${serial}@example.com`],
      ],
    );
  }
  const source = spec.source ?? 'craigslist';
  const raw = await db.query<{ id: number }>(
    `INSERT INTO raw_records (source_id, external_id, content_type, payload, content_hash)
     VALUES ($1, $2, 'text/html', '<html></html>', md5($2) || md5($2)) RETURNING id`,
    [source, `ext-${id}`],
  );
  await db.query(
    'INSERT INTO lead_sources (lead_id, raw_record_id, source_id, external_id) VALUES ($1, $2, $3, $4)',
    [id, raw.rows[0]!.id, source, `ext-${id}`],
  );
  return id;
}

/** Ten owner rentals (houses, 87106) at $1,850–$2,300 a month: a real set of comps. */
export async function makeRentalComps(db: Queryable, zip = '87106'): Promise<number[]> {
  const prices = [1850, 1900, 1950, 1975, 2000, 2000, 2050, 2100, 2200, 2300];
  for (const [i, price] of prices.entries()) await makeLead(db, { zip, price, sqft: 1400 + 20 * i });
  return prices;
}
