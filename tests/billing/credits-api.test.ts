import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import { ledgerDiscrepancies, spendCredits } from '../../src/modules/billing/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';
import { derivedBalance } from './factories.js';

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

const buy = (user: SignedUp, packId: string, key?: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/credits/purchases',
    headers: { ...user.headers, ...(key ? { 'idempotency-key': key } : {}) },
    payload: { pack_id: packId },
  });

async function countTransactions(userId: string, kind: string): Promise<number> {
  const { rows } = await platform.db.query<{ n: number }>(
    `SELECT count(DISTINCT t.id)::int AS n FROM credit_transactions t
       JOIN credit_entries e ON e.transaction_id = t.id JOIN credit_accounts a ON a.id = e.account_id
      WHERE a.user_id = $1 AND t.kind = $2`,
    [userId, kind],
  );
  return rows[0]!.n;
}

describe('credits API', () => {
  it('lists the packs for sale without signing in', async () => {
    const res = await app.inject({ url: '/v1/credits/packs' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toEqual({
      id: 'starter',
      name: 'Starter: 100 credits',
      credits: 100,
      price_cents: 1000,
      currency: 'usd',
    });
  });

  it('needs a signed-in buyer and an Idempotency-Key to buy', async () => {
    const anonymous = await app.inject({
      method: 'POST',
      url: '/v1/credits/purchases',
      payload: { pack_id: 'starter' },
    });
    expect(anonymous.statusCode).toBe(401);
    const buyer = await signUp(app, platform.db);
    const noKey = await buy(buyer, 'starter');
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const unknown = await buy(buyer, 'nope', 'k-unknown');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('PACK_NOT_FOUND');
  });

  it('buys a pack through the sandbox at once, replays the same answer, refuses the key for other parameters', async () => {
    const buyer = await signUp(app, platform.db);
    const first = await buy(buyer, 'starter', 'buy-1');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    expect(first.json()).toMatchObject({
      status: 'granted',
      credits: 100,
      provider: 'sandbox',
      balance: 100,
    });
    const again = await buy(buyer, 'starter', 'buy-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const other = await buy(buyer, 'growth', 'buy-1');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys are per user: another buyer's same key is a new command.
    const someoneElse = await signUp(app, platform.db);
    expect((await buy(someoneElse, 'growth', 'buy-1')).statusCode).toBe(201);

    const credits = await app.inject({ url: '/v1/credits', headers: buyer.headers });
    expect(credits.json()).toMatchObject({
      balance: 100,
      items: [
        {
          kind: 'purchase',
          amount: 100,
          balance_after: 100,
          description: 'Bought 100 credits (pack starter)',
        },
      ],
      next_cursor: null,
    });
  });

  it('pages the ledger with next_cursor', async () => {
    const buyer = await signUp(app, platform.db);
    for (const key of ['p1', 'p2', 'p3']) expect((await buy(buyer, 'starter', key)).statusCode).toBe(201);
    const page1 = await app.inject({ url: '/v1/credits?limit=2', headers: buyer.headers });
    expect(page1.json().items.map((i: { balance_after: number }) => i.balance_after)).toEqual([300, 200]);
    const page2 = await app.inject({
      url: `/v1/credits?limit=2&cursor=${page1.json().next_cursor}`,
      headers: buyer.headers,
    });
    expect(page2.json()).toMatchObject({ items: [{ balance_after: 100 }], next_cursor: null });
  });

  it('runs 50 concurrent identical purchases with one key exactly once: 1 transaction, 49 identical replays', async () => {
    const buyer = await signUp(app, platform.db);
    const responses = await Promise.all(Array.from({ length: 50 }, () => buy(buyer, 'growth', 'same-key')));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    const bodies = new Set(responses.map((r) => r.body));
    expect(bodies.size).toBe(1);
    expect(await countTransactions(buyer.userId, 'purchase')).toBe(1);
    expect(await derivedBalance(platform.db, buyer.userId)).toBe(550);
  });

  it('refunds a payment (admin) as far as its credits are unspent, once, never below zero', async () => {
    const buyer = await signUp(app, platform.db);
    const admin = await signUp(app, platform.db, { role: 'admin' });
    const bought = (await buy(buyer, 'starter', 'r-1')).json();
    await spendCredits(platform.db, {
      userId: buyer.userId,
      amount: 60,
      reference: 'checkout:r1',
      description: 'Lead',
    });
    const refund = () =>
      app.inject({
        method: 'POST',
        url: `/v1/admin/payments/${bought.id}/refund`,
        headers: { ...admin.headers, 'idempotency-key': `refund-${bought.id}` },
      });
    const forbidden = await app.inject({
      method: 'POST',
      url: `/v1/admin/payments/${bought.id}/refund`,
      headers: { ...buyer.headers, 'idempotency-key': 'mine' },
    });
    expect(forbidden.statusCode).toBe(403);
    const refunded = await refund();
    expect(refunded.statusCode).toBe(200);
    // 60 of the 100 credits were spent: the 40 unspent are taken back, the balance stops at zero.
    expect(refunded.json()).toMatchObject({
      status: 'refunded',
      credits_reversed: 40,
      credits_unrecovered: 60,
      balance: 0,
    });
    expect((await refund()).json()).toEqual(refunded.json());
    const noCredits = await spendCredits(platform.db, {
      userId: buyer.userId,
      amount: 1,
      reference: 'checkout:r2',
      description: 'Lead',
    }).catch((error: Error) => error);
    expect(noCredits).toMatchObject({ code: 'INSUFFICIENT_CREDITS', status: 402 });
    const events = await platform.db.query<{ type: string }>(
      `SELECT type FROM events WHERE aggregate_type = 'payment' AND aggregate_id = $1 ORDER BY id`,
      [bought.id],
    );
    expect(events.rows.map((e) => e.type)).toEqual(['payment.granted', 'payment.refunded']);
    expect(await ledgerDiscrepancies(platform.db)).toEqual([]);
  });

  it('answers 401 for the ledger without a user, 404 for an unknown payment, 409 for an unpaid one', async () => {
    expect((await app.inject({ url: '/v1/credits' })).statusCode).toBe(401);
    const admin = await signUp(app, platform.db, { role: 'admin' });
    const refund = (id: string, key: string) =>
      app.inject({
        method: 'POST',
        url: `/v1/admin/payments/${id}/refund`,
        headers: { ...admin.headers, 'idempotency-key': key },
      });
    const missing = await refund('00000000-0000-4000-8000-000000000000', 'missing');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'PAYMENT_NOT_FOUND']);
    const buyer = await signUp(app, platform.db);
    const { rows } = await platform.db.query<{ id: string }>(
      `INSERT INTO payments (user_id, purpose, pack_id, credits, amount_cents, currency, provider)
       VALUES ($1, 'credit_pack', 'starter', 100, 1000, 'usd', 'stripe') RETURNING id`,
      [buyer.userId],
    );
    const pending = await refund(rows[0]!.id, 'pending');
    expect([pending.statusCode, pending.json().error.code]).toEqual([409, 'PAYMENT_NOT_REFUNDABLE']);
  });
});
