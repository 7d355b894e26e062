import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SearchQuery,
  type SearchResult,
  type SearchSort,
  SearchValidationError,
  searchLeads,
} from '../../src/modules/search/index.js';
import { type Database, migrate } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { openTestDatabase } from '../support/test-platform.js';
import { DENVER, seedSearchDataset } from './search.dataset.js';
import { ATLANTA } from './search.factories.js';

let db: Database;
let ids: Record<string, string>;
let denverIds: string[];

const idsOf = (result: SearchResult) => result.items.map((item) => item.id);

beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db, createLogger({ level: 'silent' }));
  ({ ids, denverIds } = await seedSearchDataset(db));
});
afterAll(() => db.close());

/** Every page of a search, following next_cursor. */
async function walk(query: SearchQuery): Promise<SearchResult['items']> {
  const items: SearchResult['items'] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages += 1) {
    const page = await searchLeads(db, { ...query, cursor });
    items.push(...page.items);
    if (!page.next_cursor) return items;
    cursor = page.next_cursor;
  }
  throw new Error('pagination did not end');
}

describe('keyset pagination', () => {
  const everyone = () => [
    ...Object.entries(ids)
      .filter(([k]) => k.length === 1)
      .map(([, id]) => id),
    ...denverIds,
  ];
  const sorts: [SearchSort, SearchQuery][] = [
    ['newest', {}],
    ['price_asc', {}],
    ['price_desc', {}],
    ['quality', {}],
    ['distance', { ...DENVER }],
    ['relevance', { q: 'home' }],
  ];

  it.each(sorts)('%s walks every row once, in the one-page order', async (sort, extra) => {
    const whole = await searchLeads(db, { ...extra, sort, limit: 100 });
    expect(whole.next_cursor).toBeNull();
    const walked = await walk({ ...extra, sort, limit: 4 });
    const walkedIds = walked.map((item) => item.id);
    expect(new Set(walkedIds).size).toBe(walkedIds.length);
    expect(walkedIds).toEqual(idsOf(whole));
    if (sort !== 'relevance') expect(new Set(walkedIds)).toEqual(new Set(everyone()));
    else expect(walkedIds.length).toBeGreaterThan(20);
  });

  it('orders by the sort key, missing values last, ties by id', async () => {
    const asc = await searchLeads(db, { sort: 'price_asc', limit: 100 });
    const prices = asc.items.map((item) => item.price);
    expect(prices.at(-1)).toBeNull();
    const known = prices.filter((p): p is number => p !== null);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    const desc = await searchLeads(db, { sort: 'price_desc', limit: 100 });
    expect(desc.items.at(-1)?.price).toBeNull();
    const near = await searchLeads(db, { ...DENVER, limit: 100 });
    const distances = near.items.map((item) => item.distance_km ?? Number.NaN);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('later pages carry the first page total', async () => {
    const first = await searchLeads(db, { state: 'CO', limit: 5 });
    expect(first.total).toEqual({ value: 23, exact: true });
    const second = await searchLeads(db, { state: 'CO', limit: 5, cursor: first.next_cursor! });
    expect(second.total).toEqual(first.total);
  });
});

describe('masked contacts', () => {
  it('never returns a phone, an email address or a name, not even inside the title', async () => {
    const result = await searchLeads(db, { limit: 100 }, { facets: true });
    const json = JSON.stringify(result);
    expect(json).not.toMatch(/\+?1?404555\d{4}/);
    expect(json).not.toContain('alice');
    expect(json).not.toContain('Walker');
    expect(json).not.toContain('404-555-0199');
    expect(json).not.toContain('seller@');
    const a = result.items.find((item) => item.id === ids.A)!;
    expect(a.contact).toEqual({
      name_initial: 'A.',
      phones_masked: ['••• ••• ••01'],
      emails_masked: ['•••@gmail.com'],
      has_phone: true,
      has_email: true,
      dnc_listed: false,
    });
    expect(result.items.find((item) => item.id === ids.B)?.contact.dnc_listed).toBe(true);
    const f = result.items.find((item) => item.id === ids.F)!;
    expect(f.title).toBe('Call [phone hidden] or mail [email hidden]');
    expect(f.contact).toMatchObject({ name_initial: null, phones_masked: [], has_phone: false });
  });
});

describe('invalid searches', () => {
  const square = (size: number) => ({
    type: 'Polygon' as const,
    coordinates: [
      [
        [-84, 33],
        [-84 + size, 33],
        [-84 + size, 33 + size],
        [-84, 33 + size],
        [-84, 33],
      ],
    ],
  });
  const cases: [string, SearchQuery, string][] = [
    ['radius 0', { ...ATLANTA, radius_km: 0 }, 'radius_km'],
    ['radius above 500', { ...ATLANTA, radius_km: 501 }, 'radius_km'],
    ['radius without centre', { radius_km: 5 }, 'lat'],
    ['lat without lng', { lat: 33.7 }, 'lng'],
    ['lat out of range', { lat: 95, lng: 0 }, 'lat'],
    ['price_min above price_max', { price_min: 5, price_max: 4 }, 'price_min'],
    ['bbox not four numbers', { bbox: '1,2,3' }, 'bbox'],
    ['bbox min above max', { bbox: '-84,34,-85,33' }, 'bbox'],
    ['distance without centre', { sort: 'distance' }, 'sort'],
    ['cursor not base64 JSON', { cursor: 'not-a-cursor' }, 'cursor'],
    [
      'polygon not closed',
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
      'polygon',
    ],
    [
      'polygon intersecting itself',
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
      'polygon',
    ],
    ['polygon too large', { polygon: square(20) }, 'polygon'],
  ];
  it.each(cases)('%s → 400 naming %s', async (_name, query, field) => {
    const error = await searchLeads(db, query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchValidationError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field });
  });

  it('refuses a cursor of another sort or a tampered one', async () => {
    const page = await searchLeads(db, { sort: 'price_asc', limit: 2 });
    const other = await searchLeads(db, { sort: 'newest', cursor: page.next_cursor! }).catch(
      (e: unknown) => e,
    );
    expect(other).toMatchObject({ field: 'cursor' });
    const body = JSON.parse(Buffer.from(page.next_cursor!, 'base64url').toString()) as unknown[];
    body[2] = "x' OR 1=1";
    const tampered = Buffer.from(JSON.stringify(body)).toString('base64url');
    const error = await searchLeads(db, { sort: 'price_asc', cursor: tampered }).catch((e: unknown) => e);
    expect(error).toMatchObject({ field: 'cursor' });
  });
});

describe('total', () => {
  it('is the planner estimate, flagged, when more than 1,000 leads match', async () => {
    await db.query(
      `INSERT INTO leads (status, listing_type, property_type, title, price, city, state, zip, location)
       SELECT 'published', 'fsbo_sale', 'house', 'Texas home ' || g, 100000 + g, 'Austin', 'TX', '78701',
         ST_SetSRID(ST_MakePoint(-97.74 + g * 0.00001, 30.27), 4326)::geography
       FROM generate_series(1, 1050) AS g`,
    );
    await db.query('ANALYZE leads');
    const result = await searchLeads(db, { state: 'TX', limit: 10 });
    expect(result.total.exact).toBe(false);
    expect(result.total.value).toBeGreaterThan(1000);
    const faceted = await searchLeads(db, { state: 'TX', limit: 10 }, { facets: true });
    expect(faceted.total).toEqual({ value: 1050, exact: true });
  });
});
