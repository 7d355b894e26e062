import type { Queryable } from '../../platform/db/index.js';

// Every SQL statement of refunds: the purchase row lock that makes a refund happen once, and the work
// list of the job that refunds the buyers of leads found bad after the sale.

export interface RefundablePurchase {
  id: string;
  buyer_id: string;
  lead_id: string;
  credits: number;
  status: 'active' | 'refunded';
  spend_transaction_id: number;
  refund_transaction_id: number | null;
  refund_reason: string | null;
  refunded_at: Date | null;
}

/**
 * The purchase locked for a refund: concurrent refunds of one purchase queue on this row, and the second
 * reads it already refunded (FOR UPDATE re-reads the latest committed version). Null when it does not exist.
 */
export async function lockPurchase(tx: Queryable, purchaseId: string): Promise<RefundablePurchase | null> {
  const { rows } = await tx.query<RefundablePurchase>(
    `SELECT id, buyer_id, lead_id, credits, status, spend_transaction_id, refund_transaction_id, refund_reason,
            refunded_at
       FROM purchases WHERE id = $1 FOR UPDATE`,
    [purchaseId],
  );
  return rows[0] ?? null;
}

/** Marks a locked, active purchase refunded by the given reversal. */
export async function markRefunded(
  tx: Queryable,
  purchaseId: string,
  refund: { transactionId: number; reason: string; at: Date },
): Promise<void> {
  await tx.query(
    `UPDATE purchases SET status = 'refunded', refund_transaction_id = $2, refund_reason = $3, refunded_at = $4
      WHERE id = $1 AND status = 'active'`,
    [purchaseId, refund.transactionId, refund.reason, refund.at],
  );
}

/** The active purchases of a lead (its current buyers). */
export async function activePurchasesOfLead(db: Queryable, leadId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM purchases WHERE lead_id = $1 AND status = 'active' ORDER BY id`,
    [leadId],
  );
  return rows.map((row) => row.id);
}

/** Why a lead's buyers are refunded without a dispute. */
export type BadLeadReason = 'lead_fraud' | 'lead_duplicate';

/**
 * Active purchases of leads found bad after the sale — merged into another lead (a duplicate), withdrawn,
 * or with a confirmed fraud review — after `afterId`, in id order (keyset). Reads lead state, not events,
 * so it catches every path that changed a lead.
 */
export async function findBadLeadPurchases(
  db: Queryable,
  afterId: string | null,
  limit: number,
): Promise<{ id: string; lead_id: string; reason: BadLeadReason }[]> {
  const { rows } = await db.query<{ id: string; lead_id: string; reason: BadLeadReason }>(
    `SELECT p.id, p.lead_id,
            CASE WHEN l.status = 'merged' THEN 'lead_duplicate' ELSE 'lead_fraud' END AS reason
       FROM purchases p JOIN leads l ON l.id = p.lead_id
      WHERE p.status = 'active'
        AND ($1::uuid IS NULL OR p.id > $1::uuid)
        AND (l.status IN ('withdrawn', 'merged')
             OR EXISTS (SELECT 1 FROM fraud_reviews r WHERE r.lead_id = l.id AND r.status = 'confirmed'))
      ORDER BY p.id
      LIMIT $2`,
    [afterId, limit],
  );
  return rows;
}
