import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { accountsModule } from '../../src/modules/accounts/index.js';
import { pricingModule } from '../../src/modules/pricing/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';
import { makeLead } from './factories.js';

const NOW = new Date('2026-06-15T12:00:00Z');
let platform: Platform;
let app: App;
let admin: SignedUp;
let buyer: SignedUp;

beforeAll(async () => {
  platform = await createTestPlatform();
  app = await buildApp(platform, [accountsModule(platform), pricingModule(platform, { now: () => NOW })]);
  await app.ready();
  admin = await signUp(app, platform.db, { role: 'admin' });
  buyer = await signUp(app, platform.db);
});
afterAll(async () => {
  await app.close();
  await platform.close();
});

const put = (payload: Record<string, unknown>, headers = admin.headers) =>
  app.inject({ method: 'PUT', url: '/v1/admin/pricing/overrides', headers, payload });
const quote = (leadId: string) =>
  app.inject({ url: `/v1/admin/pricing/leads/${leadId}`, headers: admin.headers }).then((res) => res.json());

describe('/v1/admin/pricing', () => {
  it('is for admins only', async () => {
    expect((await app.inject({ url: '/v1/admin/pricing' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/v1/admin/pricing', headers: buyer.headers })).statusCode).toBe(403);
    const res = await put(
      { market: { scope: 'state', area: 'NM' }, kind: 'multiplier', value: 2, reason: 'x' },
      buyer.headers,
    );
    expect(res.statusCode).toBe(403);
  });

  it('shows the rules in force', async () => {
    const res = await app.inject({ url: '/v1/admin/pricing', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().rules).toMatchObject({
      version: 'pricing-v1',
      floorCredits: 3,
      ceilingCredits: 250,
      exclusivity: { maxBuyers: 3, exclusiveMultiplier: 2.5 },
    });
  });

  it('overrides a lead price, records who and when, and versions the changed price', async () => {
    const leadId = await makeLead(platform.db, { zip: '87501' });
    expect(await quote(leadId)).toMatchObject({ credits: 25, price_version: 1 });

    const set = await put({ lead_id: leadId, kind: 'fixed_price', value: 40, reason: 'hand-checked seller' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      target: 'lead',
      lead_id: leadId,
      kind: 'fixed_price',
      value: 40,
      created_by: admin.userId,
      revoked_at: null,
    });
    const fixed = await quote(leadId);
    expect(fixed).toMatchObject({ credits: 40, price_version: 2 });
    expect(fixed.receipt.factors.map((f: { code: string }) => f.code)).toContain('ADMIN_FIXED_PRICE');

    // Replacing it revokes the first (kept, with who revoked it).
    const replaced = await put({ lead_id: leadId, kind: 'multiplier', value: 2, reason: 'hot lead' });
    // 22 × 1.15 (Santa Fe metro) = 25.3, × 2 = 50.6
    expect((await quote(leadId)).credits).toBe(51);
    const all = await app.inject({ url: '/v1/admin/pricing?include_revoked=true', headers: admin.headers });
    const mine = all.json().overrides.filter((row: { lead_id: string }) => row.lead_id === leadId);
    expect(
      mine.map((row: { kind: string; revoked_by: string | null }) => [row.kind, row.revoked_by]),
    ).toEqual([
      ['multiplier', null],
      ['fixed_price', admin.userId],
    ]);

    const revoked = await app.inject({
      method: 'DELETE',
      url: `/v1/admin/pricing/overrides/${replaced.json().id}`,
      headers: admin.headers,
    });
    expect(revoked.json()).toMatchObject({ revoked_by: admin.userId });
    expect((await quote(leadId)).credits).toBe(25);

    const history = await app.inject({
      url: `/v1/admin/pricing/leads/${leadId}/history`,
      headers: admin.headers,
    });
    expect(
      history.json().items.map((item: { version: number; credits: number }) => [item.version, item.credits]),
    ).toEqual([
      [4, 25],
      [3, 51],
      [2, 40],
      [1, 25],
    ]);
  });

  it('pins a factor for a market; the lead override still wins over it', async () => {
    const leadId = await makeLead(platform.db, { zip: '87111', state: 'NM', city: 'Albuquerque' });
    expect((await quote(leadId)).credits).toBe(22);
    const pinned = await put({
      market: { scope: 'city', area: 'ALBUQUERQUE|NM' },
      kind: 'factor',
      factor: 'demand',
      value: 1.5,
      reason: 'launch',
    });
    expect(pinned.statusCode).toBe(200);
    const res = await quote(leadId);
    expect(res.credits).toBe(33);
    expect(res.receipt.factors.find((f: { code: string }) => f.code === 'DEMAND')).toMatchObject({
      effect: { by: 1.5 },
    });
    await put({ lead_id: leadId, kind: 'factor', factor: 'demand', value: 1, reason: 'not this one' });
    expect((await quote(leadId)).credits).toBe(22);
  });

  it.each([
    ['no target', { kind: 'multiplier', value: 2, reason: 'x' }, 400, 'VALIDATION_FAILED'],
    [
      'two targets',
      {
        lead_id: '00000000-0000-4000-8000-000000000000',
        market: { scope: 'state', area: 'NM' },
        kind: 'multiplier',
        value: 2,
        reason: 'x',
      },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'factor without its name',
      { market: { scope: 'state', area: 'NM' }, kind: 'factor', value: 2, reason: 'x' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a zero multiplier',
      { market: { scope: 'state', area: 'NM' }, kind: 'multiplier', value: 0, reason: 'x' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a bad ZIP',
      { market: { scope: 'zip', area: '8750' }, kind: 'multiplier', value: 2, reason: 'x' },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown lead',
      { lead_id: '00000000-0000-4000-8000-000000000000', kind: 'multiplier', value: 2, reason: 'x' },
      404,
      'LEAD_NOT_FOUND',
    ],
  ])('refuses %s', async (_name, payload, status, code) => {
    const res = await put(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  it('answers 404 for the history of an unknown lead and for revoking an unknown override', async () => {
    const history = await app.inject({
      url: '/v1/admin/pricing/leads/00000000-0000-4000-8000-000000000000/history',
      headers: admin.headers,
    });
    expect(history.statusCode).toBe(404);
    const revoke = await app.inject({
      method: 'DELETE',
      url: '/v1/admin/pricing/overrides/999999',
      headers: admin.headers,
    });
    expect(revoke.json().error.code).toBe('PRICING_OVERRIDE_NOT_FOUND');
  });
});
