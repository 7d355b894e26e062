import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import { ledgerDiscrepancies, walletBalance } from '../../src/modules/billing/index.js';
import { refundPurchase } from '../../src/modules/marketplace/index.js';
import { decideFraudReview, mergeLeads } from '../../src/modules/quality/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';
import { giveCredits, makeLeadWithContact, makePurchase } from './factories.js';

// Disputes through the API, on the backend the suite runs on (PostgreSQL with DATABASE_URL, else PGlite).

let platform: Platform;
let app: App;
let admin: SignedUp;

const DAY_MS = 24 * 60 * 60 * 1000;
/** A real-looking number that passes re-validation (the factory's default is a fictional 555-01xx one). */
const GOOD_PHONE = '+15058421937';

beforeAll(async () => {
  platform = await createTestPlatform();
  app = await buildApp(platform, createModules(platform));
  await app.ready();
  admin = await signUp(app, platform.db, { role: 'admin' });
});
afterAll(async () => {
  await app.close();
  await platform.close();
});

/** A buyer holding 100 credits. */
async function buyer(): Promise<SignedUp> {
  const user = await signUp(app, platform.db);
  await giveCredits(platform.db, user.userId, 100);
  return user;
}

/** A bought lead (default: a good phone, so invalid_phone stays open). */
async function bought(
  who: SignedUp,
  options: { phones?: string[]; credits?: number; at?: Date; leadId?: string } = {},
): Promise<{ purchaseId: string; leadId: string }> {
  const leadId =
    options.leadId ??
    (await makeLeadWithContact(platform.db, {}, { phones: options.phones ?? [GOOD_PHONE] }));
  const { purchaseId } = await makePurchase(platform.db, {
    buyerId: who.userId,
    leadId,
    credits: options.credits ?? 10,
    at: options.at,
  });
  return { purchaseId, leadId };
}

function dispute(who: SignedUp, purchaseId: string, reason: string, evidence = 'see attached notes') {
  return app.inject({
    method: 'POST',
    url: `/v1/purchases/${purchaseId}/disputes`,
    headers: who.headers,
    payload: { reason, evidence },
  });
}

async function expectRefunded(
  who: SignedUp,
  purchaseId: string,
  response: Awaited<ReturnType<typeof dispute>>,
) {
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json();
  expect(body).toMatchObject({
    purchase_id: purchaseId,
    status: 'refunded',
    machine_check: { outcome: 'refund' },
    decision: { outcome: 'refund', decided_by: 'machine' },
    refund: { credits: 10 },
  });
  expect(await walletBalance(platform.db, who.userId)).toBe(100);
  return body;
}

async function expectOpen(who: SignedUp, response: Awaited<ReturnType<typeof dispute>>, balance = 90) {
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json();
  expect(body).toMatchObject({ status: 'open', machine_check: { outcome: 'undecided' }, decision: null });
  expect(body.refund).toBeNull();
  expect(await walletBalance(platform.db, who.userId)).toBe(balance);
  return body;
}

describe('machine rules at filing', () => {
  it('invalid_phone: every phone fails re-validation → refunded at once, with a notice in-app', async () => {
    const alice = await buyer();
    const { purchaseId, leadId } = await bought(alice, { phones: ['+15055550142', '+12225550000'] });
    const body = await expectRefunded(alice, purchaseId, await dispute(alice, purchaseId, 'invalid_phone'));
    expect(body.machine_check.checked.phones).toHaveLength(2);
    expect(JSON.stringify(body)).not.toContain('5550142');

    const read = await app.inject({ url: `/v1/purchases/${purchaseId}/disputes`, headers: alice.headers });
    expect(read.json().items).toEqual([body]);
    const notices = await app.inject({ url: '/v1/notifications', headers: alice.headers });
    expect(notices.json().items).toEqual([
      expect.objectContaining({
        kind: 'purchase_refunded',
        saved_search_id: null,
        lead: null,
        refund: expect.objectContaining({ purchase_id: purchaseId, lead_id: leadId, credits: 10 }),
        read_at: null,
      }),
    ]);
    expect(notices.json().unread_count).toBe(1);
  });

  it('invalid_phone: one phone still passes → stays open for an admin', async () => {
    const alice = await buyer();
    const { purchaseId } = await bought(alice, { phones: ['+15055550142', GOOD_PHONE] });
    const body = await expectOpen(alice, await dispute(alice, purchaseId, 'invalid_phone'));
    expect(body.machine_check.checked.phones.map((p: { fails: boolean }) => p.fails)).toEqual([true, false]);
  });

  it('agent_listing: refunded when the lead is now an agent listing, open otherwise', async () => {
    const alice = await buyer();
    const agent = await bought(alice);
    await platform.db.query(`UPDATE leads SET listing_type = 'agent_sale' WHERE id = $1`, [agent.leadId]);
    await expectRefunded(alice, agent.purchaseId, await dispute(alice, agent.purchaseId, 'agent_listing'));

    const bob = await buyer();
    const owner = await bought(bob);
    await expectOpen(bob, await dispute(bob, owner.purchaseId, 'agent_listing'));
  });

  it('off_market: refunded when the lead was withdrawn, open while published', async () => {
    const alice = await buyer();
    const gone = await bought(alice);
    await platform.db.query(`UPDATE leads SET status = 'withdrawn' WHERE id = $1`, [gone.leadId]);
    await expectRefunded(alice, gone.purchaseId, await dispute(alice, gone.purchaseId, 'off_market'));

    const bob = await buyer();
    const live = await bought(bob);
    await expectOpen(bob, await dispute(bob, live.purchaseId, 'off_market'));
  });

  it('fraud: refunded in fraud review or after a confirmed review, open when nothing flags it', async () => {
    const alice = await buyer();
    const held = await bought(alice);
    await platform.db.query(`UPDATE leads SET status = 'fraud_review' WHERE id = $1`, [held.leadId]);
    await platform.db.query(
      `INSERT INTO fraud_reviews (lead_id, score, reasons, score_version) VALUES ($1, 85, '[]', 1)`,
      [held.leadId],
    );
    await expectRefunded(alice, held.purchaseId, await dispute(alice, held.purchaseId, 'fraud'));

    const bob = await buyer();
    const confirmed = await bought(bob);
    await platform.db.query(`UPDATE leads SET status = 'fraud_review' WHERE id = $1`, [confirmed.leadId]);
    await platform.db.query(
      `INSERT INTO fraud_reviews (lead_id, score, reasons, score_version) VALUES ($1, 85, '[]', 1)`,
      [confirmed.leadId],
    );
    await decideFraudReview(platform.db, confirmed.leadId, {
      decision: 'confirm',
      note: null,
      decidedBy: 'test',
    });
    const body = await expectRefunded(
      bob,
      confirmed.purchaseId,
      await dispute(bob, confirmed.purchaseId, 'fraud'),
    );
    expect(body.machine_check.checked).toMatchObject({ lead_status: 'withdrawn', fraud_confirmed: true });

    const carol = await buyer();
    const clean = await bought(carol);
    await expectOpen(carol, await dispute(carol, clean.purchaseId, 'fraud'));
  });

  it('duplicate: refunded when merged into a lead the buyer holds', async () => {
    const alice = await buyer();
    const kept = await bought(alice, { phones: ['+15057771234'] });
    const dup = await bought(alice);
    await platform.db.transaction((tx) => mergeLeads(tx, kept.leadId, dup.leadId, { reason: 'test' }));
    const response = await dispute(alice, dup.purchaseId, 'duplicate');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      status: 'refunded',
      machine_check: {
        checked: {
          matches: [
            {
              lead_id: kept.leadId,
              purchase_id: kept.purchaseId,
              // The merge also gave the kept lead this lead's phone.
              by: ['merged_into_held_lead', 'shared_phone'],
            },
          ],
        },
      },
    });
    expect(await walletBalance(platform.db, alice.userId)).toBe(90);
  });

  it('duplicate: refunded on a shared phone or the same normalised address, open otherwise', async () => {
    const alice = await buyer();
    await bought(alice, { phones: ['(505) 842-1937'] });
    const samePhone = await bought(alice, { phones: [GOOD_PHONE] });
    const phone = await dispute(alice, samePhone.purchaseId, 'duplicate');
    expect(phone.json()).toMatchObject({
      status: 'refunded',
      machine_check: { checked: { matches: [{ by: ['shared_phone'] }] } },
    });

    const bob = await buyer();
    const first = await bought(bob, { phones: ['+15057771234'] });
    const second = await bought(bob, { phones: ['+15057779876'] });
    const address = '12 MAIN ST, SANTA FE, NM 87501';
    await platform.db.query('UPDATE leads SET address_canonical = $2 WHERE id = ANY($1::uuid[])', [
      [first.leadId, second.leadId],
      address,
    ]);
    const same = await dispute(bob, second.purchaseId, 'duplicate');
    expect(same.json()).toMatchObject({
      status: 'refunded',
      machine_check: { checked: { matches: [{ by: ['same_address'] }] } },
    });

    const carol = await buyer();
    await bought(carol, { phones: ['+15057771234'] });
    const unrelated = await bought(carol, { phones: ['+15057779876'] });
    const body = await expectOpen(carol, await dispute(carol, unrelated.purchaseId, 'duplicate'), 80);
    expect(body.machine_check.checked).toMatchObject({ held_leads_checked: 1, matches: [] });
  });
});

describe('filing rules', () => {
  it('is open for DISPUTE_WINDOW_DAYS after the purchase, then 409 DISPUTE_WINDOW_CLOSED', async () => {
    const days = platform.config.DISPUTE_WINDOW_DAYS;
    const alice = await buyer();
    const late = await bought(alice, { at: new Date(Date.now() - (days + 1) * DAY_MS) });
    const closed = await dispute(alice, late.purchaseId, 'off_market');
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('DISPUTE_WINDOW_CLOSED');
    const inTime = await bought(alice, { at: new Date(Date.now() - (days - 1) * DAY_MS) });
    expect((await dispute(alice, inTime.purchaseId, 'off_market')).statusCode).toBe(201);
  });

  it('takes one dispute per purchase, also when two are filed at once', async () => {
    const alice = await buyer();
    const { purchaseId } = await bought(alice);
    const results = await Promise.all([
      dispute(alice, purchaseId, 'off_market'),
      dispute(alice, purchaseId, 'agent_listing'),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const again = await dispute(alice, purchaseId, 'fraud');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DISPUTE_EXISTS');
    const { rows } = await platform.db.query('SELECT id FROM disputes WHERE purchase_id = $1', [purchaseId]);
    expect(rows).toHaveLength(1);
  });

  it('refuses a refunded purchase with 409 PURCHASE_REFUNDED', async () => {
    const alice = await buyer();
    const { purchaseId } = await bought(alice);
    await refundPurchase(platform.db, purchaseId, { reason: 'lead_fraud', actor: { kind: 'system' } });
    const response = await dispute(alice, purchaseId, 'fraud');
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('PURCHASE_REFUNDED');
  });

  it("answers 404 PURCHASE_NOT_FOUND for another buyer's purchase and files nothing", async () => {
    const alice = await buyer();
    const mallory = await buyer();
    const { purchaseId } = await bought(alice);
    const post = await dispute(mallory, purchaseId, 'off_market');
    expect(post.statusCode).toBe(404);
    expect(post.json().error.code).toBe('PURCHASE_NOT_FOUND');
    const get = await app.inject({ url: `/v1/purchases/${purchaseId}/disputes`, headers: mallory.headers });
    expect(get.statusCode).toBe(404);
    const mine = await app.inject({ url: `/v1/purchases/${purchaseId}/disputes`, headers: alice.headers });
    expect(mine.json()).toEqual({ items: [] });
  });

  it('validates the reason and caps the evidence at 4000 characters', async () => {
    const alice = await buyer();
    const { purchaseId } = await bought(alice);
    expect((await dispute(alice, purchaseId, 'buyer_remorse')).statusCode).toBe(400);
    expect((await dispute(alice, purchaseId, 'fraud', 'x'.repeat(4001))).statusCode).toBe(400);
    expect((await dispute(alice, purchaseId, 'fraud', 'x'.repeat(4000))).statusCode).toBe(201);
  });
});

describe('/v1/admin/disputes', () => {
  it('lists the open queue first, filters by status, pages by cursor; buyers get 403', async () => {
    const alice = await buyer();
    const refunded = await bought(alice);
    await platform.db.query(`UPDATE leads SET status = 'withdrawn' WHERE id = $1`, [refunded.leadId]);
    const decidedId = (await dispute(alice, refunded.purchaseId, 'off_market')).json().id;
    const open = await bought(alice);
    const openId = (await dispute(alice, open.purchaseId, 'off_market')).json().id;

    const all: { id: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await app.inject({ url: `/v1/admin/disputes?limit=2${query}`, headers: admin.headers });
      expect(page.statusCode, page.body).toBe(200);
      all.push(...page.json().items);
      cursor = page.json().next_cursor;
    } while (cursor);
    const statuses = all.map((item) => item.status);
    expect(statuses.indexOf('open')).toBe(0);
    expect(statuses.lastIndexOf('open')).toBeLessThan(statuses.findIndex((status) => status !== 'open'));
    expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
    expect(all.map((item) => item.id)).toEqual(expect.arrayContaining([decidedId, openId]));

    const onlyOpen = await app.inject({
      url: '/v1/admin/disputes?status=open&limit=100',
      headers: admin.headers,
    });
    expect(onlyOpen.json().items.every((item: { status: string }) => item.status === 'open')).toBe(true);
    expect(onlyOpen.json().items.map((item: { id: string }) => item.id)).toContain(openId);
    expect(onlyOpen.json().items.map((item: { id: string }) => item.id)).not.toContain(decidedId);

    expect((await app.inject({ url: '/v1/admin/disputes', headers: alice.headers })).statusCode).toBe(403);
    const bad = await app.inject({ url: '/v1/admin/disputes?cursor=bm9wZQ', headers: admin.headers });
    expect(bad.statusCode).toBe(400);
  });

  it('refund: reverses the spend once, closes the dispute; a second decision is 409 DISPUTE_DECIDED', async () => {
    const alice = await buyer();
    const { purchaseId } = await bought(alice, { credits: 25 });
    const id = (await dispute(alice, purchaseId, 'duplicate')).json().id;
    expect(await walletBalance(platform.db, alice.userId)).toBe(75);

    const detail = await app.inject({ url: `/v1/admin/disputes/${id}`, headers: admin.headers });
    expect(detail.json()).toMatchObject({ id, status: 'open', buyer_id: alice.userId, credits: 25 });

    const decided = await app.inject({
      method: 'POST',
      url: `/v1/admin/disputes/${id}/decision`,
      headers: admin.headers,
      payload: { decision: 'refund', note: 'same owner, checked by phone' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'refunded',
      purchase_status: 'refunded',
      decided_by_user: admin.userId,
      decision: { outcome: 'refund', decided_by: 'admin', note: 'same owner, checked by phone' },
    });
    expect(await walletBalance(platform.db, alice.userId)).toBe(100);

    const again = await app.inject({
      method: 'POST',
      url: `/v1/admin/disputes/${id}/decision`,
      headers: admin.headers,
      payload: { decision: 'refund' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DISPUTE_DECIDED');
    expect(await walletBalance(platform.db, alice.userId)).toBe(100);
    expect(await ledgerDiscrepancies(platform.db)).toEqual([]);

    const seen = await app.inject({ url: `/v1/purchases/${purchaseId}/disputes`, headers: alice.headers });
    expect(seen.json().items[0]).toMatchObject({ status: 'refunded', decision: { decided_by: 'admin' } });
  });

  it('reject: closes the dispute, moves no credits', async () => {
    const alice = await buyer();
    const { purchaseId } = await bought(alice);
    const id = (await dispute(alice, purchaseId, 'invalid_phone')).json().id;
    const decided = await app.inject({
      method: 'POST',
      url: `/v1/admin/disputes/${id}/decision`,
      headers: admin.headers,
      payload: { decision: 'reject', note: 'the number answers' },
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'rejected',
      purchase_status: 'active',
      refund: null,
      decision: { outcome: 'reject', decided_by: 'admin', note: 'the number answers' },
    });
    expect(await walletBalance(platform.db, alice.userId)).toBe(90);
    const late = await app.inject({
      method: 'POST',
      url: `/v1/admin/disputes/${id}/decision`,
      headers: admin.headers,
      payload: { decision: 'refund' },
    });
    expect(late.json().error.code).toBe('DISPUTE_DECIDED');
    expect(await walletBalance(platform.db, alice.userId)).toBe(90);
  });

  it('answers 404 DISPUTE_NOT_FOUND for an unknown dispute', async () => {
    const response = await app.inject({ url: '/v1/admin/disputes/999999999', headers: admin.headers });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('DISPUTE_NOT_FOUND');
  });
});
