import type { Queryable } from '../../platform/db/index.js';
import type { PriceReceipt } from '../pricing/index.js';

export interface NewPurchase {
  id: string;
  leadId: string;
  exclusive: boolean;
  credits: number;
  priceVersion: number;
  receipt: PriceReceipt;
  spendTransactionId: number;
}

export async function insertCheckout(
  db: Queryable,
  input: { buyerId: string; totalCredits: number; itemCount: number; at: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO checkouts (buyer_id, total_credits, item_count, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
    [input.buyerId, input.totalCredits, input.itemCount, input.at],
  );
  return rows[0]!.id;
}

/** Writes a checkout's purchases in one statement (each already paid by its own ledger transaction). */
export async function insertPurchases(
  db: Queryable,
  input: { checkoutId: string; buyerId: string; at: Date; purchases: NewPurchase[] },
): Promise<void> {
  const { purchases } = input;
  await db.query(
    `INSERT INTO purchases (id, checkout_id, buyer_id, lead_id, exclusive, credits, price_version, receipt,
       spend_transaction_id, purchased_at)
     SELECT p.id, $1, $2, p.lead_id, p.exclusive, p.credits, p.price_version, p.receipt, p.spend_transaction_id, $3
       FROM unnest($4::uuid[], $5::uuid[], $6::boolean[], $7::int[], $8::int[], $9::jsonb[], $10::bigint[])
         AS p (id, lead_id, exclusive, credits, price_version, receipt, spend_transaction_id)`,
    [
      input.checkoutId,
      input.buyerId,
      input.at,
      purchases.map((p) => p.id),
      purchases.map((p) => p.leadId),
      purchases.map((p) => p.exclusive),
      purchases.map((p) => p.credits),
      purchases.map((p) => p.priceVersion),
      purchases.map((p) => JSON.stringify(p.receipt)),
      purchases.map((p) => p.spendTransactionId),
    ],
  );
}
