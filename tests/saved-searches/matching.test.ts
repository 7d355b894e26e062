import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import { matchNewLeads } from '../../src/modules/saved-searches/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';
import { ABQ, makeLead, SANTA_FE, saveSearch } from './factories.js';

let platform: Platform;
let app: App;

beforeAll(async () => {
  platform = await createTestPlatform();
  app = await buildApp(platform, createModules(platform));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await platform.close();
});

/** A fresh buyer with one saved search; returns a function reading which leads they were alerted on. */
async function buyerWith(query: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const buyer: SignedUp = await signUp(app, platform.db);
  const searchId = await saveSearch(app, buyer.headers, { name: 'watch', query, ...extra });
  const alerted = async () => {
    const { rows } = await platform.db.query<{ lead_id: string }>(
      'SELECT lead_id FROM notifications WHERE saved_search_id = $1 ORDER BY id',
      [searchId],
    );
    return rows.map((row) => row.lead_id);
  };
  return { buyer, searchId, alerted };
}

describe('matchNewLeads', () => {
  it('alerts on a new lead inside the radius and not on one outside it', async () => {
    const { alerted } = await buyerWith({ lat: ABQ.lat, lng: ABQ.lng, radius_km: 25 });
    const inside = await makeLead(platform.db, { lat: ABQ.lat + 0.05, lng: ABQ.lng + 0.05 });
    const outside = await makeLead(platform.db, { ...SANTA_FE, city: 'Santa Fe', zip: '87501' });
    const result = await matchNewLeads(platform.db, [inside, outside], new Date());
    expect(result.matched).toBeGreaterThanOrEqual(1);
    expect(await alerted()).toEqual([inside]);
  });

  it('respects the filters: type, price, beds, source, quality, contact', async () => {
    const { alerted } = await buyerWith({
      zip: '87110',
      property_type: ['house'],
      price_max: 300_000,
      beds_min: 3,
      source: ['craigslist'],
      quality_min: 60,
      has_phone: true,
    });
    const ok = await makeLead(platform.db, { zip: '87110' });
    const misses = [
      await makeLead(platform.db, { zip: '87110', property_type: 'condo' }),
      await makeLead(platform.db, { zip: '87110', price: 400_000 }),
      await makeLead(platform.db, { zip: '87110', bedrooms: 2 }),
      await makeLead(platform.db, { zip: '87110', source: 'fsbo' }),
      await makeLead(platform.db, { zip: '87110', quality_score: 40 }),
      await makeLead(platform.db, { zip: '87110', phones: [] }),
    ];
    await matchNewLeads(platform.db, [ok, ...misses], new Date());
    expect(await alerted()).toEqual([ok]);
  });

  it('matches text with English stemming in PostgreSQL full text', async () => {
    const { alerted } = await buyerWith({ state: 'WY', q: 'swimming pools' });
    const hit = await makeLead(platform.db, {
      state: 'WY',
      zip: '82001',
      city: 'Cheyenne',
      title: 'Ranch house with a swimming pool',
    });
    const miss = await makeLead(platform.db, {
      state: 'WY',
      zip: '82001',
      city: 'Cheyenne',
      title: 'Ranch house with a barn',
    });
    await matchNewLeads(platform.db, [hit, miss], new Date());
    expect(await alerted()).toEqual([hit]);
  });

  it('only alerts on published owner leads', async () => {
    const { alerted } = await buyerWith({ state: 'MT' });
    const draft = await makeLead(platform.db, { state: 'MT', zip: '59601', status: 'draft' });
    const agent = await makeLead(platform.db, { state: 'MT', zip: '59601', listing_type: 'agent_sale' });
    const review = await makeLead(platform.db, { state: 'MT', zip: '59601', status: 'fraud_review' });
    expect(await matchNewLeads(platform.db, [draft, agent, review], new Date())).toEqual({
      matched: 0,
      candidates: 0,
    });
    expect(await alerted()).toEqual([]);
  });

  it('sends no alerts to a disabled account', async () => {
    const { buyer, alerted } = await buyerWith({ zip: '87402' });
    await platform.db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [buyer.userId]);
    await matchNewLeads(platform.db, [await makeLead(platform.db, { zip: '87402' })], new Date());
    expect(await alerted()).toEqual([]);
  });

  it('is idempotent: matching twice makes one notification and one delivery', async () => {
    const { searchId, alerted } = await buyerWith(
      { city: 'Taos', state: 'NM' },
      { channels: { email: true } },
    );
    const lead = await makeLead(platform.db, { city: 'Taos', zip: '87571', lat: 36.4072, lng: -105.5731 });
    const first = await platform.db.transaction((tx) => matchNewLeads(tx, [lead], new Date()));
    const second = await platform.db.transaction((tx) => matchNewLeads(tx, [lead, lead], new Date()));
    expect(first.matched).toBe(1);
    expect(second.matched).toBe(0);
    expect(await alerted()).toEqual([lead]);
    const { rows } = await platform.db.query<{ channel: string; notification_ids: string[] }>(
      'SELECT channel, notification_ids::text[] AS notification_ids FROM notification_deliveries WHERE saved_search_id = $1',
      [searchId],
    );
    expect(rows).toEqual([{ channel: 'email', notification_ids: [expect.any(String)] }]);
  });

  it('writes nothing when the publishing transaction rolls back', async () => {
    const { alerted } = await buyerWith({ city: 'Gallup', state: 'NM' });
    const lead = await makeLead(platform.db, { city: 'Gallup', zip: '87301' });
    await expect(
      platform.db.transaction(async (tx) => {
        await matchNewLeads(tx, [lead], new Date());
        throw new Error('publish failed');
      }),
    ).rejects.toThrow('publish failed');
    expect(await alerted()).toEqual([]);
  });

  it('finds candidates through the index: a search elsewhere is never examined', async () => {
    await buyerWith({ lat: 40.7128, lng: -74.006, radius_km: 10 });
    await buyerWith({ state: 'ME' });
    const lead = await makeLead(platform.db, {
      lat: 32.2226,
      lng: -110.9747,
      city: 'Tucson',
      state: 'AZ',
      zip: '85701',
    });
    const result = await matchNewLeads(platform.db, [lead], new Date());
    expect(result).toEqual({ matched: 0, candidates: 0 });
  });
});
