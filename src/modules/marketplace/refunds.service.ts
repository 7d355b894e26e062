import type { Queryable } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger/index.js';
import { reverseTransaction } from '../billing/index.js';
import { insertRefundNotice } from '../saved-searches/index.js';
import { RefundPurchaseNotFoundError } from './disputes.errors.js';
import { type DecidedBy, decideOpenDispute } from './disputes.repository.js';
import {
  activePurchasesOfLead,
  type BadLeadReason,
  findBadLeadPurchases,
  lockPurchase,
  markRefunded,
} from './refunds.repository.js';

/** Who refunds: a dispute rule, an admin (with their account when signed in), or the system. */
export interface RefundActor {
  kind: DecidedBy;
  userId?: string | null;
  /** Kept on the dispute the refund closes (an admin's note). */
  note?: string | null;
}

export interface RefundOptions {
  /** Stored on the purchase and shown to the buyer: `dispute:invalid_phone`, `lead_fraud`, … */
  reason: string;
  actor: RefundActor;
  at?: Date;
}

export interface RefundResult {
  purchaseId: string;
  /** True when this call refunded; false when the purchase was refunded before (nothing moved). */
  refunded: boolean;
  refundTransactionId: number;
}

const MESSAGES: Record<string, string> = {
  lead_fraud: 'The lead was found to be fraudulent after you bought it',
  lead_duplicate: 'The lead turned out to be a duplicate of another lead',
};

function noticeMessage(reason: string, credits: number): string {
  const why = MESSAGES[reason] ?? (reason.startsWith('dispute:') ? 'Your dispute was accepted' : 'Refunded');
  return `${why}: ${credits} credits are back in your wallet.`;
}

/**
 * Refunds a purchase in the caller's transaction (or its own): reverses the purchase's ledger spend, marks
 * the purchase refunded, closes its open dispute, and writes the buyer's in-app notice — all or nothing.
 * Exactly once: concurrent calls queue on the purchase's row lock and the later ones find it refunded;
 * the reversal's unique reference backs this up in the ledger itself.
 */
export async function refundPurchase(
  db: Queryable,
  purchaseId: string,
  options: RefundOptions,
): Promise<RefundResult> {
  const at = options.at ?? new Date();
  return db.transaction(async (tx) => {
    const purchase = await lockPurchase(tx, purchaseId);
    if (!purchase) throw new RefundPurchaseNotFoundError(purchaseId);
    if (purchase.status === 'refunded') {
      return { purchaseId, refunded: false, refundTransactionId: purchase.refund_transaction_id! };
    }
    const reversal = await reverseTransaction(tx, purchase.spend_transaction_id, {
      description: `Refund of lead purchase ${purchaseId} (${options.reason})`,
      actorId: options.actor.userId ?? null,
    });
    await markRefunded(tx, purchaseId, { transactionId: reversal.id, reason: options.reason, at });
    await decideOpenDispute(tx, purchaseId, {
      status: 'refunded',
      by: options.actor.kind,
      userId: options.actor.userId ?? null,
      note: options.actor.note ?? null,
      at,
    });
    await insertRefundNotice(
      tx,
      {
        user_id: purchase.buyer_id,
        purchase_id: purchaseId,
        lead_id: purchase.lead_id,
        credits: purchase.credits,
        reason: options.reason,
        message: noticeMessage(options.reason, purchase.credits),
      },
      at,
    );
    return { purchaseId, refunded: true, refundTransactionId: reversal.id };
  });
}

/**
 * Refunds every active buyer of a lead (each purchase in its own transaction); returns the purchases this
 * call refunded.
 */
export async function refundLeadBuyers(db: Queryable, leadId: string, reason: string): Promise<string[]> {
  const refunded: string[] = [];
  for (const purchaseId of await activePurchasesOfLead(db, leadId)) {
    const result = await refundPurchase(db, purchaseId, { reason, actor: { kind: 'system' } });
    if (result.refunded) refunded.push(purchaseId);
  }
  return refunded;
}

export interface RefundBadLeadsDeps {
  db: Queryable;
  log?: Logger;
  /** Called after the refunds of each batch committed (e.g. to push the change to the buyers' CRMs). */
  onRefunded?: (purchaseIds: string[]) => Promise<void> | void;
  batchSize?: number;
  /** A run stops after this many purchases; the next run goes on. */
  maxPerRun?: number;
}

/**
 * Refunds the buyers of leads found bad after the sale (withdrawn, merged as a duplicate, or confirmed as
 * fraud), whatever path changed the lead. Idempotent: a refunded purchase is never picked again. Returns
 * the purchases refunded by this run.
 */
export async function refundBadLeads(deps: RefundBadLeadsDeps): Promise<string[]> {
  const batchSize = deps.batchSize ?? 200;
  const maxPerRun = deps.maxPerRun ?? 5000;
  const refunded: string[] = [];
  let after: string | null = null;
  let seen = 0;
  while (seen < maxPerRun) {
    const batch = await findBadLeadPurchases(deps.db, after, batchSize);
    if (batch.length === 0) break;
    const done: string[] = [];
    for (const purchase of batch) {
      try {
        const result = await refundPurchase(deps.db, purchase.id, {
          reason: purchase.reason satisfies BadLeadReason,
          actor: { kind: 'system' },
        });
        if (result.refunded) done.push(purchase.id);
      } catch (error) {
        // One purchase that cannot be refunded (e.g. a ledger problem) must not hold back the others.
        deps.log?.error({ err: error, purchaseId: purchase.id }, 'refund of a bad lead purchase failed');
      }
    }
    refunded.push(...done);
    if (done.length > 0) await notifyRefunded(deps, done);
    seen += batch.length;
    after = batch.at(-1)!.id;
  }
  return refunded;
}

/** Runs the after-commit callback; its failure is logged, never undoes or repeats a refund. */
export async function notifyRefunded(
  deps: { log?: Logger; onRefunded?: (purchaseIds: string[]) => Promise<void> | void },
  purchaseIds: string[],
): Promise<void> {
  if (!deps.onRefunded || purchaseIds.length === 0) return;
  try {
    await deps.onRefunded(purchaseIds);
  } catch (error) {
    deps.log?.error({ err: error, purchaseIds }, 'onRefunded callback failed');
  }
}
