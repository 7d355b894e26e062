import { maskContactText } from './mask-text.js';

// What a buyer sees of a lead before buying, as a search item and on the lead page alike: the SQL that
// selects it, the row it gives, and the response fields built from that row.

/** The columns of a lead's public view (alias `l` for leads, joined through LEAD_VIEW_JOINS). */
export const LEAD_VIEW_COLUMNS = `l.id, l.title, l.listing_type, l.property_type, l.price, l.bedrooms,
  l.bathrooms, l.sqft, l.city, l.state, l.zip,
  ST_Y(l.location::geometry) AS latitude, ST_X(l.location::geometry) AS longitude,
  l.posted_at, l.quality_score, l.fraud_score,
  cm.name_initial, coalesce(cm.phones_masked, '{}') AS phones_masked,
  coalesce(cm.emails_masked, '{}') AS emails_masked, coalesce(cm.has_phone, false) AS has_phone,
  coalesce(cm.has_email, false) AS has_email,
  coalesce(jsonb_array_length(c.dnc -> 'listed') > 0, false) AS dnc_listed,
  inv.max_buyers, inv.holders`;

/** The masked contact and the lead's slots, for LEAD_VIEW_COLUMNS. */
export const LEAD_VIEW_JOINS = `
LEFT JOIN contacts_masked cm ON cm.lead_id = l.id
LEFT JOIN contacts c ON c.lead_id = l.id
LEFT JOIN lead_inventory inv ON inv.lead_id = l.id`;

/** A row of LEAD_VIEW_COLUMNS. */
export interface LeadViewRow {
  id: string;
  title: string | null;
  listing_type: string;
  property_type: string | null;
  price: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  sqft: number | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
  posted_at: Date | null;
  quality_score: number | null;
  fraud_score: number | null;
  name_initial: string | null;
  phones_masked: string[];
  emails_masked: string[];
  has_phone: boolean;
  has_email: boolean;
  dnc_listed: boolean;
  /** The lead's slots row (null: nobody has carted or bought it yet). */
  max_buyers: number | null;
  holders: number | null;
}

/** The response fields every view of a lead shares: facts (contact details in text hidden) and the masked contact. */
export function leadView(row: LeadViewRow) {
  return {
    id: row.id,
    title: maskContactText(row.title),
    listing_type: row.listing_type,
    property_type: row.property_type,
    price: row.price,
    bedrooms: row.bedrooms,
    bathrooms: row.bathrooms,
    sqft: row.sqft,
    city: row.city,
    state: row.state,
    zip: row.zip,
    latitude: row.latitude,
    longitude: row.longitude,
    posted_at: row.posted_at?.toISOString() ?? null,
    quality_score: row.quality_score,
    fraud_score: row.fraud_score,
    contact: {
      name_initial: row.name_initial,
      phones_masked: row.phones_masked,
      emails_masked: row.emails_masked,
      has_phone: row.has_phone,
      has_email: row.has_email,
      dnc_listed: row.dnc_listed,
    },
  };
}

/** How many buyers may hold the lead, how many do, and how many slots are left. */
export function leadSlots(row: Pick<LeadViewRow, 'max_buyers' | 'holders'>, defaultMaxBuyers: number) {
  const maxBuyers = row.max_buyers ?? defaultMaxBuyers;
  const holders = row.holders ?? 0;
  return { max_buyers: maxBuyers, holders, slots_left: Math.max(0, maxBuyers - holders) };
}
