import { createHmac } from 'node:crypto';
import type { DeliveryKind } from './delivery.repository.js';
import type { LeadSummary } from './saved-searches.schemas.js';

// What an alert says, as pure functions: the webhook body and its signature, the email's subject and
// text. Only the notification's snapshot goes out: facts and the masked contact, never the contact.

export const SIGNATURE_HEADER = 'X-AIQLeads-Signature';

export interface MessageItem {
  notification_id: string;
  saved_search_id: string;
  saved_search_name: string;
  lead: LeadSummary;
  matched_at: Date;
}

/** `sha256=<hex HMAC-SHA256 of the exact body under the webhook's secret>`, as X-AIQLeads-Signature carries. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The JSON a webhook receives for one delivery. */
export function webhookPayload(input: {
  deliveryId: string;
  kind: DeliveryKind;
  search: { id: string; name: string };
  items: MessageItem[];
  sentAt: Date;
}) {
  return {
    type: input.kind === 'digest' ? 'saved_search.digest' : 'saved_search.matches',
    delivery_id: input.deliveryId,
    sent_at: input.sentAt.toISOString(),
    saved_search: input.search,
    matches: input.items.map((item) => ({
      notification_id: item.notification_id,
      matched_at: item.matched_at.toISOString(),
      lead: item.lead,
    })),
  };
}

const money = (value: number | null) => (value === null ? 'price n/a' : `$${value.toLocaleString('en-US')}`);

/** One line per lead: what, where, how much, and the masked contact. */
export function describeLead(lead: LeadSummary): string {
  const facts = [
    lead.bedrooms === null ? null : `${lead.bedrooms} bd`,
    lead.bathrooms === null ? null : `${lead.bathrooms} ba`,
    lead.sqft === null ? null : `${lead.sqft} sqft`,
  ].filter(Boolean);
  const place = [lead.city, lead.state, lead.zip].filter(Boolean).join(', ');
  const distance = lead.distance_km === null ? '' : ` (${lead.distance_km} km away)`;
  const contact = [lead.contact.name_initial, ...lead.contact.phones_masked, ...lead.contact.emails_masked]
    .filter(Boolean)
    .join(' ');
  return [
    `${lead.title ?? lead.property_type ?? 'Lead'} — ${money(lead.price)}${facts.length ? `, ${facts.join(', ')}` : ''}`,
    `  ${place || 'location n/a'}${distance}; contact: ${contact || 'n/a'} (full contact after purchase)`,
    `  lead ${lead.id}`,
  ].join('\n');
}

/** Subject and plain text of an alert email: an instant batch for one search, or a user's daily digest. */
export function renderEmail(kind: DeliveryKind, items: MessageItem[]): { subject: string; text: string } {
  const searches = [...new Set(items.map((item) => item.saved_search_name))];
  const count = `${items.length} new lead${items.length === 1 ? '' : 's'}`;
  const subject =
    kind === 'digest'
      ? `Your daily AIQLeads digest: ${count}`
      : `${count} for your saved search "${searches[0] ?? ''}"`;
  const sections = searches.map((name) => {
    const leads = items
      .filter((item) => item.saved_search_name === name)
      .map((item) => describeLead(item.lead));
    return [`Saved search "${name}":`, ...leads].join('\n\n');
  });
  const footer = 'You receive this because of your saved searches on AIQLeads; change or delete them there.';
  return { subject, text: [...sections, footer].join('\n\n') };
}
