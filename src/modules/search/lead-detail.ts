import type { Queryable } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger/index.js';
import { holdersOf } from '../marketplace/index.js';
import { type PricingRules, quoteLeads, recordDemandEvent } from '../pricing/index.js';
import { LEAD_VIEW_COLUMNS, LEAD_VIEW_JOINS, type LeadViewRow, leadSlots, leadView } from './lead-view.js';
import { maskContactText } from './mask-text.js';
import { LeadNotFoundError } from './search.errors.js';
import type { LeadDetail } from './search.schemas.js';
import { SEARCHABLE } from './search.sql.js';

interface DetailRow extends LeadViewRow {
  description: string | null;
  lot_sqft: number | null;
  year_built: number | null;
  images: unknown;
  source_list: { source_id: string; name: string; first_seen_at: string }[];
  purchase_id: string | null;
}

export interface LeadPageOptions {
  /** The signed-in buyer, if any: their plan discount and whether they bought the lead. */
  viewerId: string | null;
  rules: PricingRules;
  now: Date;
  /** Where a failed view count is reported (it never fails the page). */
  log: Pick<Logger, 'warn'>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The lead's row, its slots and the viewer's purchase of it; undefined when it is not searchable. */
async function readLead(db: Queryable, id: string, viewerId: string | null): Promise<DetailRow | undefined> {
  const { rows } = await db.query<DetailRow>(
    `SELECT ${LEAD_VIEW_COLUMNS}, l.description, l.lot_sqft, l.year_built, l.images,
       coalesce((SELECT jsonb_agg(jsonb_build_object('source_id', x.source_id, 'name', x.name,
           'first_seen_at', x.first_seen_at) ORDER BY x.first_seen_at, x.source_id)
         FROM (SELECT s.source_id, src.name, min(s.attached_at) AS first_seen_at
               FROM lead_sources s JOIN sources src ON src.id = s.source_id
               WHERE s.lead_id = l.id GROUP BY s.source_id, src.name) x), '[]') AS source_list,
       (SELECT pu.id FROM purchases pu WHERE pu.buyer_id = $2::uuid AND pu.lead_id = l.id) AS purchase_id
     FROM leads l${LEAD_VIEW_JOINS}
     WHERE l.id = $1::uuid AND ${SEARCHABLE}`,
    [id, viewerId],
  );
  return rows[0];
}

/** Counts a view for demand pricing; a failure is logged, never raised (the page matters more). */
async function countView(db: Queryable, leadId: string, options: LeadPageOptions): Promise<void> {
  try {
    await recordDemandEvent(db, { leadId, kind: 'view', at: options.now });
  } catch (error) {
    options.log.warn({ err: error, leadId }, 'lead view not counted for demand');
  }
}

/**
 * One published owner lead as a buyer may see it before buying: facts, description and images, where it
 * was found (source names, not URLs: a posting's page shows the contact), the masked contact, the price
 * with its receipt (the viewer's plan discount applied), the slots left, and whether the viewer bought
 * it. Counts a view for demand. LEAD_NOT_FOUND for any other lead.
 */
export async function getLead(db: Queryable, id: string, options: LeadPageOptions): Promise<LeadDetail> {
  if (!UUID.test(id)) throw new LeadNotFoundError();
  const { viewerId, rules, now } = options;
  const row = await readLead(db, id, viewerId);
  if (!row) throw new LeadNotFoundError();
  // The quote stores a new list-price version when the price moved: the version shown is one a cart
  // can lock. The view is counted after it, so it moves later prices, never the one it shows (run beside
  // the quote, a price would depend on which statement won the race).
  const quote = (
    await quoteLeads(db, [id], { now, rules, ...(viewerId ? { buyerId: viewerId } : {}), holdersOf })
  ).get(id);
  await countView(db, id, options);
  const slots = leadSlots(row, rules.exclusivity.maxBuyers);
  const images = Array.isArray(row.images)
    ? row.images.filter((x): x is string => typeof x === 'string')
    : [];
  return {
    ...leadView(row),
    description: maskContactText(row.description),
    lot_sqft: row.lot_sqft,
    year_built: row.year_built,
    distance_km: null,
    images,
    sources: [...new Set(row.source_list.map((s) => s.source_id))].sort(),
    source_list: row.source_list.map((s) => ({
      ...s,
      first_seen_at: new Date(s.first_seen_at).toISOString(),
    })),
    lead_price: quote
      ? {
          credits: quote.credits,
          list_credits: quote.list_credits,
          price_version: quote.price_version,
          receipt: quote.receipt,
        }
      : null,
    availability: { ...slots, exclusive_available: slots.holders === 0 },
    purchased_by_me: viewerId ? row.purchase_id !== null : null,
    purchase_id: row.purchase_id,
  };
}
