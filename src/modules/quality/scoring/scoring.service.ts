import type { Queryable } from '../../../platform/db/index.js';
import { appendEvent } from '../../../platform/events.js';
import {
  findReviewStates,
  insertReview,
  type ReviewState,
  setLeadStatus,
  updateOpenReview,
} from './fraud-review.repository.js';
import { fraudScore } from './fraud-score.js';
import { findMarketStats } from './market-stats.repository.js';
import { qualityScore } from './quality-score.js';
import {
  appendScoreChangeEvents,
  findContactReuse,
  loadScoringRows,
  type ScoreChange,
  type ScoringRow,
  saveScores,
} from './scoring.repository.js';
import type { ScoreResult } from './scoring.types.js';

/** Bumped whenever a rule or weight changes, so leads scored by older rules can be found and rescored. */
export const SCORE_VERSION = 1;

export interface ScoreOptions {
  now: Date;
  /** FRAUD_REVIEW_THRESHOLD: a fraud score at or above it sends the lead to the review queue. */
  fraudReviewThreshold: number;
}

export interface LeadScoring {
  leadId: string;
  quality: ScoreResult;
  fraud: ScoreResult;
  /** True when this scoring opened a review (the lead is now `fraud_review`). */
  reviewOpened: boolean;
}

const NO_REUSE = { phoneLeads: 0, emailLeads: 0, copiedDescriptionLeads: 0 };
const NO_REVIEWS: ReviewState = { openReviewId: null, clearedScore: null, confirmed: false };

/**
 * Puts a lead at/over the threshold in the queue, unless an admin already cleared it at this score or
 * higher, or confirmed it. A review still open gets the new score and reasons. Returns true when opened.
 */
async function queueIfSuspect(
  tx: Queryable,
  row: ScoringRow,
  fraud: ScoreResult,
  state: ReviewState,
  options: ScoreOptions,
): Promise<boolean> {
  if (fraud.score < options.fraudReviewThreshold) return false;
  const review = { score: fraud.score, reasons: fraud.reasons, version: SCORE_VERSION };
  if (state.openReviewId !== null) {
    await updateOpenReview(tx, state.openReviewId, review);
    return false;
  }
  if (state.confirmed || row.status === 'withdrawn') return false;
  if (state.clearedScore !== null && fraud.score <= state.clearedScore) return false;
  const reviewId = await insertReview(tx, { leadId: row.id, ...review, at: options.now });
  await setLeadStatus(tx, row.id, 'fraud_review', ['draft', 'published', 'fraud_review']);
  await appendEvent(tx, {
    type: 'lead.fraud_review_opened',
    aggregateType: 'lead',
    aggregateId: row.id,
    payload: { review_id: reviewId, score: fraud.score, codes: fraud.reasons.map((reason) => reason.code) },
  });
  return true;
}

/**
 * Scores a batch of leads in one transaction: reads leads, contacts, market stats and reuse counts with
 * a few set-based queries, writes both scores with their reasons, and queues suspect leads for review.
 * Unknown and merged leads are skipped (absent from the result).
 */
export async function scoreLeads(
  db: Queryable,
  leadIds: string[],
  options: ScoreOptions,
): Promise<LeadScoring[]> {
  const ids = [...new Set(leadIds)];
  if (ids.length === 0) return [];
  return db.transaction(async (tx) => {
    const rows = await loadScoringRows(tx, ids);
    if (rows.length === 0) return [];
    const liveIds = rows.map((row) => row.id);
    // One after another: a transaction is one session (and PGlite serves one query at a time anyway).
    const markets = await findMarketStats(tx, liveIds);
    const reuse = await findContactReuse(tx, liveIds);
    const reviews = await findReviewStates(tx, liveIds);
    const results: LeadScoring[] = [];
    const changes: ScoreChange[] = [];
    for (const row of rows) {
      const quality = qualityScore({
        lead: row.lead,
        contact: row.contact,
        sourceIds: row.sourceIds,
        now: options.now,
      });
      const fraud = fraudScore({
        lead: row.lead,
        contact: row.contact,
        market: markets.get(row.id) ?? null,
        reuse: reuse.get(row.id) ?? NO_REUSE,
      });
      results.push({ leadId: row.id, quality, fraud, reviewOpened: false });
      if (row.previous.quality !== quality.score || row.previous.fraud !== fraud.score) {
        changes.push({
          id: row.id,
          quality: { from: row.previous.quality, to: quality.score },
          fraud: { from: row.previous.fraud, to: fraud.score },
        });
      }
    }
    await saveScores(
      tx,
      results.map((r) => ({ id: r.leadId, quality: r.quality, fraud: r.fraud })),
      SCORE_VERSION,
      options.now,
    );
    await appendScoreChangeEvents(tx, changes, SCORE_VERSION);
    for (const [index, row] of rows.entries()) {
      const result = results[index]!;
      result.reviewOpened = await queueIfSuspect(
        tx,
        row,
        result.fraud,
        reviews.get(row.id) ?? NO_REVIEWS,
        options,
      );
    }
    return results;
  });
}

/** Scores one lead (see scoreLeads); null when the lead does not exist or was merged into another. */
export async function scoreLead(
  db: Queryable,
  leadId: string,
  options: ScoreOptions,
): Promise<Omit<LeadScoring, 'leadId'> | null> {
  const [result] = await scoreLeads(db, [leadId], options);
  if (!result) return null;
  return { quality: result.quality, fraud: result.fraud, reviewOpened: result.reviewOpened };
}
