import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_RULES_CONFIG,
  type DemandDay,
  defaultPricingRules,
  demandLevel,
  LeadNotForSaleError,
  listPriceHistory,
  PricingLeadNotFoundError,
  quoteLead,
  quoteLeads,
  readDemandLevels,
  recordDemandEvent,
} from '../../src/modules/pricing/index.js';
import { type Database, migrate } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { openTestDatabase } from '../support/test-platform.js';
import { makeLead, makeSubscriber } from './factories.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const HOUR = 3_600_000;
const rules = defaultPricingRules(DEFAULT_RULES_CONFIG);
let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db, createLogger({ level: 'silent' }));
});
afterAll(async () => {
  await db.close();
});

async function demandRows(scope: string, area: string) {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, views, cart_adds, purchases, saved_search_matches, markets
     FROM demand_daily WHERE scope = $1 AND area = $2 ORDER BY day`,
    [scope, area],
  );
  return rows;
}

describe('demand signals', () => {
  it('aggregate per market and UTC day, nationally with the count of markets, and per lead', async () => {
    const a = await makeLead(db, { zip: '10001', state: 'NY', city: 'New York' });
    const b = await makeLead(db, { zip: '10001', state: 'NY', city: 'New York' });
    const c = await makeLead(db, { zip: '10002', state: 'NY', city: 'New York' });
    const day1 = new Date('2026-01-10T23:30:00Z');
    const day2 = new Date('2026-01-11T00:30:00Z');
    for (const [leadId, kind, at] of [
      [a, 'view', day1],
      [a, 'view', day1],
      [b, 'cart_add', day1],
      [b, 'purchase', day2],
      [c, 'saved_search_match', day1],
    ] as const) {
      expect(await recordDemandEvent(db, { leadId, kind, at })).toEqual({ recorded: true });
    }
    expect(await demandRows('zip', '10001')).toEqual([
      { day: '2026-01-10', views: 2, cart_adds: 1, purchases: 0, saved_search_matches: 0, markets: 0 },
      { day: '2026-01-11', views: 0, cart_adds: 0, purchases: 1, saved_search_matches: 0, markets: 0 },
    ]);
    const national = await demandRows('national', 'US');
    expect(national.filter((row) => String(row.day).startsWith('2026-01'))).toEqual([
      { day: '2026-01-10', views: 2, cart_adds: 1, purchases: 0, saved_search_matches: 1, markets: 2 },
      { day: '2026-01-11', views: 0, cart_adds: 0, purchases: 1, saved_search_matches: 0, markets: 1 },
    ]);
    const { rows } = await db.query(
      'SELECT views, cart_adds, purchases FROM lead_demand WHERE lead_id = $1',
      [b],
    );
    expect(rows).toEqual([{ views: 0, cart_adds: 1, purchases: 1 }]);
  });

  it('counts concurrent first signals of a market-day once in the national market count', async () => {
    const leads = await Promise.all(
      Array.from({ length: 5 }, () => makeLead(db, { zip: '30301', state: 'GA' })),
    );
    const at = new Date('2026-02-02T10:00:00Z');
    await Promise.all(
      leads.flatMap((leadId) => [1, 2, 3].map(() => recordDemandEvent(db, { leadId, kind: 'view', at }))),
    );
    expect(await demandRows('zip', '30301')).toEqual([
      { day: '2026-02-02', views: 15, cart_adds: 0, purchases: 0, saved_search_matches: 0, markets: 0 },
    ]);
    const national = await demandRows('national', 'US');
    expect(national.find((row) => row.day === '2026-02-02')).toMatchObject({ views: 15, markets: 1 });
  });

  it('computes demand levels in SQL exactly as the pure engine does, window edge included', async () => {
    const now = new Date('2027-03-15T18:00:00Z');
    const day = (date: string, counts: Partial<DemandDay>): DemandDay => ({
      day: date,
      views: 0,
      cart_adds: 0,
      purchases: 0,
      saved_search_matches: 0,
      markets: 0,
      ...counts,
    });
    const zipDays = [
      day('2027-03-15', { views: 10, cart_adds: 1 }),
      day('2027-03-12', { purchases: 2, saved_search_matches: 3 }),
      day('2027-02-23', { views: 50 }), // 20.25 days old at its midpoint: inside the 21-day window
      day('2027-02-22', { views: 100 }), // 21.25 days: outside
      day('2027-03-16', { views: 7 }), // after the clock's day: not counted
    ];
    const nationalDays = [
      day('2027-03-15', { views: 900, purchases: 20, markets: 30 }),
      day('2027-03-10', { views: 300, markets: 0 }),
    ];
    for (const [scope, area, rows] of [
      ['zip', '99901', zipDays],
      ['national', 'US', nationalDays],
    ] as const) {
      for (const row of rows) {
        await db.query(
          `INSERT INTO demand_daily (scope, area, day, views, cart_adds, purchases, saved_search_matches, markets)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            scope,
            area,
            row.day,
            row.views,
            row.cart_adds,
            row.purchases,
            row.saved_search_matches,
            row.markets,
          ],
        );
      }
    }
    const levels = await readDemandLevels(
      db,
      [
        { scope: 'zip', area: '99901' },
        { scope: 'zip', area: '99902' },
      ],
      now,
      rules,
    );
    const expected = demandLevel(rules, zipDays, nationalDays, now);
    expect(levels.get('zip:99901')).toBeCloseTo(expected.market, 9);
    expect(levels.get('national')).toBeCloseTo(expected.nationalPerMarket, 9);
    expect(levels.get('zip:99902')).toBe(0);
  });

  it('reports an unknown lead as not recorded', async () => {
    const result = await recordDemandEvent(db, {
      leadId: '00000000-0000-4000-8000-000000000000',
      kind: 'view',
      at: NOW,
    });
    expect(result).toEqual({ recorded: false });
  });
});

describe('quotes and price versions', () => {
  it('stores a version only when the list price changes, and keeps the history', async () => {
    const leadId = await makeLead(db, { zip: '87505', quality_score: 50 });
    const first = await quoteLead(db, leadId, { now: NOW, rules });
    expect(first).toMatchObject({ price_version: 1, credits: 25, list_credits: 25 });
    const again = await quoteLead(db, leadId, { now: new Date(NOW.getTime() + HOUR), rules });
    expect(again.price_version).toBe(1);

    // Nine other markets see ordinary demand; then a surge of views and purchases in this ZIP lifts its
    // demand above the national level per market.
    for (let zip = 10; zip < 19; zip++) {
      const elsewhere = await makeLead(db, { zip: `870${zip}` });
      for (let i = 0; i < 4; i++) await recordDemandEvent(db, { leadId: elsewhere, kind: 'view', at: NOW });
    }
    const other = await makeLead(db, { zip: '87505' });
    for (let i = 0; i < 40; i++) await recordDemandEvent(db, { leadId: other, kind: 'view', at: NOW });
    for (let i = 0; i < 5; i++) await recordDemandEvent(db, { leadId: other, kind: 'purchase', at: NOW });
    const surged = await quoteLead(db, leadId, { now: NOW, rules });
    expect(surged.credits).toBeGreaterThan(first.credits);
    expect(surged.price_version).toBe(2);
    expect(surged.receipt.factors.find((factor) => factor.code === 'DEMAND')?.effect.by).toBeGreaterThan(1);

    const history = await listPriceHistory(db, leadId, 10);
    expect(history.map((row) => [row.version, row.credits])).toEqual([
      [2, surged.credits],
      [1, 25],
    ]);
    expect(history[0]?.receipt.version).toBe('pricing-v1');
  });

  it('agrees under concurrent quotes of the same lead: one version per price', async () => {
    const leadId = await makeLead(db, { zip: '87506' });
    const quotes = await Promise.all(
      Array.from({ length: 8 }, () => quoteLead(db, leadId, { now: NOW, rules })),
    );
    expect(new Set(quotes.map((quote) => quote.price_version))).toEqual(new Set([1]));
    expect(await listPriceHistory(db, leadId, 10)).toHaveLength(1);
  });

  it("applies the buyer's plan discount to the quote, not to the stored list price", async () => {
    const leadId = await makeLead(db, { zip: '87507' });
    const pro = await makeSubscriber(db, 'pro');
    const lapsed = await makeSubscriber(db, 'team', 'canceled');
    const list = await quoteLead(db, leadId, { now: NOW, rules });
    const forPro = await quoteLead(db, leadId, { now: NOW, rules, buyerId: pro });
    const forLapsed = await quoteLead(db, leadId, { now: NOW, rules, buyerId: lapsed });
    expect(forPro).toMatchObject({
      credits: list.credits - Math.round(list.credits * 0.1),
      list_credits: list.credits,
      price_version: 1,
    });
    expect(forPro.receipt.factors.at(-1)?.code).toBe('PLAN_DISCOUNT');
    expect(forLapsed.credits).toBe(list.credits);
  });

  it('uses purchase signals as holders by default, or the count the caller gives', async () => {
    const leadId = await makeLead(db, { zip: '87508' });
    const fresh = await quoteLead(db, leadId, { now: NOW, rules, store: false });
    await recordDemandEvent(db, { leadId, kind: 'purchase', at: new Date('2026-01-01T00:00:00Z') });
    const held = await quoteLead(db, leadId, { now: NOW, rules, store: false });
    expect(held.receipt.factors.find((factor) => factor.code === 'EXCLUSIVITY')).toMatchObject({ value: 1 });
    expect(held.credits).toBeLessThan(fresh.credits);
    const soldOut = await quoteLead(db, leadId, {
      now: NOW,
      rules,
      store: false,
      holdersOf: async (_db, ids) => new Map(ids.map((id) => [id, 3])),
    });
    expect(soldOut.receipt.availability).toBe('sold_out');
  });

  it('quotes a page of leads in one call, skipping unknown and agent leads', async () => {
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) => makeLead(db, { zip: `875${10 + (i % 5)}`, quality_score: i * 2 })),
    );
    const agent = await makeLead(db, { listing_type: 'agent_sale' });
    const unknown = '00000000-0000-4000-8000-00000000abcd';
    const quotes = await quoteLeads(db, [...ids, agent, unknown, ids[0]!], { now: NOW, rules });
    expect(quotes.size).toBe(50);
    expect([...quotes.values()].every((quote) => quote.price_version === 1 && quote.credits >= 3)).toBe(true);
    expect(quotes.get(ids[49]!)!.credits).toBeGreaterThan(quotes.get(ids[0]!)!.credits);
    await expect(quoteLead(db, agent, { now: NOW, rules })).rejects.toBeInstanceOf(LeadNotForSaleError);
    await expect(quoteLead(db, unknown, { now: NOW, rules })).rejects.toBeInstanceOf(
      PricingLeadNotFoundError,
    );
  });
});
