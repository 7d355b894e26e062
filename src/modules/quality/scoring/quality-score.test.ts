import { describe, expect, it } from 'vitest';
import { qualityScore } from './quality-score.js';
import { daysAgo, makeScoringContact, makeScoringLead, NOW } from './scoring.fixtures.js';
import type { QualityInput, ScoringContact } from './scoring.types.js';

const input = (overrides: Partial<QualityInput> = {}): QualityInput => ({
  lead: makeScoringLead(),
  contact: makeScoringContact(),
  sourceIds: ['zillow'],
  now: NOW,
  ...overrides,
});
const points = (result: ReturnType<typeof qualityScore>, code: string) =>
  result.reasons.find((reason) => reason.code === code)?.points;
const codes = (result: ReturnType<typeof qualityScore>) => result.reasons.map((reason) => reason.code);

describe('qualityScore', () => {
  it('gives a complete, fresh, reachable owner listing a high score with a reason for every point', () => {
    const result = qualityScore(input());
    // 30 contact + 25 completeness + 20 fresh + 10 owner + 0 motivation + 4 zillow
    expect(result.score).toBe(89);
    expect(result.reasons.reduce((sum, reason) => sum + reason.points, 0)).toBe(89);
    for (const reason of result.reasons) expect(reason.detail.length).toBeGreaterThan(5);
    expect(codes(result)).not.toContain('INCOMPLETE');
  });

  const contactCases: [string, ScoringContact | null, string, number][] = [
    ['validated phone', makeScoringContact({ emails: [] }), 'PHONE_VALID', 20],
    ['phone not validated yet', makeScoringContact({ emails: [], validation: null }), 'PHONE_UNVERIFIED', 14],
    ['phone on a DNC list', makeScoringContact({ emails: [], dncListed: ['+15052681234'] }), 'PHONE_DNC', 6],
    [
      'fake phone',
      makeScoringContact({
        emails: [],
        validation: { phones: [{ e164: '+15052681234', valid: true, fake: true }] },
      }),
      'PHONE_INVALID',
      0,
    ],
    ['validated email', makeScoringContact({ phones: [] }), 'EMAIL_VALID', 10],
    ['email not validated', makeScoringContact({ phones: [], validation: null }), 'EMAIL_UNVERIFIED', 7],
    [
      'disposable email',
      makeScoringContact({
        phones: [],
        validation: {
          emails: [{ address: 'owner@example.com', syntax_ok: true, disposable: true, mx: true }],
        },
      }),
      'EMAIL_DISPOSABLE',
      2,
    ],
    [
      'email domain without MX',
      makeScoringContact({
        phones: [],
        validation: {
          emails: [{ address: 'owner@example.com', syntax_ok: true, disposable: false, mx: false }],
        },
      }),
      'EMAIL_INVALID',
      0,
    ],
    ['no contact at all', null, 'NO_CONTACT', 0],
    ['empty contact', makeScoringContact({ phones: [], emails: [] }), 'NO_CONTACT', 0],
  ];
  it.each(contactCases)('contact: %s → %s (%i)', (_name, contact, code, expected) => {
    expect(points(qualityScore(input({ contact })), code)).toBe(expected);
  });

  it('keeps a callable phone even when another of the contact’s phones is on a DNC list', () => {
    const contact = makeScoringContact({
      phones: ['+15052681234', '+15052689999'],
      dncListed: ['+15052689999'],
      validation: null,
    });
    expect(codes(qualityScore(input({ contact })))).toContain('PHONE_UNVERIFIED');
  });

  const freshnessCases: [number, string, number][] = [
    [0, 'FRESH_POSTING', 20],
    [3, 'FRESH_POSTING', 20],
    [5, 'FRESH_POSTING', 16],
    [10, 'FRESH_POSTING', 12],
    [20, 'FRESH_POSTING', 8],
    [45, 'FRESH_POSTING', 4],
    [90, 'STALE_POSTING', 0],
  ];
  it.each(freshnessCases)('posted %i days ago → %s (%i)', (days, code, expected) => {
    const result = qualityScore(input({ lead: makeScoringLead({ postedAt: daysAgo(days) }) }));
    expect(points(result, code)).toBe(expected);
  });

  it('uses first_seen_at when the source gave no posting date, and penalises a lead not seen lately', () => {
    const lead = makeScoringLead({ postedAt: null, firstSeenAt: daysAgo(40), lastSeenAt: daysAgo(20) });
    const result = qualityScore(input({ lead }));
    expect(points(result, 'FRESH_POSTING')).toBe(4);
    expect(points(result, 'NOT_SEEN_RECENTLY')).toBe(-10);
  });

  const ownerCases: [string, Parameters<typeof makeScoringLead>[0], string, number][] = [
    ['owner sale', {}, 'OWNER_LISTING', 10],
    ['agent sale', { listingType: 'agent_sale' }, 'AGENT_LISTING', -20],
    ['brokered by', { description: 'Nice house. Brokered by Sunrise Realty.' }, 'AGENT_WORDS', -15],
    ['MLS number', { title: 'Lovely condo MLS# 1043221' }, 'AGENT_WORDS', -15],
    ['listing agent', { description: 'Contact the listing agent for showings.' }, 'AGENT_WORDS', -15],
  ];
  it.each(ownerCases)('owner vs agent: %s → %s', (_name, lead, code, expected) => {
    expect(points(qualityScore(input({ lead: makeScoringLead(lead) })), code)).toBe(expected);
  });

  it('does not mistake "no agents please" for an agent listing', () => {
    const lead = makeScoringLead({ description: 'For sale by owner. No agents please, principals only.' });
    expect(codes(qualityScore(input({ lead })))).not.toContain('AGENT_WORDS');
  });

  const motivationCases: [string[], number | undefined][] = [
    [[], undefined],
    [['must_sell'], 4],
    [['must_sell', 'relocating'], 8],
    [['must_sell', 'relocating', 'divorce'], 10],
    [['must_sell', 'must_sell'], 4],
  ];
  it.each(motivationCases)('motivation %j → %s points', (motivation, expected) => {
    expect(points(qualityScore(input({ lead: makeScoringLead({ motivation }) })), 'MOTIVATED_SELLER')).toBe(
      expected,
    );
  });

  const sourceCases: [string[], number | undefined][] = [
    [[], undefined],
    [['facebook_leadads'], 5],
    [['craigslist'], 2],
    [['craigslist', 'zillow'], 5],
    [['some_new_site'], 2],
  ];
  it.each(sourceCases)('sources %j → %s points', (sourceIds, expected) => {
    expect(points(qualityScore(input({ sourceIds })), 'SOURCE_RELIABILITY')).toBe(expected);
  });

  it('names what is missing and scores a bare lead low, never below 0', () => {
    const lead = makeScoringLead({
      listingType: 'agent_rental',
      price: null,
      bedrooms: null,
      bathrooms: null,
      sqft: null,
      addressLine: null,
      zip: null,
      city: null,
      geoPrecision: null,
      imageCount: 0,
      description: null,
      postedAt: daysAgo(200),
      lastSeenAt: daysAgo(100),
    });
    const result = qualityScore(input({ lead, contact: null, sourceIds: [] }));
    expect(result.score).toBe(0);
    expect(result.reasons.find((reason) => reason.code === 'INCOMPLETE')?.detail).toBe(
      'missing: price, bedrooms, bathrooms, square feet, address, exact position, photos, description',
    );
  });

  it('does not ask land for bedrooms or bathrooms', () => {
    const lead = makeScoringLead({ propertyType: 'land', bedrooms: null, bathrooms: null });
    expect(codes(qualityScore(input({ lead })))).toEqual(
      expect.arrayContaining(['HAS_BEDROOMS', 'HAS_BATHROOMS']),
    );
  });
});
