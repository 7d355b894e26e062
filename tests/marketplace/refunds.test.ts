import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules, registerModuleJobs } from '../../src/composition.js';
import { ledgerDiscrepancies, walletBalance } from '../../src/modules/billing/index.js';
import {
  refundBadLeads,
  refundBadLeadsJob,
  refundLeadBuyers,
  refundPurchase,
} from '../../src/modules/marketplace/index.js';
import { decideFraudReview, mergeLeads } from '../../src/modules/quality/index.js';
import type { Database } from '../../src/platform/db/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';
import { giveCredits, makeLeadWithContact, makePurchase } from './factories.js';

// Refunds: exactly once under concurrency, and the sweep that refunds the buyers of leads found bad after
// the sale. On the backend the suite runs on (PostgreSQL with DATABASE_URL, else PGlite).

let platform: Platform;
let app: App;
let db: Database;

beforeAll(async () => {
  platform = await createTestPlatform();
  db = platform.db;
  app = await buildApp(platform, createModules(platform));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await platform.close();
});

async function buyer(credits = 100): Promise<SignedUp> {
  const user = await signUp(app, db);
  await giveCredits(db, user.userId, credits);
  return user;
}

async function purchaseStatus(purchaseId: string) {
  const { rows } = await db.query<{
    status: string;
    refund_reason: string | null;
    refund_transaction_id: number;
  }>('SELECT status, refund_reason, refund_transaction_id FROM purchases WHERE id = $1', [purchaseId]);
  return rows[0]!;
}

async function reversalsOf(spendTransactionId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM credit_transactions WHERE reverses_id = $1',
    [spendTransactionId],
  );
  return rows[0]!.n;
}

async function refundNotices(userId: string) {
  const { rows } = await db.query<{ payload: { purchase_id: string; reason: string } }>(
    `SELECT payload FROM notifications WHERE user_id = $1 AND kind = 'purchase_refunded' ORDER BY id`,
    [userId],
  );
  return rows.map((row) => row.payload);
}

/** Opens a fraud review on the lead, as scoring does for a high fraud score. */
async function holdForReview(leadId: string): Promise<void> {
  await db.query(`UPDATE leads SET status = 'fraud_review' WHERE id = $1`, [leadId]);
  await db.query(
    `INSERT INTO fraud_reviews (lead_id, score, reasons, score_version) VALUES ($1, 90, '[]', 1)`,
    [leadId],
  );
}

describe('refundPurchase', () => {
  it('refunds exactly once when many refunds of one purchase race', async () => {
    const alice = await buyer();
    const leadId = await makeLeadWithContact(db);
    const { purchaseId, spendTransactionId } = await makePurchase(db, {
      buyerId: alice.userId,
      leadId,
      credits: 30,
    });
    expect(await walletBalance(db, alice.userId)).toBe(70);

    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        refundPurchase(db, purchaseId, { reason: 'lead_fraud', actor: { kind: 'system' } }),
      ),
    );
    expect(results.filter((result) => result.refunded)).toHaveLength(1);
    expect(new Set(results.map((result) => result.refundTransactionId)).size).toBe(1);
    expect(await reversalsOf(spendTransactionId)).toBe(1);
    expect(await walletBalance(db, alice.userId)).toBe(100);
    expect(await purchaseStatus(purchaseId)).toMatchObject({
      status: 'refunded',
      refund_reason: 'lead_fraud',
      refund_transaction_id: results[0]!.refundTransactionId,
    });
    expect(await refundNotices(alice.userId)).toHaveLength(1);
    expect(await ledgerDiscrepancies(db)).toEqual([]);
  });

  it('refunds once when an admin decision and the bad-lead sweep race for one purchase', async () => {
    const admin = await signUp(app, db, { role: 'admin' });
    const alice = await buyer();
    const leadId = await makeLeadWithContact(db, {}, { phones: ['+15058421937'] });
    const { purchaseId, spendTransactionId } = await makePurchase(db, { buyerId: alice.userId, leadId });
    const filed = await app.inject({
      method: 'POST',
      url: `/v1/purchases/${purchaseId}/disputes`,
      headers: alice.headers,
      payload: { reason: 'duplicate', evidence: 'I bought this owner last week' },
    });
    expect(filed.json().status).toBe('open');
    await db.query(`UPDATE leads SET status = 'withdrawn' WHERE id = $1`, [leadId]);

    const [decision] = await Promise.all([
      app.inject({
        method: 'POST',
        url: `/v1/admin/disputes/${filed.json().id}/decision`,
        headers: admin.headers,
        payload: { decision: 'refund' },
      }),
      refundBadLeads({ db }),
    ]);
    // Whoever came second found the dispute closed (409) or the purchase refunded (nothing to do).
    expect([200, 409]).toContain(decision.statusCode);
    expect(await reversalsOf(spendTransactionId)).toBe(1);
    expect(await walletBalance(db, alice.userId)).toBe(100);
    const { rows } = await db.query<{ status: string }>(
      'SELECT status FROM disputes WHERE purchase_id = $1',
      [purchaseId],
    );
    expect(rows[0]!.status).toBe('refunded');
    expect(await ledgerDiscrepancies(db)).toEqual([]);
  });

  it('answers PURCHASE_NOT_FOUND for an unknown purchase', async () => {
    await expect(
      refundPurchase(db, '00000000-0000-4000-8000-000000000000', {
        reason: 'lead_fraud',
        actor: { kind: 'system' },
      }),
    ).rejects.toMatchObject({ code: 'PURCHASE_NOT_FOUND', status: 404 });
  });
});

describe('refunds of leads found bad after the sale', () => {
  it('refunds and notifies every buyer once a fraud review is confirmed; runs again refund nothing', async () => {
    const alice = await buyer();
    const bob = await buyer();
    const carol = await buyer();
    const leadId = await makeLeadWithContact(db, {}, { phones: ['+15058421937'] });
    const otherLead = await makeLeadWithContact(db);
    const a = await makePurchase(db, { buyerId: alice.userId, leadId, credits: 20 });
    const b = await makePurchase(db, { buyerId: bob.userId, leadId, credits: 20 });
    const untouched = await makePurchase(db, { buyerId: carol.userId, leadId: otherLead, credits: 20 });
    // Alice had disputed it already: the refund closes her dispute as the system's decision.
    await app.inject({
      method: 'POST',
      url: `/v1/purchases/${a.purchaseId}/disputes`,
      headers: alice.headers,
      payload: { reason: 'fraud', evidence: 'the owner asked for a deposit by wire' },
    });

    expect(await refundBadLeads({ db })).toEqual([]);
    await holdForReview(leadId);
    await decideFraudReview(db, leadId, { decision: 'confirm', note: 'fake owner', decidedBy: 'test' });

    const called: string[][] = [];
    const refunded = await refundBadLeads({ db, onRefunded: (ids) => void called.push(ids) });
    expect(refunded.sort()).toEqual([a.purchaseId, b.purchaseId].sort());
    expect(called.flat().sort()).toEqual(refunded);
    for (const user of [alice, bob]) {
      expect(await walletBalance(db, user.userId)).toBe(100);
      const notices = await app.inject({ url: '/v1/notifications', headers: user.headers });
      expect(notices.json().items).toEqual([
        expect.objectContaining({
          kind: 'purchase_refunded',
          refund: expect.objectContaining({ lead_id: leadId, credits: 20, reason: 'lead_fraud' }),
        }),
      ]);
    }
    expect(await walletBalance(db, carol.userId)).toBe(80);
    expect((await purchaseStatus(untouched.purchaseId)).status).toBe('active');
    const dispute = await app.inject({
      url: `/v1/purchases/${a.purchaseId}/disputes`,
      headers: alice.headers,
    });
    expect(dispute.json().items[0]).toMatchObject({ status: 'refunded', decision: { decided_by: 'system' } });

    expect(await refundBadLeads({ db, onRefunded: (ids) => void called.push(ids) })).toEqual([]);
    expect(called).toHaveLength(1);
    expect(await refundNotices(alice.userId)).toHaveLength(1);
    expect(await reversalsOf(a.spendTransactionId)).toBe(1);
    expect(await ledgerDiscrepancies(db)).toEqual([]);
  });

  it('refunds the buyers of a lead merged into another as a duplicate, not those of the kept lead', async () => {
    const alice = await buyer();
    const bob = await buyer();
    const kept = await makeLeadWithContact(db, {}, { phones: ['+15057771234'] });
    const duplicate = await makeLeadWithContact(db, {}, { phones: ['+15058421937'] });
    const ofDuplicate = await makePurchase(db, { buyerId: alice.userId, leadId: duplicate, credits: 15 });
    const ofKept = await makePurchase(db, { buyerId: bob.userId, leadId: kept, credits: 15 });

    await db.transaction((tx) => mergeLeads(tx, kept, duplicate, { reason: 'same owner' }));
    const refunded = await refundBadLeads({ db });
    expect(refunded).toContain(ofDuplicate.purchaseId);
    expect(refunded).not.toContain(ofKept.purchaseId);
    expect(await purchaseStatus(ofDuplicate.purchaseId)).toMatchObject({
      status: 'refunded',
      refund_reason: 'lead_duplicate',
    });
    expect(await walletBalance(db, alice.userId)).toBe(100);
    expect(await walletBalance(db, bob.userId)).toBe(85);
    expect(await refundNotices(alice.userId)).toEqual([
      expect.objectContaining({ reason: 'lead_duplicate' }),
    ]);
    expect(await refundNotices(bob.userId)).toEqual([]);
    expect(await ledgerDiscrepancies(db)).toEqual([]);
  });

  it('refundLeadBuyers refunds the active buyers of one lead, once', async () => {
    const alice = await buyer();
    const bob = await buyer();
    const leadId = await makeLeadWithContact(db);
    const a = await makePurchase(db, { buyerId: alice.userId, leadId });
    const b = await makePurchase(db, { buyerId: bob.userId, leadId });
    await refundPurchase(db, a.purchaseId, { reason: 'dispute:fraud', actor: { kind: 'machine' } });
    expect(await refundLeadBuyers(db, leadId, 'lead_fraud')).toEqual([b.purchaseId]);
    expect(await refundLeadBuyers(db, leadId, 'lead_fraud')).toEqual([]);
    expect(await walletBalance(db, alice.userId)).toBe(100);
    expect(await walletBalance(db, bob.userId)).toBe(100);
  });

  it('runs every two minutes: the marketplace module keeps the schedule once jobs start', async () => {
    const modules = createModules(platform);
    registerModuleJobs(platform, modules);
    await platform.jobs.start({ work: false });
    const marketplace = modules.find((module) => module.name === 'marketplace');
    await marketplace!.afterStart!(platform.jobs);
    const schedules = await platform.jobs.listSchedules(refundBadLeadsJob);
    expect(schedules.map((schedule) => schedule.cron)).toEqual(['*/2 * * * *']);
  });
});
