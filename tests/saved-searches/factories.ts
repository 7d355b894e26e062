import type { Queryable } from '../../src/platform/db/index.js';
import type { App } from '../../src/platform/http/app.types.js';

// SQL factories for saved-search tests: leads stored the way ingestion stores them (leads with a
// geography point, contacts apart, a raw record and its provenance row).

export const ABQ = { lat: 35.0844, lng: -106.6504 };
/** Santa Fe: about 93 km from Albuquerque. */
export const SANTA_FE = { lat: 35.687, lng: -105.9378 };

export interface LeadSpec {
  status?: string;
  listing_type?: string;
  property_type?: string;
  title?: string;
  description?: string;
  price?: number | null;
  bedrooms?: number | null;
  lat?: number;
  lng?: number;
  city?: string;
  state?: string;
  zip?: string;
  quality_score?: number | null;
  phones?: string[];
  emails?: string[];
  source?: string;
}

let serial = 0;

/** Inserts a published FSBO lead in Albuquerque unless told otherwise; returns its id. */
export async function makeLead(db: Queryable, spec: LeadSpec = {}): Promise<string> {
  serial += 1;
  const location = { lat: spec.lat ?? ABQ.lat, lng: spec.lng ?? ABQ.lng };
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO leads (status, listing_type, property_type, title, description, price, bedrooms, bathrooms,
       sqft, city, state, zip, location, posted_at, quality_score, fraud_score)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 2, 1500, $8, $9, $10,
       ST_SetSRID(ST_MakePoint($11, $12), 4326)::geography, now(), $13, 5)
     RETURNING id`,
    [
      spec.status ?? 'published',
      spec.listing_type ?? 'fsbo_sale',
      spec.property_type ?? 'house',
      spec.title ?? `Three bedroom house for sale by owner #${serial}`,
      spec.description ?? 'Sunny home with a big backyard and a new roof.',
      spec.price === undefined ? 250_000 : spec.price,
      spec.bedrooms === undefined ? 3 : spec.bedrooms,
      spec.city ?? 'Albuquerque',
      spec.state ?? 'NM',
      spec.zip ?? '87106',
      location.lng,
      location.lat,
      spec.quality_score === undefined ? 70 : spec.quality_score,
    ],
  );
  const id = rows[0]!.id;
  await db.query(
    'INSERT INTO contacts (lead_id, name, phones, emails) VALUES ($1, $2, $3::text[], $4::text[])',
    [id, 'Pat Owner', spec.phones ?? ['+15055550142'], spec.emails ?? ['pat.owner@example.com']],
  );
  const raw = await db.query<{ id: number }>(
    `INSERT INTO raw_records (source_id, external_id, content_type, payload, content_hash)
     VALUES ($1, $2, 'application/json', '{}', encode(sha256(convert_to($2, 'UTF8')), 'hex')) RETURNING id`,
    [spec.source ?? 'craigslist', `lead-${id}`],
  );
  await db.query('INSERT INTO lead_sources (lead_id, raw_record_id, source_id) VALUES ($1, $2, $3)', [
    id,
    raw.rows[0]!.id,
    spec.source ?? 'craigslist',
  ]);
  return id;
}

/** Creates a saved search through the API as the given user; returns its id. */
export async function saveSearch(
  app: App,
  headers: Record<string, string>,
  body: Record<string, unknown>,
): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/v1/saved-searches', headers, payload: body });
  if (response.statusCode !== 201) throw new Error(`save search: ${response.statusCode} ${response.body}`);
  return response.json<{ id: string }>().id;
}
