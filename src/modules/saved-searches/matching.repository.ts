import type { Queryable } from '../../platform/db/index.js';
import { OWNER_LISTING_TYPES } from '../sources/index.js';
import type { MatchableLead } from './query-rules.js';
import type { Frequency, SavedQuery } from './saved-searches.schemas.js';

/** A published owner lead with what a notification may show of it (the contact masked). */
export interface PublishedLead extends MatchableLead {
  title: string | null;
  name_initial: string | null;
  phones_masked: string[];
  emails_masked: string[];
}

/** Loads the given leads that can be alerted on: published owner leads only (others are left out). */
export async function loadPublishedLeads(db: Queryable, leadIds: string[]): Promise<PublishedLead[]> {
  const { rows } = await db.query<PublishedLead>(
    `SELECT l.id, l.listing_type, l.property_type, l.title, l.price, l.bedrooms, l.bathrooms, l.sqft,
            l.city, l.state, l.zip,
            ST_Y(l.location::geometry) AS latitude, ST_X(l.location::geometry) AS longitude,
            coalesce(l.posted_at, l.first_seen_at) AS posted_at, l.quality_score, l.fraud_score,
            ARRAY(SELECT DISTINCT s.source_id FROM lead_sources s WHERE s.lead_id = l.id) AS sources,
            coalesce(m.has_phone, false) AS has_phone, coalesce(m.has_email, false) AS has_email,
            (c.lead_id IS NULL OR cardinality(c.phones) = 0
              OR (c.dnc IS NOT NULL AND jsonb_array_length(c.dnc -> 'listed') = 0)) AS dnc_clean,
            m.name_initial, coalesce(m.phones_masked, '{}') AS phones_masked,
            coalesce(m.emails_masked, '{}') AS emails_masked
       FROM leads l
       LEFT JOIN contacts c ON c.lead_id = l.id
       LEFT JOIN contacts_masked m ON m.lead_id = l.id
      WHERE l.id = ANY($1::uuid[]) AND l.status = 'published' AND l.listing_type = ANY($2::text[])`,
    [leadIds, OWNER_LISTING_TYPES],
  );
  return rows;
}

/** A saved search a lead may match, found through one of the keys both share. */
export interface CandidateSearch {
  lead_id: string;
  id: string;
  user_id: string;
  query: SavedQuery;
  frequency: Frequency;
  email_enabled: boolean;
  has_webhook: boolean;
  /**
   * Whether the lead matches the search's `q`, decided by PostgreSQL itself: the lead's stored weighted
   * search document against websearch_to_tsquery('english', q) (stemming, phrases, OR, -exclusion).
   * Null when the search has no `q`.
   */
  text_hit: boolean | null;
}

/**
 * The saved searches listening on any of each lead's keys (primary-key lookups on saved_search_keys),
 * once per (lead, search), with the full-text verdict computed in the same round trip.
 */
export async function findCandidateSearches(
  db: Queryable,
  leadKeys: { leadId: string; key: string }[],
): Promise<CandidateSearch[]> {
  const { rows } = await db.query<CandidateSearch>(
    `SELECT DISTINCT ON (p.lead_id, s.id) p.lead_id, s.id, s.user_id, s.query, s.frequency, s.email_enabled,
            s.webhook_url IS NOT NULL AS has_webhook,
            CASE WHEN s.query ? 'q' THEN coalesce(
              (SELECT l.search_document @@ websearch_to_tsquery('english', s.query ->> 'q')
                 FROM leads l WHERE l.id = p.lead_id), false)
            END AS text_hit
       FROM unnest($1::uuid[], $2::text[]) AS p(lead_id, key)
       JOIN saved_search_keys k ON k.key = p.key
       JOIN saved_searches s ON s.id = k.saved_search_id
       -- A disabled account gets no alerts.
       JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL`,
    [leadKeys.map((pair) => pair.leadId), leadKeys.map((pair) => pair.key)],
  );
  return rows;
}

export interface NewNotification {
  user_id: string;
  saved_search_id: string;
  lead_id: string;
  delivery: Frequency;
  payload: unknown;
}

/** Inserts notifications, skipping (search, lead) pairs already notified; returns the new ones. */
export async function insertNotifications(
  db: Queryable,
  notifications: NewNotification[],
  now: Date,
): Promise<{ id: string; saved_search_id: string }[]> {
  if (notifications.length === 0) return [];
  const { rows } = await db.query<{ id: string; saved_search_id: string }>(
    `INSERT INTO notifications (user_id, saved_search_id, lead_id, delivery, payload, created_at)
     SELECT n.user_id, n.saved_search_id, n.lead_id, n.delivery, n.payload::jsonb, $6
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[])
         AS n(user_id, saved_search_id, lead_id, delivery, payload)
     ON CONFLICT (saved_search_id, lead_id) DO NOTHING
     RETURNING id::text AS id, saved_search_id`,
    [
      notifications.map((n) => n.user_id),
      notifications.map((n) => n.saved_search_id),
      notifications.map((n) => n.lead_id),
      notifications.map((n) => n.delivery),
      notifications.map((n) => JSON.stringify(n.payload)),
      now,
    ],
  );
  return rows;
}
