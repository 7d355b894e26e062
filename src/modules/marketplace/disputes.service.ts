import type { Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/errors.js';
import type { Logger } from '../../platform/logger/index.js';
import type { ContactValidator } from '../quality/index.js';
import { type DisputeFacts, judgeDispute } from './dispute-rules.js';
import {
  DisputeDecidedError,
  DisputedPurchaseNotFoundError,
  DisputeExistsError,
  DisputeNotFoundError,
  DisputeWindowClosedError,
  PurchaseRefundedError,
} from './disputes.errors.js';
import {
  type DisputeCursor,
  type DisputeRow,
  type DisputeStatus,
  decideOpenDispute,
  findDispute,
  findDisputeOfPurchase,
  findPurchaseOfBuyer,
  insertDispute,
  listDisputes,
  loadDisputedLead,
  loadHeldLeads,
  lockDispute,
} from './disputes.repository.js';
import type { AdminDisputeView, DecisionBody, DisputeView, FileDisputeBody } from './disputes.schemas.js';
import { lockPurchase } from './refunds.repository.js';
import { notifyRefunded, refundPurchase } from './refunds.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DisputesDeps {
  db: Queryable;
  /** Re-validates phones for `invalid_phone` (the quality module's cached validator). */
  validator: Pick<ContactValidator, 'validateContact'>;
  windowDays: number;
  clock?: () => Date;
  log?: Logger;
  /** Called after a refund committed (wired by the composition root, e.g. to the CRM webhook). */
  onRefunded?: (purchaseIds: string[]) => Promise<void> | void;
}

/** The buyer's view of a dispute. */
export function disputeView(row: DisputeRow): DisputeView {
  const decided = row.status !== 'open' && row.decided_by !== null && row.decided_at !== null;
  return {
    id: row.id,
    purchase_id: row.purchase_id,
    lead_id: row.lead_id,
    reason: row.reason,
    evidence: row.evidence,
    status: row.status,
    machine_check: row.machine_check,
    decision: decided
      ? {
          outcome: row.status === 'refunded' ? 'refund' : 'reject',
          decided_by: row.decided_by!,
          note: row.decision_note,
          decided_at: row.decided_at!.toISOString(),
        }
      : null,
    refund:
      row.purchase_status === 'refunded' && row.refunded_at
        ? { credits: row.credits, refunded_at: row.refunded_at.toISOString() }
        : null,
    created_at: row.created_at.toISOString(),
  };
}

function adminView(row: DisputeRow): AdminDisputeView {
  return {
    ...disputeView(row),
    buyer_id: row.buyer_id,
    credits: row.credits,
    purchase_status: row.purchase_status,
    purchased_at: row.purchased_at.toISOString(),
    decided_by_user: row.decided_by_user,
  };
}

function encodeCursor(cursor: DisputeCursor): string {
  return Buffer.from(`${cursor.rank}:${cursor.id}`).toString('base64url');
}

function decodeCursor(text: string): DisputeCursor {
  const match = /^([01]):(\d{1,18})$/.exec(Buffer.from(text, 'base64url').toString());
  if (!match) throw new AppError('INVALID_CURSOR', 'The cursor is not one this list returned', 400);
  return { rank: match[1] === '0' ? 0 : 1, id: match[2]! };
}

/** Disputes: buyers file them, machine rules refund what they can prove, admins decide the rest. */
export function createDisputesService(deps: DisputesDeps) {
  const { db } = deps;
  const now = deps.clock ?? (() => new Date());

  async function loadFacts(buyerId: string, purchaseId: string, leadId: string, reason: string) {
    const lead = await loadDisputedLead(db, leadId);
    const facts: DisputeFacts = { lead, phoneChecks: [], held: [] };
    if (reason === 'invalid_phone') {
      facts.phoneChecks = (await deps.validator.validateContact({ phones: lead.phones, emails: [] })).phones;
    }
    if (reason === 'duplicate') facts.held = await loadHeldLeads(db, buyerId, purchaseId);
    return facts;
  }

  async function mustFind(id: string): Promise<DisputeRow> {
    const row = await findDispute(db, id);
    if (!row) throw new DisputeNotFoundError(id);
    return row;
  }

  return {
    /**
     * Files the buyer's dispute and runs its machine rule; a rule that proves the buyer right refunds in
     * the same transaction, so the answer is already decided. 404 for someone else's purchase; 409 when the
     * window closed, a dispute exists, or the purchase is refunded.
     */
    async file(buyerId: string, purchaseId: string, body: FileDisputeBody): Promise<DisputeView> {
      const at = now();
      const purchase = await findPurchaseOfBuyer(db, purchaseId, buyerId);
      if (!purchase) throw new DisputedPurchaseNotFoundError(purchaseId);
      const existing = await findDisputeOfPurchase(db, purchaseId);
      if (existing) throw new DisputeExistsError(existing.id);
      if (purchase.status === 'refunded') throw new PurchaseRefundedError(purchaseId);
      const closesAt = new Date(purchase.purchased_at.getTime() + deps.windowDays * DAY_MS);
      if (at > closesAt) throw new DisputeWindowClosedError(closesAt);

      // The facts (and the validator, which may be slow) are read before the transaction: rules judge the
      // lead as it is now; a refund decided on them is still right if the lead changes a moment later.
      const check = judgeDispute(
        body.reason,
        await loadFacts(buyerId, purchaseId, purchase.lead_id, body.reason),
      );
      const refund = check.outcome === 'refund';
      const disputeId = await db.transaction(async (tx) => {
        // The purchase lock serialises this with concurrent filings and refunds of the same purchase.
        const locked = await lockPurchase(tx, purchaseId);
        if (locked?.status === 'refunded') throw new PurchaseRefundedError(purchaseId);
        const id = await insertDispute(tx, {
          purchaseId,
          buyerId,
          leadId: purchase.lead_id,
          reason: body.reason,
          evidence: body.evidence,
          machineCheck: check,
          at,
        });
        if (id === null) {
          const other = await findDisputeOfPurchase(tx, purchaseId);
          throw new DisputeExistsError(other?.id ?? '');
        }
        if (refund) {
          await refundPurchase(tx, purchaseId, {
            reason: `dispute:${body.reason}`,
            actor: { kind: 'machine', note: check.summary },
            at,
          });
        }
        return id;
      });
      if (refund) await notifyRefunded(deps, [purchaseId]);
      return disputeView(await mustFind(disputeId));
    },

    /** The dispute of the buyer's purchase (none or one); 404 for someone else's purchase. */
    async ofPurchase(buyerId: string, purchaseId: string): Promise<{ items: DisputeView[] }> {
      if (!(await findPurchaseOfBuyer(db, purchaseId, buyerId)))
        throw new DisputedPurchaseNotFoundError(purchaseId);
      const row = await findDisputeOfPurchase(db, purchaseId);
      return { items: row ? [disputeView(row)] : [] };
    },

    /** The admin list: open disputes first (oldest first), then decided ones; or one status. */
    async list(options: { status?: DisputeStatus; cursor?: string; limit: number }) {
      const rows = await listDisputes(db, {
        status: options.status ?? null,
        after: options.cursor ? decodeCursor(options.cursor) : null,
        limit: options.limit,
      });
      const last = rows.at(-1);
      return {
        items: rows.map(adminView),
        next_cursor:
          rows.length === options.limit && last
            ? encodeCursor({ rank: last.status === 'open' ? 0 : 1, id: last.id })
            : null,
      };
    },

    async get(id: string): Promise<AdminDisputeView> {
      return adminView(await mustFind(id));
    },

    /**
     * An admin's decision on an open dispute: `refund` reverses the purchase's spend, `reject` closes it.
     * 409 DISPUTE_DECIDED when it is no longer open (decided, or refunded another way meanwhile).
     */
    async decide(id: string, body: DecisionBody, adminUserId: string | null): Promise<AdminDisputeView> {
      const at = now();
      // Purchase and reason never change once filed; read them first so the locks go purchase → dispute.
      const { purchase_id: purchaseId, reason } = await mustFind(id);
      const note = body.note ?? null;
      const decision = { by: 'admin' as const, userId: adminUserId, note, at };
      const refunded = await db.transaction(async (tx) => {
        await lockPurchase(tx, purchaseId);
        const dispute = await lockDispute(tx, id);
        if (!dispute) throw new DisputeNotFoundError(id);
        if (dispute.status !== 'open') throw new DisputeDecidedError(id, dispute.status);
        if (body.decision === 'reject') {
          await decideOpenDispute(tx, purchaseId, { status: 'rejected', ...decision });
          return false;
        }
        const result = await refundPurchase(tx, purchaseId, {
          reason: `dispute:${reason}`,
          actor: { kind: 'admin', userId: adminUserId, note },
          at,
        });
        // A refund closes the open dispute; should the purchase somehow be refunded already, close it here.
        if (!result.refunded) await decideOpenDispute(tx, purchaseId, { status: 'refunded', ...decision });
        return result.refunded;
      });
      if (refunded) await notifyRefunded(deps, [purchaseId]);
      return adminView(await mustFind(id));
    },
  };
}

export type DisputesService = ReturnType<typeof createDisputesService>;
