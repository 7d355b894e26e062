import { describe, expect, it } from 'vitest';
import { haversineKm, inPolygon, type Position, parseBbox, polygonProblem } from './geo.js';
import { leadMatchesQuery, type MatchableLead, queryProblem } from './query-rules.js';
import type { SavedQuery } from './saved-searches.schemas.js';

// Albuquerque, NM (35.0844, -106.6504); Santa Fe is ~90 km north-east.
const lead = (overrides: Partial<MatchableLead> = {}): MatchableLead => ({
  id: '00000000-0000-4000-8000-000000000001',
  listing_type: 'fsbo_sale',
  property_type: 'house',
  price: 250_000,
  bedrooms: 3,
  bathrooms: 2,
  sqft: 1500,
  city: 'Albuquerque',
  state: 'NM',
  zip: '87106',
  latitude: 35.0844,
  longitude: -106.6504,
  posted_at: new Date('2026-06-10T00:00:00Z'),
  quality_score: 70,
  fraud_score: 10,
  sources: ['craigslist'],
  has_phone: true,
  has_email: false,
  dnc_clean: true,
  ...overrides,
});

const square: SavedQuery['polygon'] = {
  type: 'Polygon',
  coordinates: [
    [
      [-107, 34.9],
      [-106.4, 34.9],
      [-106.4, 35.3],
      [-107, 35.3],
      [-107, 34.9],
    ],
  ],
};

describe('leadMatchesQuery', () => {
  it.each<[string, SavedQuery, Partial<MatchableLead>, boolean]>([
    ['an empty query matches any published lead', {}, {}, true],
    ['radius: inside', { lat: 35.1, lng: -106.6, radius_km: 10 }, {}, true],
    ['radius: outside', { lat: 35.687, lng: -105.9378, radius_km: 50 }, {}, false],
    [
      'radius: a lead without location never matches',
      { lat: 35.1, lng: -106.6, radius_km: 10 },
      { latitude: null, longitude: null },
      false,
    ],
    ['bbox: inside', { bbox: '-107,35,-106,35.2' }, {}, true],
    ['bbox: outside', { bbox: '-106,35,-105,35.2' }, {}, false],
    ['polygon: inside', { polygon: square }, {}, true],
    ['polygon: outside', { polygon: square }, { longitude: -106.2 }, false],
    ['property type listed', { property_type: ['condo', 'house'] }, {}, true],
    ['property type not listed', { property_type: ['condo'] }, {}, false],
    ['listing type not listed', { listing_type: ['owner_rental'] }, {}, false],
    ['price in range', { price_min: 200_000, price_max: 300_000 }, {}, true],
    ['price above max', { price_max: 200_000 }, {}, false],
    ['price bound and no price', { price_min: 1 }, { price: null }, false],
    ['beds and baths minimums', { beds_min: 3, baths_min: 2 }, {}, true],
    ['too few beds', { beds_min: 4 }, {}, false],
    ['sqft range', { sqft_min: 1000, sqft_max: 1400 }, {}, false],
    ['source listed', { source: ['zillow', 'craigslist'] }, {}, true],
    ['source not listed', { source: ['zillow'] }, {}, false],
    ['city ignores case and spaces', { city: '  albuquerque ' }, {}, true],
    ['other city', { city: 'Santa Fe' }, {}, false],
    ['zip', { zip: '87106' }, {}, true],
    ['other zip', { zip: '87501' }, {}, false],
    ['other state', { state: 'TX' }, {}, false],
    ['quality at least', { quality_min: 70 }, {}, true],
    ['quality below', { quality_min: 71 }, {}, false],
    ['unscored lead fails a quality bound', { quality_min: 10 }, { quality_score: null }, false],
    ['fraud above max', { fraud_max: 5 }, {}, false],
    ['posted since', { posted_since: '2026-06-01T00:00:00Z' }, {}, true],
    ['posted before', { posted_since: '2026-06-11T00:00:00Z' }, {}, false],
    ['has phone', { has_phone: true }, {}, true],
    ['has email required', { has_email: true }, {}, false],
    ['has_email false means any', { has_email: false }, {}, true],
    ['DNC clean required', { dnc_clean: true }, { dnc_clean: false }, false],
  ])('%s', (_name, query, overrides, expected) => {
    expect(leadMatchesQuery(lead(overrides), query)).toBe(expected);
  });
});

describe('queryProblem', () => {
  it.each<[SavedQuery, string | null]>([
    [{ lat: 35, lng: -106, radius_km: 10 }, null],
    [{ lat: 35, lng: -106 }, 'query.radius_km'],
    [{ radius_km: 5 }, 'query.radius_km'],
    [{ bbox: '-106,35,-107,36' }, 'query.bbox'],
    [{ bbox: '-106,35,-105,36' }, null],
    [{ price_min: 10, price_max: 5 }, 'query.price_min'],
    [{ sqft_min: 10, sqft_max: 5 }, 'query.sqft_min'],
    [{ q: '   ' }, 'query.q'],
    [{ polygon: square }, null],
    [
      {
        polygon: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [1, 0],
              [0, 1],
              [0, 0],
            ],
          ],
        },
      },
      'query.polygon',
    ],
    [
      {
        polygon: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ],
        },
      },
      'query.polygon',
    ],
  ])('%j → %s', (query, field) => {
    expect(queryProblem(query)?.field ?? null).toBe(field);
  });
});

describe('geometry', () => {
  it('measures great-circle distances like PostGIS (Albuquerque–Santa Fe ≈ 93 km)', () => {
    expect(haversineKm(35.0844, -106.6504, 35.687, -105.9378)).toBeCloseTo(93.3, 0);
  });

  it('parses a bbox and refuses a reversed or out-of-range one', () => {
    expect(parseBbox('-107, 35, -106, 36')).toEqual([-107, 35, -106, 36]);
    expect(parseBbox('-107,35,-106')).toBeNull();
    expect(parseBbox('-107,35,-106,95')).toBeNull();
  });

  it('excludes points in a hole', () => {
    const rings: Position[][] = [
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
      [
        [4, 4],
        [6, 4],
        [6, 6],
        [4, 6],
        [4, 4],
      ],
    ];
    expect(inPolygon(rings, 1, 1)).toBe(true);
    expect(inPolygon(rings, 5, 5)).toBe(false);
    expect(polygonProblem(rings)).toBeNull();
  });
});
