import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reverseTransaction } from '../../src/modules/billing/index.js';
import { loadPurchaseViews } from '../../src/modules/marketplace/index.js';
import { signUp } from '../support/auth.js';
import { addToCart, type BuyingCtx, checkout, makeBuyer, openBuyingApp } from './buying.helpers.js';
import { makeLeadWithContact, makePurchase } from './factories.js';

let ctx: BuyingCtx;

beforeAll(async () => {
  ctx = await openBuyingApp({ DISPUTE_WINDOW_DAYS: '7' });
});
afterAll(async () => {
  await ctx.close();
});

const DAY_MS = 86_400_000;

async function setScrub(
  leadId: string,
  scrubbedAt: Date,
  listed: { phone: string; lists: string[] }[],
  checked: string[],
) {
  await ctx.platform.db.query('UPDATE contacts SET dnc = $2 WHERE lead_id = $1', [
    leadId,
    JSON.stringify({ scrubbed_at: scrubbedAt.toISOString(), listed, checked, unchecked: [] }),
  ]);
}

describe('purchases', () => {
  it('shows a bought lead with full contact, DNC flags, contact rules, receipt, passport and dispute deadline', async () => {
    const buyer = await makeBuyer(ctx);
    const leadId = await makeLeadWithContact(
      ctx.platform.db,
      { city: 'Santa Fe', zip: '87501' },
      { name: 'Maria Lopez', phones: ['+15055550142', '+15055550143'], emails: ['maria@example.com'] },
    );
    await ctx.platform.db.query(
      `UPDATE leads SET address_line = '12 Canyon Rd', title = '3 bed adobe', price = 450000, bedrooms = 3 WHERE id = $1`,
      [leadId],
    );
    await setScrub(
      leadId,
      new Date(Date.now() - 2 * DAY_MS),
      [{ phone: '+15055550142', lists: ['national'] }],
      ['+15055550142', '+15055550143'],
    );
    const quote = (await addToCart(ctx, buyer, leadId)).json();
    const bought = (await checkout(ctx, buyer)).json();
    const purchaseId = bought.purchases[0].id;

    const res = await ctx.app.inject({ url: `/v1/purchases/${purchaseId}`, headers: buyer.headers });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({
      id: purchaseId,
      lead_id: leadId,
      checkout_id: bought.checkout_id,
      status: 'active',
      exclusive: false,
      refunded_at: null,
      price: { credits: quote.credits, price_version: quote.price_version, receipt: quote.receipt },
      contact: { name: 'Maria Lopez', emails: ['maria@example.com'], suppressed: false },
      lead: {
        title: '3 bed adobe',
        asking_price: 450000,
        bedrooms: 3,
        address: { line: '12 Canyon Rd', city: 'Santa Fe', state: 'NM', zip: '87501' },
      },
      dnc: { stale: false },
    });
    expect(Date.parse(view.dispute_deadline) - Date.parse(view.purchased_at)).toBe(7 * DAY_MS);
    expect(view.contact.phones).toEqual([
      {
        number: '+15055550142',
        dnc: {
          listed: true,
          lists: ['national'],
          checked: true,
          scrubbed_at: view.dnc.scrubbed_at,
          stale: false,
        },
      },
      {
        number: '+15055550143',
        dnc: { listed: false, lists: [], checked: true, scrubbed_at: view.dnc.scrubbed_at, stale: false },
      },
    ]);
    const codes = view.contact_rules.map((r: { code: string }) => r.code);
    expect(codes).toContain('DNC_LISTED');
    expect(codes).not.toContain('DNC_SCRUB_STALE');
    expect(view.contact_rules[0].rule).toContain('+15055550142');
    expect(view.passport).toMatchObject({ lead_id: leadId, status: 'published' });
  });

  it('flags a scrub older than 31 days and asks for a re-scrub; a form consent allows contact about it', async () => {
    const buyer = await makeBuyer(ctx);
    const leadId = await makeLeadWithContact(ctx.platform.db, { listing_type: 'form_lead' });
    await ctx.platform.db.query(
      `UPDATE contacts SET consent = '{"text": "Call me about selling"}' WHERE lead_id = $1`,
      [leadId],
    );
    await setScrub(leadId, new Date(Date.now() - 40 * DAY_MS), [], ['+15055550142']);
    const { purchaseId } = await makePurchase(ctx.platform.db, { buyerId: buyer.userId, leadId });
    const view = (
      await ctx.app.inject({ url: `/v1/purchases/${purchaseId}`, headers: buyer.headers })
    ).json();
    expect(view.dnc.stale).toBe(true);
    expect(view.contact.phones[0].dnc).toMatchObject({ listed: false, stale: true });
    const codes = view.contact_rules.map((r: { code: string }) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['DNC_SCRUB_STALE', 'FORM_CONSENT']));
    expect(codes).not.toContain('DNC_LISTED');
  });

  it('shows a refunded purchase as refunded', async () => {
    const buyer = await makeBuyer(ctx);
    const leadId = await makeLeadWithContact(ctx.platform.db);
    const { purchaseId, spendTransactionId } = await makePurchase(ctx.platform.db, {
      buyerId: buyer.userId,
      leadId,
    });
    const reversal = await reverseTransaction(ctx.platform.db, spendTransactionId, {
      description: 'test refund',
    });
    await ctx.platform.db.query(
      `UPDATE purchases SET status = 'refunded', refund_transaction_id = $2, refunded_at = now(),
              refund_reason = 'invalid_phone' WHERE id = $1`,
      [purchaseId, reversal.id],
    );
    const view = (
      await ctx.app.inject({ url: `/v1/purchases/${purchaseId}`, headers: buyer.headers })
    ).json();
    expect(view).toMatchObject({ status: 'refunded', refund_reason: 'invalid_phone' });
    expect(view.refunded_at).not.toBeNull();
  });

  it("answers 404 for another buyer's purchase, an admin's through this API, and an unknown id", async () => {
    const owner = await makeBuyer(ctx);
    const { purchaseId } = await makePurchase(ctx.platform.db, {
      buyerId: owner.userId,
      leadId: await makeLeadWithContact(ctx.platform.db),
    });
    const other = await makeBuyer(ctx, 0);
    const admin = await signUp(ctx.app, ctx.platform.db, { role: 'admin' });
    for (const caller of [other, admin]) {
      const res = await ctx.app.inject({ url: `/v1/purchases/${purchaseId}`, headers: caller.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('PURCHASE_NOT_FOUND');
      expect(res.body).not.toContain('5550142');
    }
    const unknown = await ctx.app.inject({
      url: '/v1/purchases/00000000-0000-4000-8000-000000000000',
      headers: owner.headers,
    });
    expect(unknown.statusCode).toBe(404);
    expect((await ctx.app.inject({ url: `/v1/purchases/${purchaseId}` })).statusCode).toBe(401);
    const list = (await ctx.app.inject({ url: '/v1/purchases', headers: other.headers })).json();
    expect(list).toEqual({ items: [], next_cursor: null });
  });

  it('lists purchases newest first with a keyset cursor', async () => {
    const buyer = await makeBuyer(ctx);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const leadId = await makeLeadWithContact(ctx.platform.db);
      // Two share a timestamp: the id breaks the tie, so paging neither skips nor repeats.
      const at = new Date(Date.UTC(2026, 10, 1 + Math.min(i, 3)));
      ids.push((await makePurchase(ctx.platform.db, { buyerId: buyer.userId, leadId, at })).purchaseId);
    }
    // Microseconds, as a real checkout's now() has: a cursor rounded to milliseconds would skip the tie.
    await ctx.platform.db.query(
      `UPDATE purchases SET purchased_at = '2026-11-04T00:00:00.123456Z'
        WHERE buyer_id = $1 AND purchased_at = '2026-11-04T00:00:00Z'`,
      [buyer.userId],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/purchases?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await ctx.app.inject({ url, headers: buyer.headers })).json();
      for (const item of page.items) {
        expect(item.contact.name).toBe('Maria Lopez');
        expect(item.passport).toBeNull();
        seen.push(item.id);
      }
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const times = await ctx.platform.db.query<{ id: string; purchased_at: Date }>(
      'SELECT id, purchased_at FROM purchases WHERE buyer_id = $1 ORDER BY purchased_at DESC, id DESC',
      [buyer.userId],
    );
    expect(seen).toEqual(times.rows.map((r) => r.id));
    expect(new Set(seen)).toEqual(new Set(ids));
    const bad = await ctx.app.inject({ url: '/v1/purchases?cursor=not-a-cursor', headers: buyer.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('loadPurchaseViews keeps the order asked, leaves out other buyers, and can skip the passport', async () => {
    const buyer = await makeBuyer(ctx);
    const other = await makeBuyer(ctx);
    const mine = [];
    for (let i = 0; i < 2; i++) {
      const leadId = await makeLeadWithContact(ctx.platform.db);
      mine.push((await makePurchase(ctx.platform.db, { buyerId: buyer.userId, leadId })).purchaseId);
    }
    const theirs = (
      await makePurchase(ctx.platform.db, {
        buyerId: other.userId,
        leadId: await makeLeadWithContact(ctx.platform.db),
      })
    ).purchaseId;
    const views = await loadPurchaseViews(ctx.platform.db, buyer.userId, [mine[1]!, theirs, mine[0]!], {
      passport: false,
      disputeWindowDays: 3,
    });
    expect(views.map((v) => v.id)).toEqual([mine[1], mine[0]]);
    expect(views[0]!.passport).toBeNull();
    expect(Date.parse(views[0]!.dispute_deadline) - Date.parse(views[0]!.purchased_at)).toBe(3 * DAY_MS);
  });
});
