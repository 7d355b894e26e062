import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type MessageItem, renderEmail, signBody, webhookPayload } from './messages.js';

const item = (name: string, id: string): MessageItem => ({
  notification_id: id,
  saved_search_id: '00000000-0000-4000-8000-00000000000a',
  saved_search_name: name,
  matched_at: new Date('2026-06-15T12:00:00Z'),
  lead: {
    id: '00000000-0000-4000-8000-000000000001',
    title: '3BR house by owner',
    listing_type: 'fsbo_sale',
    property_type: 'house',
    price: 250000,
    bedrooms: 3,
    bathrooms: 2,
    sqft: 1500,
    city: 'Albuquerque',
    state: 'NM',
    zip: '87106',
    posted_at: null,
    distance_km: 4.2,
    contact: { name_initial: 'P.', phones_masked: ['••• ••• ••34'], emails_masked: ['•••@example.com'] },
  },
});

describe('alert messages', () => {
  it('signs the exact body with HMAC-SHA256 under the secret', () => {
    const body = '{"a":1}';
    const expected = createHmac('sha256', 'secret-secret-123').update(body).digest('hex');
    expect(signBody('secret-secret-123', body)).toBe(`sha256=${expected}`);
    expect(signBody('another-secret-12', body)).not.toBe(`sha256=${expected}`);
  });

  it('puts the masked contact, never more, into the webhook body', () => {
    const payload = webhookPayload({
      deliveryId: '7',
      kind: 'instant',
      search: { id: 's', name: 'ABQ' },
      items: [item('ABQ', '1')],
      sentAt: new Date('2026-06-15T12:00:00Z'),
    });
    expect(payload.type).toBe('saved_search.matches');
    expect(payload.matches[0]!.lead.contact).toEqual({
      name_initial: 'P.',
      phones_masked: ['••• ••• ••34'],
      emails_masked: ['•••@example.com'],
    });
  });

  it.each([
    ['instant', [item('ABQ', '1')], '1 new lead for your saved search "ABQ"'],
    ['digest', [item('ABQ', '1'), item('Santa Fe', '2')], 'Your daily AIQLeads digest: 2 new leads'],
  ] as const)('renders a %s email', (kind, items, subject) => {
    const email = renderEmail(kind, [...items]);
    expect(email.subject).toBe(subject);
    expect(email.text).toContain('$250,000, 3 bd, 2 ba, 1500 sqft');
    expect(email.text).toContain('P. ••• ••• ••34 •••@example.com');
    for (const { saved_search_name } of items)
      expect(email.text).toContain(`Saved search "${saved_search_name}"`);
  });
});
