import type { Queryable } from '../../platform/db/index.js';
import { insertDeliveries, type NewDelivery } from './delivery.repository.js';
import { leadInterestKeys } from './interest-keys.js';
import {
  type CandidateSearch,
  findCandidateSearches,
  insertNotifications,
  loadPublishedLeads,
  type NewNotification,
  type PublishedLead,
} from './matching.repository.js';
import { distanceKm, leadMatchesQuery } from './query-rules.js';
import type { LeadSummary, SavedQuery } from './saved-searches.schemas.js';

export interface MatchResult {
  /** New notifications written (pairs already notified are not counted again). */
  matched: number;
  /** Saved searches examined exactly, summed over the leads (what the interest keys let through). */
  candidates: number;
}

/** The lead as a notification shows it: facts and the masked contact, never the contact itself. */
export function leadSummary(lead: PublishedLead, query: SavedQuery): LeadSummary {
  const distance = distanceKm(lead, query);
  return {
    id: lead.id,
    title: lead.title,
    listing_type: lead.listing_type,
    property_type: lead.property_type,
    price: lead.price,
    bedrooms: lead.bedrooms,
    bathrooms: lead.bathrooms,
    sqft: lead.sqft,
    city: lead.city,
    state: lead.state,
    zip: lead.zip,
    posted_at: lead.posted_at?.toISOString() ?? null,
    distance_km: distance === null ? null : Math.round(distance * 100) / 100,
    contact: {
      name_initial: lead.name_initial,
      phones_masked: lead.phones_masked,
      emails_masked: lead.emails_masked,
    },
  };
}

/**
 * Finds the saved searches that newly published leads match and notifies their owners: candidates come
 * from the interest-key index, each is checked exactly (full text in SQL, then `leadMatchesQuery`), one
 * notification is written per (saved search, lead) whatever the number of calls, and the email / webhook
 * deliveries of instant searches are queued in the outbox. Call it inside the transaction that publishes
 * the leads (pass that transaction); leads that are not published owner leads are ignored.
 */
export async function matchNewLeads(db: Queryable, leadIds: string[], now: Date): Promise<MatchResult> {
  if (leadIds.length === 0) return { matched: 0, candidates: 0 };
  const leads = await loadPublishedLeads(db, [...new Set(leadIds)]);
  if (leads.length === 0) return { matched: 0, candidates: 0 };
  const byId = new Map(leads.map((lead) => [lead.id, lead]));
  const leadKeys = leads.flatMap((lead) => leadInterestKeys(lead).map((key) => ({ leadId: lead.id, key })));
  const candidates = await findCandidateSearches(db, leadKeys);
  const matches: { lead: PublishedLead; search: CandidateSearch }[] = [];
  for (const search of candidates) {
    const lead = byId.get(search.lead_id)!;
    if (search.text_hit !== false && leadMatchesQuery(lead, search.query)) matches.push({ lead, search });
  }
  // Notifications of one call are numbered in the order the leads were given (the in-app list's order).
  const order = new Map(leadIds.map((id, index) => [id, index] as const));
  matches.sort((a, b) => order.get(a.lead.id)! - order.get(b.lead.id)!);

  const rows: NewNotification[] = matches.map(({ lead, search }) => ({
    user_id: search.user_id,
    saved_search_id: search.id,
    lead_id: lead.id,
    delivery: search.frequency,
    payload: leadSummary(lead, search.query),
  }));
  const created = await insertNotifications(db, rows, now);
  await insertDeliveries(db, instantDeliveries(created, matches), now);
  return { matched: created.length, candidates: candidates.length };
}

/** One outbox message per instant search and channel, holding that search's new notifications. */
function instantDeliveries(
  created: { id: string; saved_search_id: string }[],
  matches: { search: CandidateSearch }[],
): NewDelivery[] {
  const searches = new Map(matches.map(({ search }) => [search.id, search]));
  const grouped = new Map<string, string[]>();
  for (const row of created)
    grouped.set(row.saved_search_id, [...(grouped.get(row.saved_search_id) ?? []), row.id]);
  const deliveries: NewDelivery[] = [];
  for (const [searchId, ids] of grouped) {
    const search = searches.get(searchId)!;
    if (search.frequency !== 'instant') continue;
    const base = {
      user_id: search.user_id,
      saved_search_id: searchId,
      kind: 'instant' as const,
      notification_ids: ids,
    };
    if (search.email_enabled) deliveries.push({ ...base, channel: 'email' });
    if (search.has_webhook) deliveries.push({ ...base, channel: 'webhook' });
  }
  return deliveries;
}
