import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDiscrepancies } from '../../src/modules/billing/index.js';
import type { SignedUp } from '../support/auth.js';
import {
  addToCart,
  type BuyingCtx,
  balanceOf,
  checkout,
  makeBuyer,
  openBuyingApp,
} from './buying.helpers.js';
import { makeLeadWithContact } from './factories.js';

// N buyers check out the last slot of a lead at the same moment: exactly one may win, the others get
// 409 SOLD_OUT and pay nothing. Repeated 100 times; on PostgreSQL the checkouts truly run in parallel
// (a pool of 20 connections), on PGlite they are serialised by its single connection.

const BUYERS = 6;
const REPETITIONS = 100;
const START_CREDITS = 100_000;

let ctx: BuyingCtx;
let buyers: SignedUp[];

beforeAll(async () => {
  ctx = await openBuyingApp();
  buyers = [];
  for (let i = 0; i < BUYERS; i++) buyers.push(await makeBuyer(ctx, START_CREDITS));
});
afterAll(async () => {
  await ctx.close();
});

/** A lead with one slot left: max 1 and nobody holding it, or max 3 with two holders. */
async function lastSlotLead(repetition: number): Promise<string> {
  const leadId = await makeLeadWithContact(ctx.platform.db);
  const [max, holders] = repetition % 2 === 0 ? [1, 0] : [3, 2];
  await ctx.platform.db.query(
    'INSERT INTO lead_inventory (lead_id, max_buyers, holders) VALUES ($1, $2, $3)',
    [leadId, max, holders],
  );
  return leadId;
}

describe('the last slot', () => {
  it(`goes to exactly one of ${BUYERS} concurrent checkouts, ${REPETITIONS} times over`, async () => {
    const db = ctx.platform.db;
    let won = 0;
    let spent = 0;
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      const leadId = await lastSlotLead(repetition);
      // One buyer carts it through the API; the others get the same quote copied into their carts.
      const first = await addToCart(ctx, buyers[0]!, leadId);
      expect(first.statusCode, first.body).toBe(201);
      await db.query(
        `INSERT INTO cart_items (user_id, lead_id, exclusive, credits, price_version, receipt, quoted_at, locked_until)
         SELECT u, lead_id, exclusive, credits, price_version, receipt, quoted_at, locked_until
           FROM cart_items, unnest($3::uuid[]) AS u WHERE user_id = $1 AND lead_id = $2`,
        [buyers[0]!.userId, leadId, buyers.slice(1).map((b) => b.userId)],
      );

      const answers = await Promise.all(buyers.map((buyer) => checkout(ctx, buyer)));
      const winners = answers.filter((a) => a.statusCode === 201);
      expect(winners, `repetition ${repetition}`).toHaveLength(1);
      for (const loser of answers.filter((a) => a.statusCode !== 201)) {
        expect(loser.statusCode).toBe(409);
        expect(loser.json().error.code).toBe('SOLD_OUT');
      }
      const { rows } = await db.query<{ holders: number; max_buyers: number; buyers: number }>(
        `SELECT i.holders, i.max_buyers, (SELECT count(*)::int FROM purchases p WHERE p.lead_id = i.lead_id) AS buyers
           FROM lead_inventory i WHERE i.lead_id = $1`,
        [leadId],
      );
      expect(rows[0]!.holders).toBe(rows[0]!.max_buyers);
      expect(rows[0]!.buyers).toBe(1);
      won++;
      spent += winners[0]!.json().total_credits;
      // The losers' carts still hold the sold-out lead (their checkout rolled back): clear them.
      await db.query('DELETE FROM cart_items WHERE lead_id = $1', [leadId]);
    }
    expect(won).toBe(REPETITIONS);
    let left = 0;
    for (const buyer of buyers) left += await balanceOf(ctx, buyer.userId);
    expect(left, 'only the winners paid, once each').toBe(BUYERS * START_CREDITS - spent);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM purchases');
    expect(rows[0]!.n).toBe(REPETITIONS);
    expect(await ledgerDiscrepancies(db)).toEqual([]);
  }, 180_000);
});
