import type { Queryable } from '../../platform/db/index.js';
import { maskContactText } from './mask-text.js';
import { LeadNotFoundError } from './search.errors.js';
import type { LeadDetail } from './search.schemas.js';
import { SEARCHABLE } from './search.sql.js';

interface DetailRow {
  id: string;
  title: string | null;
  description: string | null;
  listing_type: string;
  property_type: string | null;
  price: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  sqft: number | null;
  lot_sqft: number | null;
  year_built: number | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
  posted_at: Date | null;
  quality_score: number | null;
  fraud_score: number | null;
  images: unknown;
  source_list: { source_id: string; name: string; first_seen_at: string }[];
  name_initial: string | null;
  phones_masked: string[] | null;
  emails_masked: string[] | null;
  has_phone: boolean | null;
  has_email: boolean | null;
  dnc_listed: boolean | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One published owner lead as a buyer may see it before buying: facts, description and images, where it
 * was found (source names, not URLs: a posting's page shows the contact), and the masked contact.
 * LEAD_NOT_FOUND for any other lead.
 */
export async function getLead(db: Queryable, id: string): Promise<LeadDetail> {
  if (!UUID.test(id)) throw new LeadNotFoundError();
  const { rows } = await db.query<DetailRow>(
    `SELECT l.id, l.title, l.description, l.listing_type, l.property_type, l.price, l.bedrooms, l.bathrooms,
       l.sqft, l.lot_sqft, l.year_built, l.city, l.state, l.zip,
       ST_Y(l.location::geometry) AS latitude, ST_X(l.location::geometry) AS longitude,
       l.posted_at, l.quality_score, l.fraud_score, l.images,
       coalesce((SELECT jsonb_agg(jsonb_build_object('source_id', x.source_id, 'name', x.name,
           'first_seen_at', x.first_seen_at) ORDER BY x.first_seen_at, x.source_id)
         FROM (SELECT s.source_id, src.name, min(s.attached_at) AS first_seen_at
               FROM lead_sources s JOIN sources src ON src.id = s.source_id
               WHERE s.lead_id = l.id GROUP BY s.source_id, src.name) x), '[]') AS source_list,
       cm.name_initial, cm.phones_masked, cm.emails_masked, cm.has_phone, cm.has_email,
       jsonb_array_length(c.dnc -> 'listed') > 0 AS dnc_listed
     FROM leads l
     LEFT JOIN contacts_masked cm ON cm.lead_id = l.id
     LEFT JOIN contacts c ON c.lead_id = l.id
     WHERE l.id = $1::uuid AND ${SEARCHABLE}`,
    [id],
  );
  const row = rows[0];
  if (!row) throw new LeadNotFoundError();
  const images = Array.isArray(row.images)
    ? row.images.filter((x): x is string => typeof x === 'string')
    : [];
  return {
    id: row.id,
    title: maskContactText(row.title),
    description: maskContactText(row.description),
    listing_type: row.listing_type,
    property_type: row.property_type,
    price: row.price,
    bedrooms: row.bedrooms,
    bathrooms: row.bathrooms,
    sqft: row.sqft,
    lot_sqft: row.lot_sqft,
    year_built: row.year_built,
    city: row.city,
    state: row.state,
    zip: row.zip,
    latitude: row.latitude,
    longitude: row.longitude,
    distance_km: null,
    posted_at: row.posted_at?.toISOString() ?? null,
    quality_score: row.quality_score,
    fraud_score: row.fraud_score,
    images,
    sources: [...new Set(row.source_list.map((s) => s.source_id))].sort(),
    source_list: row.source_list.map((s) => ({
      ...s,
      first_seen_at: new Date(s.first_seen_at).toISOString(),
    })),
    contact: {
      name_initial: row.name_initial,
      phones_masked: row.phones_masked ?? [],
      emails_masked: row.emails_masked ?? [],
      has_phone: row.has_phone ?? false,
      has_email: row.has_email ?? false,
      dnc_listed: row.dnc_listed ?? false,
    },
  };
}
