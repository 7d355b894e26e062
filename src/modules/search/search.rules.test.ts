import { describe, expect, it } from 'vitest';
import { normalizeSearch, parseBbox, splitList } from './search.rules.js';
import type { SearchQuery } from './search.schemas.js';

describe('normalizeSearch', () => {
  it.each<[string, SearchQuery, string]>([
    ['lat without lng', { lat: 1 }, 'lng'],
    ['lng without lat', { lng: 1 }, 'lat'],
    ['radius without centre', { radius_km: 3 }, 'lat'],
    ['radius 0', { lat: 1, lng: 1, radius_km: 0 }, 'radius_km'],
    ['radius 501', { lat: 1, lng: 1, radius_km: 501 }, 'radius_km'],
    ['price_min > price_max', { price_min: 2, price_max: 1 }, 'price_min'],
    ['sqft_min > sqft_max', { sqft_min: 2, sqft_max: 1 }, 'sqft_min'],
    ['distance sort without centre', { sort: 'distance' }, 'sort'],
    ['posted_since not a date', { posted_since: 'yesterday' }, 'posted_since'],
    [
      'polygon ring open',
      {
        polygon: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 2],
            ],
          ],
        },
      },
      'polygon',
    ],
    [
      'polygon position out of range',
      {
        polygon: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 99],
              [0, 0],
            ],
          ],
        },
      },
      'polygon',
    ],
  ])('%s → field %s', (_name, query, field) => {
    expect(() => normalizeSearch(query)).toThrow(expect.objectContaining({ field, status: 400 }));
  });

  it('refuses a polygon of more than 1,000 vertices', () => {
    const ring = Array.from({ length: 1001 }, (_, i) => [Math.cos(i / 160), Math.sin(i / 160)]);
    ring.push(ring[0]!);
    expect(() => normalizeSearch({ polygon: { type: 'Polygon', coordinates: [ring] } })).toThrow(
      /1000 vertices/,
    );
  });

  it.each<[string, SearchQuery, string]>([
    ['nothing', {}, 'newest'],
    ['text', { q: 'pool' }, 'relevance'],
    ['centre', { lat: 1, lng: 2 }, 'distance'],
    ['text and centre', { q: 'pool', lat: 1, lng: 2 }, 'relevance'],
    ['relevance without text', { sort: 'relevance' }, 'newest'],
    ['explicit', { q: 'pool', sort: 'price_desc' }, 'price_desc'],
  ])('default sort with %s is %s', (_name, query, sort) => {
    expect(normalizeSearch(query).sort).toBe(sort);
  });

  it('normalises lists, state and limit', () => {
    const search = normalizeSearch({
      property_type: ['house,condo', 'house'],
      state: 'ga',
      city: ' Atlanta ',
    });
    expect(search).toMatchObject({
      propertyTypes: ['house', 'condo'],
      state: 'GA',
      city: 'Atlanta',
      limit: 20,
    });
  });

  it('not_purchased=true needs a signed-in buyer (401 naming the field); false needs nothing', () => {
    expect(() => normalizeSearch({ not_purchased: true })).toThrow(
      expect.objectContaining({ code: 'FILTER_REQUIRES_SIGN_IN', field: 'not_purchased', status: 401 }),
    );
    expect(normalizeSearch({ not_purchased: false }).notPurchasedBy).toBeNull();
    const viewer = { viewerId: '00000000-0000-4000-8000-000000000001', defaultMaxBuyers: 5 };
    expect(normalizeSearch({ not_purchased: true, slots_left_min: 2 }, viewer)).toMatchObject({
      notPurchasedBy: viewer.viewerId,
      slotsLeftMin: 2,
      defaultMaxBuyers: 5,
    });
    expect(normalizeSearch({}, viewer).notPurchasedBy).toBeNull();
  });
});

describe('parseBbox and splitList', () => {
  it.each(['1,2,3', '1,2,3,x', '-181,0,0,1', '0,-91,1,1', '1,0,0,1', '0,1,1,1', ',,,'])(
    'refuses %s',
    (text) => {
      expect(() => parseBbox(text)).toThrow(expect.objectContaining({ field: 'bbox' }));
    },
  );
  it('reads a box', () => expect(parseBbox(' -84.5, 33.6,-84.2,33.9')).toEqual([-84.5, 33.6, -84.2, 33.9]));
  it('splits comma lists', () => {
    expect(splitList(undefined)).toBeNull();
    expect(splitList(['', ' , '])).toBeNull();
    expect(splitList(['a,b', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });
});
