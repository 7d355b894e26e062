import type { ScoringContact, ScoringLead } from './scoring.types.js';

// Builders for the pure-rule tests: a complete, fresh owner listing and a validated contact, which each
// test case bends one way.

export const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

/** A moment `days` days before NOW. */
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

/** A complete 3-bed house for sale by its owner, posted yesterday in Albuquerque. */
export function makeScoringLead(overrides: Partial<ScoringLead> = {}): ScoringLead {
  return {
    listingType: 'fsbo_sale',
    propertyType: 'house',
    title: '3 bed 2 bath house with a big yard',
    description:
      'Well kept single-story home on a quiet street, new roof in 2022, updated kitchen with gas range, ' +
      'two-car garage, fenced back yard with mature trees, walking distance to the elementary school and the ' +
      'park. Refrigerated air, tile floors throughout, covered patio. Showings by appointment any evening, ' +
      'call or text the owner.',
    price: 325_000,
    bedrooms: 3,
    bathrooms: 2,
    sqft: 1650,
    addressLine: '1208 Vassar Dr NE',
    city: 'Albuquerque',
    state: 'NM',
    zip: '87106',
    geoPrecision: 'rooftop',
    postedAt: daysAgo(1),
    firstSeenAt: daysAgo(1),
    lastSeenAt: daysAgo(0),
    imageCount: 8,
    motivation: [],
    ...overrides,
  };
}

/** A contact with one validated local phone and one validated email, not on any DNC list. */
export function makeScoringContact(overrides: Partial<ScoringContact> = {}): ScoringContact {
  return {
    phones: ['+15052681234'],
    emails: ['owner@example.com'],
    dncListed: [],
    validation: {
      phones: [{ e164: '+15052681234', valid: true, possible: true, type: 'mobile', fake: false }],
      emails: [{ address: 'owner@example.com', syntax_ok: true, disposable: false, mx: true }],
    },
    ...overrides,
  };
}
