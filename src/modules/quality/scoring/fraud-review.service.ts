import type { Queryable } from '../../../platform/db/index.js';
import { appendEvent } from '../../../platform/events.js';
import {
  closeReview,
  listOpenReviews,
  lockLeadForDecision,
  type OpenReviewRow,
  type ReviewCursor,
  type ReviewOrder,
  setLeadStatus,
} from './fraud-review.repository.js';
import { InvalidCursorError, LeadNotFoundError, NoOpenFraudReviewError } from './scoring.errors.js';

export type FraudDecision = 'clear' | 'confirm';

export interface FraudReviewPage {
  items: OpenReviewRow[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

function encodeCursor(cursor: ReviewCursor): string {
  return Buffer.from(`${cursor.score}:${cursor.id}`).toString('base64url');
}

function decodeCursor(text: string): ReviewCursor {
  const match = /^(\d{1,3}):(\d{1,18})$/.exec(Buffer.from(text, 'base64url').toString());
  if (!match) throw new InvalidCursorError();
  return { score: Number(match[1]), id: Number(match[2]) };
}

/** Open fraud reviews, highest score first (or newest first), one keyset page at a time. */
export async function listFraudReviews(
  db: Queryable,
  options: { order?: ReviewOrder; cursor?: string; limit?: number } = {},
): Promise<FraudReviewPage> {
  const limit = options.limit ?? 50;
  const items = await listOpenReviews(db, {
    order: options.order ?? 'score',
    after: options.cursor ? decodeCursor(options.cursor) : null,
    limit,
  });
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      items.length === limit && last ? encodeCursor({ score: last.score, id: last.review_id }) : null,
  };
}

export interface DecisionInput {
  decision: FraudDecision;
  note: string | null;
  /** Who decided: a user id, or 'admin-token' while the operator API uses a shared token. */
  decidedBy: string;
  /** Set when the decider is a user (events carry it as actor_id). */
  actorId?: string | null;
  at?: Date;
  /**
   * Runs in the decision's transaction when a cleared lead becomes published (e.g. alerting the saved
   * searches it matches, which a lead held for review never did); injected so quality stays below search.
   */
  onPublished?: (tx: Queryable, leadId: string, at: Date) => Promise<void>;
}

export interface DecisionResult {
  leadId: string;
  reviewId: number;
  decision: FraudDecision;
  status: string;
  decidedAt: Date;
}

/**
 * An admin's decision on a lead's open review: `clear` publishes the lead (and keeps it out of the queue
 * for this score or a lower one), `confirm` withdraws it. A lead merged meanwhile keeps its status.
 * Throws LeadNotFoundError (404) or NoOpenFraudReviewError (409).
 */
export async function decideFraudReview(
  db: Queryable,
  leadId: string,
  input: DecisionInput,
): Promise<DecisionResult> {
  const at = input.at ?? new Date();
  return db.transaction(async (tx) => {
    const lead = await lockLeadForDecision(tx, leadId);
    if (!lead) throw new LeadNotFoundError(leadId);
    if (lead.reviewId === null) throw new NoOpenFraudReviewError(leadId);
    const cleared = input.decision === 'clear';
    await closeReview(tx, lead.reviewId, {
      status: cleared ? 'cleared' : 'confirmed',
      decidedBy: input.decidedBy,
      note: input.note,
      at,
    });
    const status = cleared ? 'published' : 'withdrawn';
    const moved = await setLeadStatus(tx, leadId, status, ['draft', 'published', 'fraud_review']);
    await appendEvent(tx, {
      type: cleared ? 'lead.fraud_cleared' : 'lead.fraud_confirmed',
      aggregateType: 'lead',
      aggregateId: leadId,
      actorId: input.actorId ?? null,
      payload: { review_id: lead.reviewId, score: lead.score, decided_by: input.decidedBy, note: input.note },
    });
    if (cleared && moved) await input.onPublished?.(tx, leadId, at);
    return {
      leadId,
      reviewId: lead.reviewId,
      decision: input.decision,
      status: moved ? status : lead.status,
      decidedAt: at,
    };
  });
}
