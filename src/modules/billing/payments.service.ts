import type { Database, Queryable } from '../../platform/db/index.js';
import { appendEvent } from '../../platform/events.js';
import type { Logger } from '../../platform/logger/index.js';
import { BillingConflictError, PackNotFoundError, PaymentNotFoundError } from './billing.errors.js';
import { walletBalance } from './ledger.repository.js';
import { grantCredits, takeBackCredits } from './ledger.service.js';
import {
  confirmedNotGranted,
  findPack,
  insertPayment,
  lockPayment,
  markConfirmed,
  markGranted,
  markRefunded,
  type Payment,
  setCheckout,
} from './payments.repository.js';
import type { PaymentProvider } from './providers.js';

export interface PaymentDeps {
  db: Database;
  provider: PaymentProvider;
  log: Logger;
  /** Test seam between confirming a payment and granting its credits: a crash there is what recovery completes. */
  afterConfirm?: (paymentId: string) => Promise<void> | void;
}

/** A payment as the API shows it. */
export interface PaymentView {
  id: string;
  status: Payment['status'];
  purpose: Payment['purpose'];
  pack_id: string | null;
  credits: number;
  amount_cents: number;
  currency: string;
  provider: Payment['provider'];
  checkout_url: string | null;
  credits_reversed: number | null;
  created_at: string;
}

/** The API view of a payment row. */
export function paymentView(payment: Payment): PaymentView {
  return {
    id: payment.id,
    status: payment.status,
    purpose: payment.purpose,
    pack_id: payment.pack_id,
    credits: payment.credits,
    amount_cents: payment.amount_cents,
    currency: payment.currency,
    provider: payment.provider,
    checkout_url: payment.checkout_url,
    credits_reversed: payment.credits_reversed,
    created_at: new Date(payment.created_at).toISOString(),
  };
}

/**
 * Grants a confirmed payment's credits, once: the payment row is locked, and the ledger's unique
 * (purchase, payment:<id>) reference is the backstop. Returns true when this call granted them.
 */
export async function grantConfirmedPayment(db: Queryable, paymentId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const payment = await lockPayment(tx, paymentId);
    if (payment?.status !== 'confirmed') return false;
    const movement = await grantCredits(tx, {
      userId: payment.user_id,
      amount: payment.credits,
      kind: 'purchase',
      reference: `payment:${payment.id}`,
      description:
        payment.purpose === 'credit_pack'
          ? `Bought ${payment.credits} credits (pack ${payment.pack_id})`
          : `Plan payment: ${payment.credits} credits`,
    });
    await markGranted(tx, payment.id, movement.transactionId);
    await appendEvent(tx, {
      type: 'payment.granted',
      aggregateType: 'payment',
      aggregateId: payment.id,
      actorId: payment.user_id,
      payload: { credits: payment.credits, balance: movement.balance },
    });
    return true;
  });
}

/**
 * Starts buying a pack, inside the caller's (idempotent) transaction. A provider that is paid at once
 * (sandbox) is confirmed and granted in the same transaction; Stripe returns a checkout URL and the
 * webhook finishes the purchase.
 */
export async function purchasePack(
  deps: Pick<PaymentDeps, 'provider'>,
  tx: Queryable,
  input: { userId: string; email?: string; packId: string },
): Promise<PaymentView & { balance: number }> {
  const pack = await findPack(tx, input.packId);
  if (!pack) throw new PackNotFoundError(input.packId);
  const created = await insertPayment(tx, {
    userId: input.userId,
    purpose: 'credit_pack',
    packId: pack.id,
    credits: pack.credits,
    amountCents: pack.price_cents,
    currency: pack.currency,
    provider: deps.provider.name,
  });
  const checkout = await deps.provider.createCheckout({
    paymentId: created.id,
    userId: input.userId,
    email: input.email,
    description: pack.name,
    amountCents: pack.price_cents,
    currency: pack.currency,
    mode: 'payment',
    metadata: { payment_id: created.id, pack_id: pack.id },
  });
  let payment = await setCheckout(tx, created.id, checkout);
  if (checkout.paid) {
    await markConfirmed(tx, payment.id, checkout.paymentRef ?? null);
    await grantConfirmedPayment(tx, payment.id);
    payment = (await lockPayment(tx, payment.id))!;
  }
  return { ...paymentView(payment), balance: await walletBalance(tx, input.userId) };
}

/** Grants every confirmed-but-not-granted payment (run at start and by a job); returns how many. */
export async function recoverPayments(deps: Pick<PaymentDeps, 'db' | 'log'>, limit = 500): Promise<number> {
  let granted = 0;
  for (const id of await confirmedNotGranted(deps.db, limit)) {
    if (await grantConfirmedPayment(deps.db, id)) granted += 1;
  }
  if (granted > 0) deps.log.warn({ granted }, 'recovered confirmed payments whose credits were not granted');
  return granted;
}

export interface RefundResult extends PaymentView {
  /** Credits the refund could not take back because they were spent already. */
  credits_unrecovered: number;
  balance: number;
}

/**
 * Refunds a granted payment: the provider returns the money (skipped when the provider told us of the
 * refund), and the payment's credits are taken back as far as they are unspent — never below zero;
 * the rest is reported as `credits_unrecovered` and recorded in the event. A refunded payment
 * answers with its stored outcome.
 */
export async function refundPayment(
  deps: Pick<PaymentDeps, 'provider'>,
  tx: Queryable,
  input: { paymentId: string; actorId: string | null; callProvider: boolean },
): Promise<RefundResult> {
  const payment = await lockPayment(tx, input.paymentId);
  if (!payment) throw new PaymentNotFoundError(input.paymentId);
  if (payment.status === 'confirmed') {
    // Confirmed but not yet granted (a crash in between): grant first so the books tell the story.
    await grantConfirmedPayment(tx, payment.id);
  } else if (payment.status !== 'granted' && payment.status !== 'refunded') {
    throw new BillingConflictError('PAYMENT_NOT_REFUNDABLE', `Payment ${payment.id} is ${payment.status}`);
  }
  if (payment.status === 'refunded') {
    const reversed = payment.credits_reversed ?? 0;
    return {
      ...paymentView(payment),
      credits_unrecovered: payment.credits - reversed,
      balance: await walletBalance(tx, payment.user_id),
    };
  }
  if (input.callProvider) {
    await deps.provider.refund({
      id: payment.id,
      providerRef: payment.provider_ref,
      paymentRef: payment.provider_payment_ref,
    });
  }
  const taken = await takeBackCredits(tx, {
    userId: payment.user_id,
    upTo: payment.credits,
    reference: `payment:${payment.id}`,
    description: `Refund of payment for ${payment.credits} credits`,
    actorId: input.actorId,
  });
  await markRefunded(tx, payment.id, {
    transactionId: taken.taken > 0 ? taken.transactionId : null,
    creditsReversed: taken.taken,
  });
  await appendEvent(tx, {
    type: 'payment.refunded',
    aggregateType: 'payment',
    aggregateId: payment.id,
    actorId: input.actorId,
    payload: { credits: payment.credits, credits_reversed: taken.taken, amount_cents: payment.amount_cents },
  });
  const refunded = (await lockPayment(tx, payment.id))!;
  return {
    ...paymentView(refunded),
    credits_unrecovered: payment.credits - taken.taken,
    balance: taken.balance,
  };
}
