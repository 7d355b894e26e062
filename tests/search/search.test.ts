import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SearchQuery, type SearchResult, searchLeads } from '../../src/modules/search/index.js';
import { type Database, migrate } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { openTestDatabase } from '../support/test-platform.js';
import { seedSearchDataset } from './search.dataset.js';
import { ATLANTA, daysAgo } from './search.factories.js';

let db: Database;
let ids: Record<string, string>;

const search = (query: SearchQuery, facets = false) => searchLeads(db, query, { facets });
const idsOf = (result: SearchResult) => result.items.map((item) => item.id);
const named = (...names: string[]) => names.map((name) => ids[name]);

beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db, createLogger({ level: 'silent' }));
  ({ ids } = await seedSearchDataset(db));
});
afterAll(() => db.close());

describe('search: geography', () => {
  it('a 10 km radius includes the leads inside with their distances, nearest first, and excludes the rest', async () => {
    const result = await search({ ...ATLANTA, radius_km: 10 });
    expect(idsOf(result)).toEqual(named('A', 'B', 'D'));
    const distances = result.items.map((item) => item.distance_km ?? Number.NaN);
    expect(distances[0]).toBeCloseTo(0, 2);
    expect(distances[1]).toBeCloseTo(5, 1);
    expect(distances[2]).toBeCloseTo(9, 1);
    expect(result.total).toEqual({ value: 3, exact: true });
    expect((await search({ ...ATLANTA, radius_km: 25 })).items.map((i) => i.id)).toContain(ids.C);
  });

  it('a bounding box and a drawn polygon keep only what they cover; no centre means no distance', async () => {
    const box = await search({ bbox: '-84.40,33.74,-84.37,33.80' });
    expect(new Set(idsOf(box))).toEqual(new Set(named('A', 'B')));
    expect(box.items[0]?.distance_km).toBeNull();
    const ring = [
      [-84.4, 33.7],
      [-84.36, 33.7],
      [-84.36, 33.83],
      [-84.4, 33.83],
      [-84.4, 33.7],
    ];
    const drawn = await search({ polygon: { type: 'Polygon', coordinates: [ring] } });
    expect(new Set(idsOf(drawn))).toEqual(new Set(named('A', 'B', 'D')));
  });
});

describe('search: text', () => {
  it('stems words, keeps phrases in order, matches prefixes', async () => {
    expect(idsOf(await search({ q: 'renovating' }))).toEqual(named('A'));
    expect(idsOf(await search({ q: '"swimming pool"' }))).toEqual(named('A'));
    expect(new Set(idsOf(await search({ q: 'swimming pool' })))).toEqual(new Set(named('A', 'B')));
    expect(idsOf(await search({ q: 'peach*' }))).toEqual(named('A'));
    expect(idsOf(await search({ q: 'bunga* brick' }))).toEqual(named('D'));
  });

  it('ranks a title match above a description match (weights A over C)', async () => {
    expect(idsOf(await search({ q: 'historic' }))).toEqual(named('E', 'D'));
  });

  it('retries a misspelled place or street with trigrams when the exact words find nothing', async () => {
    const city = await search({ q: 'Savanah' });
    expect(idsOf(city)).toEqual(named('E'));
    const street = await search({ q: 'Abercorne' });
    expect(idsOf(street)).toEqual(named('E'));
    const cityFilter = await search({ city: 'Decatr' });
    expect(idsOf(cityFilter)).toEqual(named('D'));
    expect((await search({ city: 'decatur' })).items.map((i) => i.id)).toEqual(named('D'));
  });
});

describe('search: filters', () => {
  const cases: [string, SearchQuery, string[]][] = [
    ['property_type', { property_type: ['condo,townhouse'] }, ['B', 'C']],
    ['listing_type', { listing_type: ['owner_rental'] }, ['B']],
    ['price range', { price_min: 200_000, price_max: 400_000 }, ['D']],
    ['price_min', { price_min: 400_000 }, ['A', 'E']],
    ['price_max', { price_max: 200_000 }, ['B', 'C']],
    ['beds_min', { beds_min: 4 }, ['A']],
    ['baths_min', { baths_min: 3 }, ['A']],
    ['sqft range', { sqft_min: 1000, sqft_max: 1200 }, ['C']],
    ['source', { source: ['zillow,fsbo'] }, ['A', 'D']],
    ['city', { city: 'Savannah' }, ['E']],
    ['zip', { zip: '30305' }, ['C']],
    ['quality_min', { quality_min: 80 }, ['A']],
    ['fraud_max', { fraud_max: 5 }, ['A']],
    // F gives no posting time: it counts as posted when first seen (today).
    ['posted_since', { posted_since: daysAgo(4).toISOString() }, ['A', 'D', 'F']],
    ['has_phone', { has_phone: false }, ['C', 'F']],
    ['has_email', { has_email: true, price_max: 200_000 }, ['B', 'C']],
    ['dnc_clean', { dnc_clean: true }, ['A']],
    ['dnc not clean', { dnc_clean: false, price_max: 200_000 }, ['B', 'C']],
  ];
  it.each(cases)('%s', async (_name, query, expected) => {
    const result = await search({ state: 'GA', ...query, limit: 100 });
    expect(new Set(idsOf(result))).toEqual(new Set(named(...expected)));
    expect(result.total).toEqual({ value: expected.length, exact: true });
  });

  it('never returns drafts, leads in review or agent listings, whatever the query', async () => {
    const hidden = named('draft', 'agent', 'review');
    for (const query of [{ q: 'renovated' }, { ...ATLANTA, radius_km: 1 }, { limit: 100 }, { state: 'GA' }]) {
      const found = idsOf(await search(query));
      expect(found.filter((id) => hidden.includes(id))).toEqual([]);
    }
  });
});

describe('search: facets', () => {
  it('counts the whole matched set per facet, not just the page', async () => {
    const result = await search({ state: 'GA', limit: 1 }, true);
    expect(result.items).toHaveLength(1);
    expect(result.total).toEqual({ value: 6, exact: true });
    const facets = result.facets!;
    expect(facets.property_type).toEqual(
      expect.arrayContaining([
        { value: 'house', count: 4 },
        { value: 'condo', count: 1 },
        { value: 'townhouse', count: 1 },
      ]),
    );
    expect(facets.listing_type).toEqual([
      { value: 'fsbo_sale', count: 5 },
      { value: 'owner_rental', count: 1 },
    ]);
    expect(facets.price).toEqual([
      { min: 1000, max: 2500, count: 1 },
      { min: 100_000, max: 250_000, count: 1 },
      { min: 250_000, max: 500_000, count: 2 },
      { min: 500_000, max: 1_000_000, count: 1 },
    ]);
    expect(facets.beds).toEqual([
      { value: '2', count: 2 },
      { value: '3', count: 3 },
      { value: '4', count: 1 },
    ]);
    expect(facets.source).toEqual(
      expect.arrayContaining([
        { value: 'craigslist', count: 5 },
        { value: 'zillow', count: 1 },
        { value: 'fsbo', count: 1 },
      ]),
    );
    expect(facets.city[0]).toEqual({ value: 'Atlanta', state: 'GA', count: 3 });
    expect(facets.zip.find((z) => z.value === '30303')?.count).toBe(2);
    expect(facets.quality_band).toEqual([
      { value: '0-39', count: 1 },
      { value: '40-69', count: 3 },
      { value: '70-100', count: 1 },
    ]);
    const next = await search({ state: 'GA', limit: 1, cursor: result.next_cursor! }, true);
    expect(next.facets).toBeNull();
    expect(next.total).toEqual(result.total);
  });
});
