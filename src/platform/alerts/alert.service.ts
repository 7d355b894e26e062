import type { Queryable } from '../db/index.js';
import type { Logger } from '../logger/index.js';
import { ALERT_SEVERITIES, type Alert, type AlertInput, type AlertNotifier } from './alert.types.js';
import { type AlertRow, closeAlert, listOpenAlerts, upsertRaise } from './alerts.repository.js';

/** What a raise did: opened (and notified), repeated an open alert quietly, or sent a reminder. */
export type RaiseOutcome = 'opened' | 'repeated' | 'reminded';

export interface AlertService {
  /** Reports a condition; only the raise that opens it (or is due a reminder) notifies. */
  raise(input: AlertInput): Promise<RaiseOutcome>;
  /** Closes an open alert and notifies once; returns false (and sends nothing) when it was not open. */
  resolve(key: string): Promise<boolean>;
  /** Alerts open now, oldest first (for operator views). */
  listOpen(): Promise<Alert[]>;
}

export interface AlertServiceOptions {
  db: Queryable;
  notifiers: AlertNotifier[];
  log: Logger;
  clock?: () => Date;
  /** Re-notify an alert still open after this long; null never reminds. Six hours by default. */
  reminderIntervalMs?: number | null;
}

export const DEFAULT_REMINDER_INTERVAL_MS = 6 * 60 * 60 * 1000;

const KEY_PATTERN = /^[a-z0-9_:.-]{1,255}$/;

/** A raise the alerts table would refuse; a programming error in the caller. */
export class InvalidAlertError extends Error {
  override name = 'InvalidAlertError';
}

function validated(input: AlertInput): Required<AlertInput> {
  if (!KEY_PATTERN.test(input.key)) {
    throw new InvalidAlertError(`alert key ${JSON.stringify(input.key)} must match ${KEY_PATTERN}`);
  }
  if (!ALERT_SEVERITIES.includes(input.severity)) {
    throw new InvalidAlertError(
      `alert severity ${JSON.stringify(input.severity)} is not one of ${ALERT_SEVERITIES}`,
    );
  }
  if (input.summary.trim() === '') throw new InvalidAlertError(`alert ${input.key} has an empty summary`);
  return { ...input, details: input.details ?? {} };
}

function toAlert(row: AlertRow, at: Date, reminder = false): Alert {
  return {
    key: row.key,
    severity: row.severity,
    summary: row.summary,
    details: row.details,
    status: row.status,
    occurrences: row.occurrences,
    openedAt: row.opened_at,
    resolvedAt: row.resolved_at,
    at,
    reminder,
  };
}

/**
 * Alerts de-duplicated through the database, so several processes seeing one outage send one
 * notification. Notifications go out after the state change commits; a channel that fails is retried
 * and logged by its notifier, never thrown to the caller.
 */
export function createAlertService(options: AlertServiceOptions): AlertService {
  const { db, notifiers, log } = options;
  const clock = options.clock ?? (() => new Date());
  const reminderMs =
    options.reminderIntervalMs === undefined ? DEFAULT_REMINDER_INTERVAL_MS : options.reminderIntervalMs;

  async function notify(alert: Alert): Promise<void> {
    const results = await Promise.allSettled(notifiers.map((notifier) => notifier.send(alert)));
    results.forEach((result, i) => {
      // Notifiers log their own delivery failures; this catches a notifier that broke its promise not to throw.
      if (result.status === 'rejected') {
        log.error(
          { err: result.reason, notifier: notifiers[i]?.name, alertKey: alert.key },
          'alert notifier threw',
        );
      }
    });
  }

  return {
    async raise(input) {
      const alert = validated(input);
      const now = clock();
      const remindBefore = reminderMs === null ? null : new Date(now.getTime() - reminderMs);
      const row = await upsertRaise(db, alert, now, remindBefore);
      if (row.notified_occurrence !== row.occurrences) return 'repeated';
      const reminder = row.occurrences > 1;
      await notify(toAlert(row, now, reminder));
      return reminder ? 'reminded' : 'opened';
    },

    async resolve(key) {
      const now = clock();
      const row = await closeAlert(db, key, now);
      if (!row) return false;
      await notify(toAlert(row, now));
      return true;
    },

    async listOpen() {
      const now = clock();
      return (await listOpenAlerts(db)).map((row) => toAlert(row, now));
    },
  };
}
