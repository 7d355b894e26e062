import type { Queryable } from '../../platform/db/index.js';

export interface CreditPack {
  id: string;
  name: string;
  credits: number;
  price_cents: number;
  currency: string;
}

export type PaymentStatus = 'pending' | 'confirmed' | 'granted' | 'failed' | 'refunded';

export interface Payment {
  id: string;
  user_id: string;
  purpose: 'credit_pack' | 'subscription';
  pack_id: string | null;
  subscription_id: string | null;
  credits: number;
  amount_cents: number;
  currency: string;
  provider: 'sandbox' | 'stripe';
  provider_ref: string | null;
  provider_payment_ref: string | null;
  checkout_url: string | null;
  status: PaymentStatus;
  grant_transaction_id: number | null;
  credits_reversed: number | null;
  created_at: Date;
}

/** Packs on sale, cheapest first. */
export async function listPacks(db: Queryable): Promise<CreditPack[]> {
  const { rows } = await db.query<CreditPack>(
    'SELECT id, name, credits, price_cents, currency FROM credit_packs WHERE active ORDER BY sort_order, id',
  );
  return rows;
}

export async function findPack(db: Queryable, id: string): Promise<CreditPack | null> {
  const { rows } = await db.query<CreditPack>(
    'SELECT id, name, credits, price_cents, currency FROM credit_packs WHERE id = $1 AND active',
    [id],
  );
  return rows[0] ?? null;
}

export interface NewPayment {
  userId: string;
  purpose: Payment['purpose'];
  packId?: string | null;
  subscriptionId?: string | null;
  credits: number;
  amountCents: number;
  currency: string;
  provider: Payment['provider'];
}

export async function insertPayment(db: Queryable, input: NewPayment): Promise<Payment> {
  const { rows } = await db.query<Payment>(
    `INSERT INTO payments (user_id, purpose, pack_id, subscription_id, credits, amount_cents, currency, provider)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      input.userId,
      input.purpose,
      input.packId ?? null,
      input.subscriptionId ?? null,
      input.credits,
      input.amountCents,
      input.currency,
      input.provider,
    ],
  );
  return rows[0]!;
}

export async function setCheckout(
  db: Queryable,
  id: string,
  checkout: { providerRef: string; paymentRef?: string | null; checkoutUrl: string | null },
): Promise<Payment> {
  const { rows } = await db.query<Payment>(
    `UPDATE payments SET provider_ref = $2, provider_payment_ref = coalesce($3, provider_payment_ref), checkout_url = $4
      WHERE id = $1 RETURNING *`,
    [id, checkout.providerRef, checkout.paymentRef ?? null, checkout.checkoutUrl],
  );
  return rows[0]!;
}

/** The payment, locked for this transaction so its status changes one at a time. */
export async function lockPayment(db: Queryable, id: string): Promise<Payment | null> {
  const { rows } = await db.query<Payment>('SELECT * FROM payments WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ?? null;
}

export async function findPayment(db: Queryable, id: string): Promise<Payment | null> {
  const { rows } = await db.query<Payment>('SELECT * FROM payments WHERE id = $1', [id]);
  return rows[0] ?? null;
}

/** A payment by the provider's id of its money movement (Stripe: PaymentIntent), locked. */
export async function lockPaymentByPaymentRef(
  db: Queryable,
  provider: Payment['provider'],
  paymentRef: string,
): Promise<Payment | null> {
  const { rows } = await db.query<Payment>(
    'SELECT * FROM payments WHERE provider = $1 AND provider_payment_ref = $2 FOR UPDATE',
    [provider, paymentRef],
  );
  return rows[0] ?? null;
}

/** pending → confirmed, recording the provider's payment id; returns false when it was not pending. */
export async function markConfirmed(db: Queryable, id: string, paymentRef: string | null): Promise<boolean> {
  const result = await db.query(
    `UPDATE payments SET status = 'confirmed', confirmed_at = now(),
            provider_payment_ref = coalesce($2, provider_payment_ref)
      WHERE id = $1 AND status = 'pending'`,
    [id, paymentRef],
  );
  return result.rowCount === 1;
}

export async function markGranted(db: Queryable, id: string, transactionId: number): Promise<void> {
  await db.query(
    `UPDATE payments SET status = 'granted', granted_at = now(), grant_transaction_id = $2 WHERE id = $1`,
    [id, transactionId],
  );
}

export async function markRefunded(
  db: Queryable,
  id: string,
  refund: { transactionId: number | null; creditsReversed: number },
): Promise<void> {
  await db.query(
    `UPDATE payments SET status = 'refunded', refunded_at = now(), refund_transaction_id = $2,
            credits_reversed = $3
      WHERE id = $1`,
    [id, refund.transactionId, refund.creditsReversed],
  );
}

/** Payments the provider confirmed whose credits were never granted (a crash in between). */
export async function confirmedNotGranted(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM payments WHERE status = 'confirmed' ORDER BY confirmed_at LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.id);
}
