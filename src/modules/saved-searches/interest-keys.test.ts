import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxCells, leadInterestKeys, MAX_CELLS_PER_SEARCH, searchInterestKeys } from './interest-keys.js';
import { leadMatchesQuery, type MatchableLead } from './query-rules.js';
import type { SavedQuery } from './saved-searches.schemas.js';

const place = { latitude: 35.0844, longitude: -106.6504, zip: '87106', city: 'Albuquerque', state: 'NM' };

describe('interest keys', () => {
  it.each<[string, SavedQuery, string[]]>([
    ['a ZIP wins over everything', { zip: '87106', lat: 35, lng: -106, radius_km: 10 }, ['z:87106']],
    ['a city with its state', { city: ' Santa  Fe', state: 'NM' }, ['c:NM:santa fe']],
    ['a city alone', { city: 'Springfield' }, ['c:*:springfield']],
    ['a state', { state: 'TX', price_max: 100 }, ['s:TX']],
    ['no place at all listens everywhere', { q: 'pool' }, ['*']],
  ])('%s', (_name, query, keys) => {
    expect(searchInterestKeys(query)).toEqual(keys);
  });

  it('covers a 10 km radius with fine cells and a 300 km one with coarse cells, never more than the cap', () => {
    const small = searchInterestKeys({ lat: 35, lng: -106, radius_km: 10 });
    const large = searchInterestKeys({ lat: 35, lng: -106, radius_km: 300 });
    expect(small.every((key) => key.startsWith('g0:'))).toBe(true);
    expect(large.every((key) => key.startsWith('g2:'))).toBe(true);
    for (const keys of [small, large]) expect(keys.length).toBeLessThanOrEqual(MAX_CELLS_PER_SEARCH);
  });

  it('gives a lead at most nine keys: anywhere, four cells, ZIP, two city keys, state', () => {
    expect(leadInterestKeys(place)).toHaveLength(9);
    expect(leadInterestKeys({ ...place, latitude: null, longitude: null, zip: null })).toEqual([
      '*',
      'c:*:albuquerque',
      'c:NM:albuquerque',
      's:NM',
    ]);
  });

  it('lets no box be covered by too many cells: the whole world falls back to "anywhere"', () => {
    expect(boxCells([-180, -90, 180, 90])).toBeNull();
    expect(searchInterestKeys({ bbox: '-180,-90,180,90' })).toEqual(['*']);
  });

  // The index may only narrow: a lead that matches a search must share one of its keys.
  it('never hides a matching lead from a geographic search (property)', () => {
    const base: MatchableLead = {
      id: 'x',
      listing_type: 'fsbo_sale',
      property_type: 'house',
      price: 1,
      bedrooms: 1,
      bathrooms: 1,
      sqft: 100,
      posted_at: null,
      quality_score: 50,
      fraud_score: 0,
      sources: [],
      has_phone: true,
      has_email: true,
      dnc_clean: true,
      ...place,
    };
    fc.assert(
      fc.property(
        fc.double({ min: 25, max: 49, noNaN: true }),
        fc.double({ min: -124, max: -67, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (lat, lng, radius, dx, dy) => {
          const query: SavedQuery = { lat, lng, radius_km: radius };
          const spread = radius / 111;
          const lead = { ...base, latitude: lat + dy * spread, longitude: lng + dx * spread * 1.5 };
          if (!leadMatchesQuery(lead, query)) return true;
          const keys = new Set(leadInterestKeys(lead));
          return searchInterestKeys(query).some((key) => keys.has(key));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
