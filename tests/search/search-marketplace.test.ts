import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { accountsModule } from '../../src/modules/accounts/index.js';
import { holdersOf } from '../../src/modules/marketplace/index.js';
import { defaultPricingRules, quoteLeads, recordDemandEvent } from '../../src/modules/pricing/index.js';
import { searchModule } from '../../src/modules/search/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { giveCredits, makePurchase } from '../marketplace/factories.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { captureLogs, createTestPlatform } from '../support/test-platform.js';
import { ATLANTA, makeSearchLead, NOW, northOf } from './search.factories.js';

// What the marketplace adds to search: prices (with the viewer's plan discount), slots left, the buyer's
// own purchases, and the lead page's receipt and view counting. Through HTTP, as a buyer meets them.

let platform: Platform;
let app: App;
let logs: ReturnType<typeof captureLogs>;
let buyer: SignedUp;
let subscriber: SignedUp;
const ids = {} as Record<'fresh' | 'bought' | 'soldOut' | 'rental', string>;

interface Item {
  id: string;
  price_credits: number | null;
  slots_left: number;
}

const get = (url: string, who?: SignedUp) =>
  app.inject({ method: 'GET', url, ...(who ? { headers: who.headers } : {}) });
const itemsOf = async (url: string, who?: SignedUp): Promise<Item[]> => {
  const res = await get(url, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const byId = (items: Item[]) => new Map(items.map((item) => [item.id, item]));
const near = `lat=${ATLANTA.lat}&lng=${ATLANTA.lng}&radius_km=20`;
const leadPriceCount = async () =>
  (await platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM lead_prices')).rows[0]!.n;

beforeAll(async () => {
  logs = captureLogs('warn');
  platform = await createTestPlatform({ log: logs.log });
  app = await buildApp(platform, [accountsModule(platform), searchModule(platform, { now: () => NOW })]);
  await app.ready();
  buyer = await signUp(app, platform.db);
  subscriber = await signUp(app, platform.db);
  // The Team plan gives 20% off every lead.
  await platform.db.query(
    `INSERT INTO subscriptions (user_id, plan_id, status, provider, current_period_start, current_period_end)
     VALUES ($1, 'team', 'active', 'sandbox', now() - interval '1 day', now() + interval '29 days')`,
    [subscriber.userId],
  );
  await giveCredits(platform.db, buyer.userId, 100);
  ids.fresh = await makeSearchLead(platform.db, { title: 'Fresh bungalow', quality_score: 90 });
  ids.bought = await makeSearchLead(platform.db, { at: northOf(ATLANTA, 2), title: 'Bought ranch' });
  ids.soldOut = await makeSearchLead(platform.db, { at: northOf(ATLANTA, 4), title: 'Sold-out condo' });
  ids.rental = await makeSearchLead(platform.db, {
    at: northOf(ATLANTA, 6),
    listing_type: 'owner_rental',
    price: 1800,
    title: 'Owner rental',
  });
  // The buyer holds one slot of `bought`; another buyer bought `soldOut` exclusively (every slot).
  await makePurchase(platform.db, { buyerId: buyer.userId, leadId: ids.bought, credits: 10 });
  await giveCredits(platform.db, subscriber.userId, 100);
  await makePurchase(platform.db, {
    buyerId: subscriber.userId,
    leadId: ids.soldOut,
    credits: 30,
    exclusive: true,
  });
});
afterAll(async () => {
  await app.close();
  await platform.close();
});

describe('search items carry the lead price and the slots left', () => {
  it('prices every item with one read-only quote: list price anonymously, discounted for a plan', async () => {
    const before = await leadPriceCount();
    const anonymous = byId(await itemsOf(`/v1/leads?${near}`));
    const discounted = byId(await itemsOf(`/v1/leads?${near}`, subscriber));
    expect(anonymous.size).toBe(4);
    for (const [id, item] of anonymous) {
      expect(item.price_credits, id).toBeGreaterThan(0);
      // 20% off, rounded by the engine: strictly cheaper, and not more than a credit off 80%.
      const mine = discounted.get(id)!.price_credits!;
      expect(mine).toBeLessThan(item.price_credits!);
      expect(Math.abs(mine - item.price_credits! * 0.8)).toBeLessThanOrEqual(1);
    }
    // A search never writes prices: only the lead page stores a version a cart can lock.
    expect(await leadPriceCount()).toBe(before);
    expect(anonymous.get(ids.fresh)!.slots_left).toBe(3);
    expect(anonymous.get(ids.bought)!.slots_left).toBe(2);
    expect(anonymous.get(ids.soldOut)!.slots_left).toBe(0);
  });

  it("shows the same price as the lead page for the same viewer (the page's quote is the search's)", async () => {
    const item = byId(await itemsOf(`/v1/leads?${near}`, subscriber)).get(ids.rental)!;
    const page = (await get(`/v1/leads/${ids.rental}`, subscriber)).json();
    expect(page.lead_price.credits).toBe(item.price_credits);
  });

  it("reads the quote's inputs inside the page statement and prices as a standalone quote does", async () => {
    // Demand in another market only: the national level per market rises above Atlanta's, so the
    // demand factor of these leads depends on both levels the quote reads.
    const elsewhere = await makeSearchLead(platform.db, {
      at: { lat: 40.7, lng: -74 },
      city: 'New York',
      state: 'NY',
      zip: '10001',
      title: 'Far away',
    });
    for (let i = 0; i < 6; i++)
      await recordDemandEvent(platform.db, { leadId: elsewhere, kind: 'purchase', at: NOW });
    const items = await itemsOf(`/v1/leads?${near}`);
    const quotes = await quoteLeads(
      platform.db,
      items.map((item) => item.id),
      { rules: defaultPricingRules(platform.config), now: NOW, holdersOf, store: false },
    );
    expect(items.length).toBe(4);
    for (const item of items) expect(item.price_credits, item.id).toBe(quotes.get(item.id)!.credits);
  });

  it('prices the first page with facets and later pages alike', async () => {
    const first = await get(`/v1/leads?${near}&limit=2`);
    const second = await itemsOf(`/v1/leads?${near}&limit=2&cursor=${first.json().next_cursor}`);
    expect(first.json().facets).not.toBeNull();
    for (const item of [...first.json().items, ...second]) expect(item.price_credits).toBeGreaterThan(0);
  });
});

describe('filters: not_purchased and slots_left_min', () => {
  it('not_purchased=true leaves out what the signed-in buyer bought, and only that', async () => {
    const mine = (await itemsOf(`/v1/leads?${near}&not_purchased=true`, buyer)).map((i) => i.id);
    expect(new Set(mine)).toEqual(new Set([ids.fresh, ids.soldOut, ids.rental]));
    const theirs = (await itemsOf(`/v1/leads?${near}&not_purchased=true`, subscriber)).map((i) => i.id);
    expect(new Set(theirs)).toEqual(new Set([ids.fresh, ids.bought, ids.rental]));
    const res = await get(`/v1/leads?${near}&not_purchased=true&limit=1`, buyer);
    expect(res.json().total).toEqual({ value: 3, exact: true });
  });

  it('not_purchased=true without signing in is 401 FILTER_REQUIRES_SIGN_IN naming the field', async () => {
    const res = await get(`/v1/leads?${near}&not_purchased=true`);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({
      code: 'FILTER_REQUIRES_SIGN_IN',
      details: [{ field: 'querystring.not_purchased' }],
    });
    const post = await app.inject({
      method: 'POST',
      url: '/v1/leads/search',
      payload: { not_purchased: true },
    });
    expect(post.statusCode).toBe(401);
    expect(post.json().error.details[0].field).toBe('body.not_purchased');
    expect((await get(`/v1/leads?${near}&not_purchased=false`)).statusCode).toBe(200);
  });

  it('slots_left_min keeps leads with at least that many slots for sale', async () => {
    const ids1 = (await itemsOf(`/v1/leads?${near}&slots_left_min=1`)).map((i) => i.id);
    expect(new Set(ids1)).toEqual(new Set([ids.fresh, ids.bought, ids.rental]));
    const ids3 = (await itemsOf(`/v1/leads?${near}&slots_left_min=3`)).map((i) => i.id);
    expect(new Set(ids3)).toEqual(new Set([ids.fresh, ids.rental]));
    expect((await itemsOf(`/v1/leads?${near}&slots_left_min=4`)).length).toBe(0);
    expect((await get(`/v1/leads?${near}&slots_left_min=0`)).statusCode).toBe(400);
  });
});

describe('GET /v1/leads/{id}: price receipt, availability, my purchase, a counted view', () => {
  const views = async (leadId: string) =>
    (await platform.db.query<{ views: number }>('SELECT views FROM lead_demand WHERE lead_id = $1', [leadId]))
      .rows[0]?.views ?? 0;

  it('anonymously: the list price with its receipt, stored as a version; slots; no purchase info', async () => {
    const res = await get(`/v1/leads/${ids.fresh}`);
    expect(res.statusCode).toBe(200);
    const lead = res.json();
    expect(lead.lead_price.credits).toBe(lead.lead_price.list_credits);
    expect(lead.lead_price.price_version).toBeGreaterThanOrEqual(1);
    expect(lead.lead_price.receipt.factors.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(['QUALITY', 'FRESHNESS']),
    );
    expect(lead.availability).toEqual({
      max_buyers: 3,
      holders: 0,
      slots_left: 3,
      exclusive_available: true,
    });
    expect(lead).toMatchObject({ purchased_by_me: null, purchase_id: null, price: 300_000 });
    const stored = await platform.db.query<{ version: number; credits: number }>(
      'SELECT version, credits FROM lead_prices WHERE lead_id = $1 ORDER BY version DESC LIMIT 1',
      [ids.fresh],
    );
    expect(stored.rows[0]).toEqual({
      version: lead.lead_price.price_version,
      credits: lead.lead_price.list_credits,
    });
  });

  it('signed in: the plan discount in the price and the receipt, and whether I bought it', async () => {
    const list = (await get(`/v1/leads/${ids.bought}`)).json().lead_price;
    const mine = (await get(`/v1/leads/${ids.bought}`, subscriber)).json();
    expect(mine.lead_price.list_credits).toBe(list.list_credits);
    expect(mine.lead_price.credits).toBeLessThan(list.credits);
    expect(mine.lead_price.receipt.discount).toBeGreaterThan(0);
    expect(mine).toMatchObject({ purchased_by_me: false, purchase_id: null });

    const owned = (await get(`/v1/leads/${ids.bought}`, buyer)).json();
    const purchase = await platform.db.query<{ id: string }>(
      'SELECT id FROM purchases WHERE buyer_id = $1 AND lead_id = $2',
      [buyer.userId, ids.bought],
    );
    expect(owned).toMatchObject({ purchased_by_me: true, purchase_id: purchase.rows[0]!.id });
    expect(owned.availability).toEqual({
      max_buyers: 3,
      holders: 1,
      slots_left: 2,
      exclusive_available: false,
    });
    // Still masked: buying is shown through /v1/purchases, never on the public page.
    expect(owned.contact.phones_masked[0]).toMatch(/^••• ••• ••\d\d$/);
  });

  it('a lead sold exclusively is sold out: no slot, no exclusive option, and the receipt says so', async () => {
    const lead = (await get(`/v1/leads/${ids.soldOut}`)).json();
    expect(lead.availability).toEqual({
      max_buyers: 3,
      holders: 3,
      slots_left: 0,
      exclusive_available: false,
    });
    expect(lead.lead_price.receipt.availability).toBe('sold_out');
  });

  it('counts each view of a published lead for demand, none for a 404', async () => {
    const before = await views(ids.rental);
    await get(`/v1/leads/${ids.rental}`);
    await get(`/v1/leads/${ids.rental}`, buyer);
    expect(await views(ids.rental)).toBe(before + 2);
    const draft = await makeSearchLead(platform.db, { status: 'draft' });
    expect((await get(`/v1/leads/${draft}`)).statusCode).toBe(404);
    expect(await views(draft)).toBe(0);
  });

  it('a view that cannot be counted is logged and the page still answers', async () => {
    await platform.db.exec(`
      CREATE FUNCTION refuse_demand() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'demand store unavailable'; END $$;
      CREATE TRIGGER refuse_demand BEFORE INSERT OR UPDATE ON lead_demand
        FOR EACH ROW EXECUTE FUNCTION refuse_demand();`);
    try {
      const res = await get(`/v1/leads/${ids.fresh}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().lead_price.credits).toBeGreaterThan(0);
      expect(logs.lines().some((line) => line.msg === 'lead view not counted for demand')).toBe(true);
    } finally {
      await platform.db.exec('DROP TRIGGER refuse_demand ON lead_demand; DROP FUNCTION refuse_demand();');
    }
  });
});
