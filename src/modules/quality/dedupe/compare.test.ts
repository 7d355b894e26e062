import { describe, expect, it } from 'vitest';
import { compareRecords, MATCH_THRESHOLD, type MatchDecision } from './compare.js';
import { distanceMetres } from './field-rules.js';
import type { MatchInput } from './match-record.js';
import { DESCRIPTION, makeRecord } from './test-records.js';

const base = makeRecord();

const cases: {
  name: string;
  other: MatchInput;
  decision: MatchDecision;
  fields?: Record<string, 'plus' | 'minus'>;
}[] = [
  {
    name: 'a repost: new title, same text, phone and address',
    other: makeRecord({ title: 'AVAILABLE NOW!! 2br Logan Sq', posted_at: new Date('2026-06-09T12:00:00Z') }),
    decision: 'match',
    fields: { description: 'plus', phone: 'plus', address: 'plus' },
  },
  {
    name: 'a repost with a 5% lower price and no address line',
    other: makeRecord({ price: 1750, address_line: null }),
    decision: 'match',
    fields: { price: 'plus', description: 'plus' },
  },
  {
    name: 'another unit of the same building, same template ad',
    other: makeRecord({ address_line: '2417 N Spaulding Ave Apt 3' }),
    decision: 'distinct',
    fields: { address: 'minus' },
  },
  {
    name: 'the same building, a one-bedroom at another price (same landlord, same ad text): review, not merge',
    other: makeRecord({ bedrooms: 1, price: 1400, sqft: 700, address_line: '2417 N Spaulding Ave' }),
    decision: 'possible',
    fields: { bedrooms: 'minus', price: 'minus', sqft: 'minus' },
  },
  {
    name: 'the same home offered for sale',
    other: makeRecord({ listing_type: 'fsbo_sale', price: 425000 }),
    decision: 'distinct',
  },
  {
    name: 'the same home, listed by an agent',
    other: makeRecord({ listing_type: 'agent_rental' }),
    decision: 'possible',
  },
  {
    name: 'an unrelated ad across town',
    other: makeRecord(
      {
        title: 'Studio near the lake',
        description:
          'Cozy studio with a view of the lake, laundry on site, no pets, one year lease required.',
        address_line: '5000 N Marine Dr',
        zip: '60640',
        latitude: 41.9735,
        longitude: -87.6497,
        bedrooms: 0,
        price: 1100,
        images: [],
      },
      { phones: ['+13125550199'] },
    ),
    decision: 'distinct',
  },
  {
    name: 'a form lead (no offer stated) with the same phone and address',
    other: makeRecord({ listing_type: 'form_lead', description: null, title: null, price: null, images: [] }),
    decision: 'match',
    fields: { phone: 'plus', address: 'plus' },
  },
];

describe('compareRecords', () => {
  it.each(cases)('$name → $decision', ({ other, decision, fields }) => {
    const result = compareRecords(base, other);
    expect(result.decision).toBe(decision);
    for (const [field, sign] of Object.entries(fields ?? {})) {
      const reason = result.reasons.find((r) => r.field === field);
      expect(reason, field).toBeDefined();
      if (sign === 'plus') expect(reason!.weight, field).toBeGreaterThan(0);
      else expect(reason!.weight, field).toBeLessThan(0);
    }
  });

  it('is symmetric in score and decision', () => {
    for (const { other } of cases) {
      const [ab, ba] = [compareRecords(base, other), compareRecords(other, base)];
      expect(ba.score).toBe(ab.score);
      expect(ba.decision).toBe(ab.decision);
    }
  });

  it('explains itself: every compared field, its similarity, weight and a detail; the score is their sum', () => {
    const result = compareRecords(base, makeRecord({ price: 1800 }));
    expect(result.reasons.map((r) => r.field).sort()).toEqual(
      [
        'address',
        'bathrooms',
        'bedrooms',
        'description',
        'distance',
        'images',
        'listing_type',
        'phone',
        'price',
        'sqft',
        'title',
      ].sort(),
    );
    for (const reason of result.reasons) {
      expect(reason.similarity).toBeGreaterThanOrEqual(0);
      expect(reason.similarity).toBeLessThanOrEqual(1);
      expect(reason.detail).not.toBe('');
    }
    const sum = result.reasons.reduce((total, r) => total + r.weight, 0);
    expect(result.score).toBeCloseTo(sum, 5);
    expect(result.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(result.reasons.find((r) => r.field === 'listing_type')?.detail).toContain('compatible');
  });

  it('says why a sale and a rental are kept apart, however alike', () => {
    const result = compareRecords(base, makeRecord({ listing_type: 'agent_sale' }));
    expect(result.decision).toBe('distinct');
    expect(result.reasons.find((r) => r.field === 'listing_type')?.detail).toMatch(
      /sale and rental never merge/,
    );
  });

  it('ignores fields only one side states (absence is not evidence)', () => {
    const bare = makeRecord({ price: null, sqft: null, images: [] }, { phones: [] });
    const fields = compareRecords(base, bare).reasons.map((r) => r.field);
    expect(fields).not.toContain('price');
    expect(fields).not.toContain('sqft');
    expect(fields).not.toContain('phone');
    expect(fields).not.toContain('images');
  });

  it('treats an approximate pin (Craigslist map accuracy ≥ 20) as no evidence of distance under 10 km', () => {
    const approximate = { map_accuracy: 22 };
    const a = makeRecord({ attributes: approximate, address_line: null });
    const b = makeRecord({ attributes: approximate, address_line: null, latitude: 41.95, longitude: -87.7 });
    const reason = compareRecords(a, b).reasons.find((r) => r.field === 'distance')!;
    expect(reason.weight).toBe(0);
    expect(reason.detail).toMatch(/approximate/);
    expect(DESCRIPTION.length).toBeGreaterThan(100);
  });
});

describe('distanceMetres', () => {
  it.each([
    [41.92523, -87.71011, 41.92523, -87.71011, 0, 0.01],
    [41.88, -87.63, 41.89, -87.63, 1112, 2],
    [40.7128, -74.006, 34.0522, -118.2437, 3_935_746, 1000],
  ])('(%d, %d) → (%d, %d) ≈ %d m', (lat1, lon1, lat2, lon2, metres, tolerance) => {
    expect(Math.abs(distanceMetres(lat1, lon1, lat2, lon2) - metres)).toBeLessThanOrEqual(tolerance);
  });
});
