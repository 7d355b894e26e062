import type { Queryable } from '../../../platform/db/index.js';
import type { ScoreReason } from './scoring.types.js';

// Every SQL statement of the fraud review queue.

export interface ReviewState {
  openReviewId: number | null;
  /** The highest score an admin has cleared this lead at; null when never cleared. */
  clearedScore: number | null;
  confirmed: boolean;
}

/** The review history that decides whether a lead goes (back) to the queue, for a batch of leads. */
export async function findReviewStates(db: Queryable, leadIds: string[]): Promise<Map<string, ReviewState>> {
  const { rows } = await db.query<{
    lead_id: string;
    open_id: number | null;
    cleared_score: number | null;
    confirmed: boolean;
  }>(
    `SELECT lead_id,
            max(id) FILTER (WHERE status = 'open') AS open_id,
            max(score) FILTER (WHERE status = 'cleared') AS cleared_score,
            bool_or(status = 'confirmed') AS confirmed
     FROM fraud_reviews WHERE lead_id = ANY($1::uuid[]) GROUP BY lead_id`,
    [leadIds],
  );
  return new Map(
    rows.map((row) => [
      row.lead_id,
      { openReviewId: row.open_id, clearedScore: row.cleared_score, confirmed: row.confirmed },
    ]),
  );
}

/** Opens a review; returns its id. */
export async function insertReview(
  db: Queryable,
  row: { leadId: string; score: number; reasons: ScoreReason[]; version: number; at: Date },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO fraud_reviews (lead_id, score, reasons, score_version, opened_at)
     VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING id`,
    [row.leadId, row.score, JSON.stringify(row.reasons), row.version, row.at.toISOString()],
  );
  return rows[0]!.id;
}

/** Keeps an open review's score and reasons current when the lead is rescored while it waits. */
export async function updateOpenReview(
  db: Queryable,
  id: number,
  row: { score: number; reasons: ScoreReason[]; version: number },
): Promise<void> {
  await db.query(
    `UPDATE fraud_reviews SET score = $2, reasons = $3::jsonb, score_version = $4 WHERE id = $1 AND status = 'open'`,
    [id, row.score, JSON.stringify(row.reasons), row.version],
  );
}

/** Moves a lead to `status` if it is in one of `from` (merged and withdrawn leads are left alone). */
export async function setLeadStatus(
  db: Queryable,
  leadId: string,
  status: string,
  from: string[],
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE leads SET status = $2, updated_at = now() WHERE id = $1 AND status = ANY($3::text[])`,
    [leadId, status, from],
  );
  return rowCount > 0;
}

export interface OpenReviewRow {
  review_id: number;
  lead_id: string;
  score: number;
  reasons: ScoreReason[];
  score_version: number;
  opened_at: Date;
  status: string;
  listing_type: string;
  property_type: string | null;
  title: string | null;
  price: number | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  posted_at: Date | null;
  quality_score: number | null;
}

export type ReviewOrder = 'score' | 'newest';
/** Where the previous page ended: the last row's score and id (id alone for `newest`). */
export interface ReviewCursor {
  score: number;
  id: number;
}

/** One page of open reviews with a summary of each lead (no contact data), keyset-paged. */
export async function listOpenReviews(
  db: Queryable,
  options: { order: ReviewOrder; after: ReviewCursor | null; limit: number },
): Promise<OpenReviewRow[]> {
  const byScore = options.order === 'score';
  const params: unknown[] = [options.limit];
  let keyset = '';
  if (options.after && byScore) {
    params.push(options.after.score, options.after.id);
    keyset = 'AND (r.score, r.id) < ($2::int, $3::bigint)';
  } else if (options.after) {
    params.push(options.after.id);
    keyset = 'AND r.id < $2::bigint';
  }
  const { rows } = await db.query<OpenReviewRow>(
    `SELECT r.id AS review_id, r.lead_id, r.score, r.reasons, r.score_version, r.opened_at,
            l.status, l.listing_type, l.property_type, l.title, l.price, l.city, l.state, l.zip, l.posted_at,
            l.quality_score
     FROM fraud_reviews r JOIN leads l ON l.id = r.lead_id
     WHERE r.status = 'open' ${keyset}
     ORDER BY ${byScore ? 'r.score DESC, r.id DESC' : 'r.id DESC'}
     LIMIT $1`,
    params,
  );
  return rows;
}

/** The lead's status and open review, locked for a decision; null when the lead does not exist. */
export async function lockLeadForDecision(
  db: Queryable,
  leadId: string,
): Promise<{ status: string; reviewId: number | null; score: number | null } | null> {
  const { rows } = await db.query<{ status: string; review_id: number | null; score: number | null }>(
    `SELECT l.status, r.id AS review_id, r.score
     FROM leads l LEFT JOIN fraud_reviews r ON r.lead_id = l.id AND r.status = 'open'
     WHERE l.id = $1
     FOR UPDATE OF l`,
    [leadId],
  );
  const row = rows[0];
  return row ? { status: row.status, reviewId: row.review_id, score: row.score } : null;
}

/** Closes a review with the admin's decision. */
export async function closeReview(
  db: Queryable,
  id: number,
  row: { status: 'cleared' | 'confirmed'; decidedBy: string; note: string | null; at: Date },
): Promise<void> {
  await db.query(
    `UPDATE fraud_reviews SET status = $2, decided_by = $3, note = $4, decided_at = $5 WHERE id = $1`,
    [id, row.status, row.decidedBy, row.note, row.at.toISOString()],
  );
}
