import type { Queryable } from '../../platform/db/index.js';
import type { DisputedLead, DisputeReason, HeldLead, MachineCheck } from './dispute-rules.js';

// Every SQL statement of disputes. Lock order everywhere: the purchase row, then its dispute.

export type DisputeStatus = 'open' | 'refunded' | 'rejected';
export type DecidedBy = 'machine' | 'admin' | 'system';

/** A dispute with the purchase it is about. */
export interface DisputeRow {
  id: string;
  purchase_id: string;
  buyer_id: string;
  lead_id: string;
  reason: DisputeReason;
  evidence: string;
  status: DisputeStatus;
  machine_check: MachineCheck;
  decided_by: DecidedBy | null;
  decided_by_user: string | null;
  decision_note: string | null;
  created_at: Date;
  decided_at: Date | null;
  credits: number;
  purchase_status: 'active' | 'refunded';
  purchased_at: Date;
  refund_transaction_id: number | null;
  refunded_at: Date | null;
}

const DISPUTE_COLUMNS = `d.id::text AS id, d.purchase_id, d.buyer_id, d.lead_id, d.reason, d.evidence, d.status,
  d.machine_check, d.decided_by, d.decided_by_user, d.decision_note, d.created_at, d.decided_at,
  p.credits, p.status AS purchase_status, p.purchased_at, p.refund_transaction_id, p.refunded_at`;

export interface BuyerPurchase {
  id: string;
  lead_id: string;
  status: 'active' | 'refunded';
  purchased_at: Date;
}

/** The buyer's purchase (null when it does not exist or belongs to someone else). */
export async function findPurchaseOfBuyer(
  db: Queryable,
  purchaseId: string,
  buyerId: string,
): Promise<BuyerPurchase | null> {
  const { rows } = await db.query<BuyerPurchase>(
    'SELECT id, lead_id, status, purchased_at FROM purchases WHERE id = $1 AND buyer_id = $2',
    [purchaseId, buyerId],
  );
  return rows[0] ?? null;
}

/** The dispute of a purchase, if one was filed. */
export async function findDisputeOfPurchase(db: Queryable, purchaseId: string): Promise<DisputeRow | null> {
  const { rows } = await db.query<DisputeRow>(
    `SELECT ${DISPUTE_COLUMNS} FROM disputes d JOIN purchases p ON p.id = d.purchase_id WHERE d.purchase_id = $1`,
    [purchaseId],
  );
  return rows[0] ?? null;
}

export async function findDispute(db: Queryable, id: string): Promise<DisputeRow | null> {
  const { rows } = await db.query<DisputeRow>(
    `SELECT ${DISPUTE_COLUMNS} FROM disputes d JOIN purchases p ON p.id = d.purchase_id WHERE d.id = $1::bigint`,
    [id],
  );
  return rows[0] ?? null;
}

/** A dispute's status, locked (take the purchase's lock first). */
export async function lockDispute(tx: Queryable, id: string): Promise<{ status: DisputeStatus } | null> {
  const { rows } = await tx.query<{ status: DisputeStatus }>(
    'SELECT status FROM disputes WHERE id = $1::bigint FOR UPDATE',
    [id],
  );
  return rows[0] ?? null;
}

/** The disputed lead as the rules see it: status, type, merge, contact phones, address, fraud reviews. */
export async function loadDisputedLead(db: Queryable, leadId: string): Promise<DisputedLead> {
  const { rows } = await db.query<DisputedLead>(
    `SELECT l.id, l.status, l.listing_type, l.merged_into, coalesce(c.phones, '{}') AS phones,
            l.address_canonical, l.unit,
            EXISTS (SELECT 1 FROM fraud_reviews r WHERE r.lead_id = l.id AND r.status = 'open') AS fraud_review_open,
            EXISTS (SELECT 1 FROM fraud_reviews r WHERE r.lead_id = l.id AND r.status = 'confirmed')
              AS fraud_confirmed
       FROM leads l LEFT JOIN contacts c ON c.lead_id = l.id
      WHERE l.id = $1`,
    [leadId],
  );
  return rows[0]!;
}

/** The leads the buyer holds through their other active purchases. */
export async function loadHeldLeads(
  db: Queryable,
  buyerId: string,
  exceptPurchaseId: string,
): Promise<HeldLead[]> {
  const { rows } = await db.query<HeldLead>(
    `SELECT p.id AS purchase_id, l.id AS lead_id, l.merged_into, coalesce(c.phones, '{}') AS phones,
            l.address_canonical, l.unit
       FROM purchases p JOIN leads l ON l.id = p.lead_id LEFT JOIN contacts c ON c.lead_id = l.id
      WHERE p.buyer_id = $1 AND p.status = 'active' AND p.id <> $2
      ORDER BY p.purchased_at, p.id`,
    [buyerId, exceptPurchaseId],
  );
  return rows;
}

/** Files a dispute; null when the purchase already has one. */
export async function insertDispute(
  tx: Queryable,
  row: {
    purchaseId: string;
    buyerId: string;
    leadId: string;
    reason: DisputeReason;
    evidence: string;
    machineCheck: MachineCheck;
    at: Date;
  },
): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO disputes (purchase_id, buyer_id, lead_id, reason, evidence, machine_check, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
     ON CONFLICT (purchase_id) DO NOTHING
     RETURNING id::text AS id`,
    [
      row.purchaseId,
      row.buyerId,
      row.leadId,
      row.reason,
      row.evidence,
      JSON.stringify(row.machineCheck),
      row.at,
    ],
  );
  return rows[0]?.id ?? null;
}

/** Closes the purchase's open dispute (if any) with a decision. */
export async function decideOpenDispute(
  tx: Queryable,
  purchaseId: string,
  decision: {
    status: 'refunded' | 'rejected';
    by: DecidedBy;
    userId: string | null;
    note: string | null;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    `UPDATE disputes SET status = $2, decided_by = $3, decided_by_user = $4, decision_note = $5, decided_at = $6
      WHERE purchase_id = $1 AND status = 'open'`,
    [purchaseId, decision.status, decision.by, decision.userId, decision.note, decision.at],
  );
}

/** Where the admin list's previous page ended: open ones (rank 0) come before decided ones (rank 1). */
export interface DisputeCursor {
  rank: 0 | 1;
  id: string;
}

/** One page of disputes: the open queue oldest first, then decided ones oldest first; or one status. */
export async function listDisputes(
  db: Queryable,
  options: { status: DisputeStatus | null; after: DisputeCursor | null; limit: number },
): Promise<DisputeRow[]> {
  const { rows } = await db.query<DisputeRow>(
    `SELECT ${DISPUTE_COLUMNS}
       FROM disputes d JOIN purchases p ON p.id = d.purchase_id
      WHERE ($1::text IS NULL OR d.status = $1)
        AND ($2::int IS NULL OR ((d.status <> 'open')::int, d.id) > ($2::int, $3::bigint))
      ORDER BY (d.status <> 'open')::int, d.id
      LIMIT $4`,
    [options.status, options.after?.rank ?? null, options.after?.id ?? null, options.limit],
  );
  return rows;
}
