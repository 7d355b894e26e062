import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SearchQuery,
  type SearchResult,
  type SearchSort,
  SearchValidationError,
  searchLeads,
} from '../../src/modules/search/index.js';
import { type Database, migrate, type Queryable } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { openTestDatabase } from '../support/test-platform.js';
import { DENVER, seedSearchDataset } from './search.dataset.js';
import { ATLANTA, makeSearchLead } from './search.factories.js';

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
    // Facets count the window (1,000 newest) and scale to the estimate, flagged; a larger window is exact.
    const faceted = await searchLeads(db, { state: 'TX', limit: 10 }, { facets: true });
    expect(faceted.total.exact).toBe(false);
    expect(faceted.facets).toMatchObject({ exact: false, sample_size: 1000 });
    const listed = faceted.facets!.listing_type.reduce((sum, bucket) => sum + bucket.count, 0);
    expect(Math.abs(listed - faceted.total.value)).toBeLessThanOrEqual(1);
    const whole = await searchLeads(db, { state: 'TX', limit: 10 }, { facets: true, window: 2000 });
    expect(whole.total).toEqual({ value: 1050, exact: true });
    expect(whole.facets).toMatchObject({
      exact: true,
      sample_size: null,
      city: [{ value: 'Austin', count: 1050 }],
    });
  });
});

describe('relevance ranks a bounded window of the newest matches', () => {
  const window = { window: 5 };

  it('ranks the newest N matches only, and counts every match', async () => {
    const newest = await searchLeads(db, { q: 'home', sort: 'newest', limit: 5 });
    const all = await searchLeads(db, { q: 'home', limit: 100 });
    const ranked = await searchLeads(db, { q: 'home', limit: 100 }, window);
    expect(new Set(idsOf(ranked))).toEqual(new Set(idsOf(newest)));
    // Same order as the full ranking restricted to those leads (rank desc, id desc).
    expect(idsOf(ranked)).toEqual(idsOf(all).filter((id) => idsOf(newest).includes(id)));
    expect(ranked.total).toEqual(all.total);
    expect(all.total.value).toBeGreaterThan(5);
    const faceted = await searchLeads(db, { q: 'home', limit: 100 }, { ...window, facets: true });
    expect(idsOf(faceted)).toEqual(idsOf(ranked));
    // The facets are the window's, scaled to the estimated total and flagged.
    expect(faceted.total.exact).toBe(false);
    expect(faceted.facets).toMatchObject({ exact: false, sample_size: 5 });
  });

  it('walks the same window page by page, even after a newer match arrives', async () => {
    const whole = await searchLeads(db, { q: 'home', limit: 100 }, window);
    const first = await searchLeads(db, { q: 'home', limit: 2 }, window);
    const walked = [...idsOf(first)];
    let cursor = first.next_cursor;
    let newer: string | undefined;
    while (cursor) {
      const page = await searchLeads(db, { q: 'home', limit: 2, cursor }, window);
      walked.push(...idsOf(page));
      cursor = page.next_cursor;
      // A lead posted after the first page joins the window (it is newer than its edge), not the old ones.
      newer ??= await makeSearchLead(db, { title: 'Brand new home', posted_at: new Date() });
    }
    expect(walked.filter((id) => id !== newer)).toEqual(idsOf(whole));
    await db.query('DELETE FROM leads WHERE id = $1', [newer]);
  });

  it('around a centre the window is the nearest matches, and pages walk it', async () => {
    const query = { q: 'home', ...DENVER };
    // The 5 nearest and any lead tied with the 5th (the window keeps ties whole).
    const byDistance = (await searchLeads(db, { ...query, sort: 'distance', limit: 100 })).items;
    const edge = byDistance[4]!.distance_km!;
    const nearest = byDistance.filter((item) => item.distance_km! <= edge).map((item) => item.id);
    const ranked = await searchLeads(db, { ...query, limit: 100 }, window);
    expect(new Set(idsOf(ranked))).toEqual(new Set(nearest));
    expect(nearest.length).toBeLessThan(byDistance.length);
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchLeads(db, { ...query, limit: 2, cursor }, window);
      walked.push(...idsOf(page));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(walked).toEqual(idsOf(ranked));
  });

  it("leaves a caller's transaction with the planner settings it had", async () => {
    const settings = async (tx: Queryable) =>
      (
        await tx.query(
          "SELECT current_setting('jit') AS jit, current_setting('enable_bitmapscan') AS bitmaps, current_setting('enable_sort') AS sorts",
        )
      ).rows[0];
    await db.transaction(async (tx) => {
      const before = await settings(tx);
      const result = await searchLeads(tx, { q: 'home', ...DENVER }, window);
      expect(result.items.length).toBeGreaterThan(0);
      expect(await settings(tx)).toEqual(before);
    });
  });
});
