import type { Queryable } from '../db/index.js';
import type { DeliveryStatus } from './retry.js';

/**
 * One outbox: a deliveries table (id, status, attempts, next_attempt_at, last_status, last_error,
 * delivered_at) and its attempts log (delivery_id, attempt, attempted_at, ok, http_status, error,
 * duration_ms). The names and the claim's column list are spliced into SQL, so they come from code
 * constants only, never from input; `defineOutbox` refuses anything but plain identifiers for the tables.
 */
export interface Outbox {
  deliveries: string;
  attempts: string;
  /** The RETURNING list of a claim, on alias `d` (a constant SQL fragment); must yield `id` and `attempts`. */
  claimColumns: string;
  /** Cut a logged attempt's error at this many characters; unset keeps it whole. */
  attemptErrorChars?: number;
}

/** A delivery taken by one worker for one attempt. */
export interface ClaimedRow {
  id: string;
  /** This attempt's number (1 for the first). */
  attempts: number;
}

export interface AttemptOutcome {
  ok: boolean;
  httpStatus?: number;
  error?: string;
  durationMs: number;
  /** The delivery's state after this attempt; nextAttemptAt only for 'pending'. */
  status: DeliveryStatus;
  nextAttemptAt?: Date;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
// last_error is a summary for lists; the attempts log holds the detail.
const LAST_ERROR_CHARS = 1000;

/** Checks an outbox's table names once, where it is declared. */
export function defineOutbox(outbox: Outbox): Readonly<Outbox> {
  for (const table of [outbox.deliveries, outbox.attempts])
    if (!IDENTIFIER.test(table)) throw new Error(`outbox table name is not a plain identifier: ${table}`);
  return Object.freeze({ ...outbox });
}

/**
 * Claims due deliveries: counts the attempt and pushes next_attempt_at past a lease, so that a worker
 * that dies mid-send lets another retry later, and concurrent workers skip each other's rows. Rows come
 * back in id order (the order they were queued).
 */
export async function claimDue<T extends ClaimedRow>(
  db: Queryable,
  outbox: Outbox,
  now: Date,
  limit: number,
  leaseSeconds: number,
): Promise<T[]> {
  const { rows } = await db.query<T>(
    `UPDATE ${outbox.deliveries} d
        SET attempts = d.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $3)
      WHERE d.id IN (SELECT id FROM ${outbox.deliveries}
                      WHERE status = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING ${outbox.claimColumns}`,
    [now, limit, leaseSeconds],
  );
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Logs the attempt and moves the delivery on (sent, retried later, given up, or skipped), atomically. */
export async function recordAttempt(
  db: Queryable,
  outbox: Outbox,
  delivery: ClaimedRow,
  outcome: AttemptOutcome,
  now: Date,
): Promise<void> {
  const loggedError =
    outbox.attemptErrorChars === undefined
      ? outcome.error
      : outcome.error?.slice(0, outbox.attemptErrorChars);
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO ${outbox.attempts} (delivery_id, attempt, attempted_at, ok, http_status, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (delivery_id, attempt) DO NOTHING`,
      [
        delivery.id,
        delivery.attempts,
        now,
        outcome.ok,
        outcome.httpStatus ?? null,
        loggedError ?? null,
        outcome.durationMs,
      ],
    );
    await tx.query(
      `UPDATE ${outbox.deliveries}
          SET status = $2, last_status = $3, last_error = $4,
              next_attempt_at = coalesce($5, next_attempt_at),
              delivered_at = CASE WHEN $2 = 'sent' THEN $6::timestamptz ELSE delivered_at END
        WHERE id = $1`,
      [
        delivery.id,
        outcome.status,
        outcome.httpStatus ?? null,
        outcome.error?.slice(0, LAST_ERROR_CHARS) ?? null,
        outcome.nextAttemptAt ?? null,
        now,
      ],
    );
  });
}
