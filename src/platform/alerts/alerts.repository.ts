import type { Queryable } from '../db/index.js';
import type { AlertInput, AlertSeverity } from './alert.types.js';

/** One row of `alerts` as the service reads it. */
export interface AlertRow {
  key: string;
  severity: AlertSeverity;
  summary: string;
  details: Record<string, unknown>;
  status: 'open' | 'resolved';
  occurrences: number;
  notified_occurrence: number;
  opened_at: Date;
  last_raised_at: Date;
  last_notified_at: Date;
  resolved_at: Date | null;
}

const COLUMNS = `key, severity, summary, details, status, occurrences, notified_occurrence,
  opened_at, last_raised_at, last_notified_at, resolved_at`;

/*
 * One statement decides, under the row lock ON CONFLICT takes, whether this raise is the one that
 * notifies: a new or re-opened alert, or an open one whose last notification is older than the reminder
 * cut-off. That raise stamps its own occurrence number into notified_occurrence, so its RETURNING row
 * (and no other raise's) has notified_occurrence = occurrences. Concurrent raises queue on the lock and
 * each sees the previous one's result; this holds on every process sharing the database.
 */
const RAISE = `
INSERT INTO alerts AS a (key, severity, summary, details, status, occurrences, notified_occurrence,
                         opened_at, last_raised_at, last_notified_at)
VALUES ($1, $2, $3, $4::text::jsonb, 'open', 1, 1, $5, $5, $5)
ON CONFLICT (key) DO UPDATE SET
  severity = EXCLUDED.severity,
  summary = EXCLUDED.summary,
  details = EXCLUDED.details,
  status = 'open',
  resolved_at = NULL,
  last_raised_at = EXCLUDED.last_raised_at,
  opened_at = CASE WHEN a.status = 'open' THEN a.opened_at ELSE EXCLUDED.opened_at END,
  occurrences = CASE WHEN a.status = 'open' THEN a.occurrences + 1 ELSE 1 END,
  notified_occurrence = CASE
    WHEN a.status <> 'open' THEN 1
    WHEN a.last_notified_at <= $6 THEN a.occurrences + 1
    ELSE a.notified_occurrence END,
  last_notified_at = CASE
    WHEN a.status <> 'open' OR a.last_notified_at <= $6 THEN EXCLUDED.last_notified_at
    ELSE a.last_notified_at END
RETURNING ${COLUMNS}`;

/**
 * Opens the alert or counts one more occurrence of the open one. `remindBefore` is the cut-off for a
 * reminder (null: never remind). Returns the row as this raise left it.
 */
export async function upsertRaise(
  db: Queryable,
  input: Required<AlertInput>,
  now: Date,
  remindBefore: Date | null,
): Promise<AlertRow> {
  const { rows } = await db.query<AlertRow>(RAISE, [
    input.key,
    input.severity,
    input.summary,
    JSON.stringify(input.details),
    now,
    remindBefore,
  ]);
  return rows[0]!;
}

/** Closes the alert if it is open; returns the closed row, or undefined when it was not open. */
export async function closeAlert(db: Queryable, key: string, now: Date): Promise<AlertRow | undefined> {
  const { rows } = await db.query<AlertRow>(
    `UPDATE alerts SET status = 'resolved', resolved_at = $2
     WHERE key = $1 AND status = 'open'
     RETURNING ${COLUMNS}`,
    [key, now],
  );
  return rows[0];
}

/** Open alerts, oldest first. */
export async function listOpenAlerts(db: Queryable): Promise<AlertRow[]> {
  const { rows } = await db.query<AlertRow>(
    `SELECT ${COLUMNS} FROM alerts WHERE status = 'open' ORDER BY opened_at, key`,
  );
  return rows;
}

/** One alert by key, whatever its status. */
export async function findAlert(db: Queryable, key: string): Promise<AlertRow | undefined> {
  const { rows } = await db.query<AlertRow>(`SELECT ${COLUMNS} FROM alerts WHERE key = $1`, [key]);
  return rows[0];
}
