import type { Queryable } from '../../src/platform/db/index.js';

export interface LeadFields {
  listing_type?: string;
  property_type?: string | null;
  status?: string;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  quality_score?: number | null;
  posted_at?: Date | null;
}

/** A lead with the fields pricing reads; defaults: a published Santa Fe FSBO house scored 50, posted now. */
export async function makeLead(db: Queryable, fields: LeadFields = {}): Promise<string> {
  const lead = {
    listing_type: 'fsbo_sale',
    property_type: 'house',
    status: 'published',
    city: 'Santa Fe',
    state: 'NM',
    zip: '87501',
    quality_score: 50,
    posted_at: new Date('2026-06-15T12:00:00Z'),
    ...fields,
  };
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO leads (listing_type, property_type, status, city, state, zip, quality_score, posted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      lead.listing_type,
      lead.property_type,
      lead.status,
      lead.city,
      lead.state,
      lead.zip,
      lead.quality_score,
      lead.posted_at,
    ],
  );
  return rows[0]!.id;
}

/** A buyer with an active subscription to the given plan (written by SQL: billing's flows are tested there). */
export async function makeSubscriber(db: Queryable, planId: string, status = 'active'): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (email) VALUES ('buyer-' || gen_random_uuid() || '@example.com') RETURNING id`,
  );
  const userId = rows[0]!.id;
  await db.query(
    `INSERT INTO subscriptions (user_id, plan_id, status, provider, current_period_start, current_period_end)
     VALUES ($1, $2, $3, 'sandbox', now() - interval '1 day', now() + interval '29 days')`,
    [userId, planId, status],
  );
  return userId;
}
