import type { Queryable } from '../db/index.js';
import type { Logger } from '../logger/index.js';
import type { AlertService } from './alert.service.js';
import { readSourceHealth } from './source-health.repository.js';
import {
  type BreakerState,
  breakerRule,
  DEFAULT_SOURCE_THRESHOLDS,
  parseFailureRule,
  type RuleDecision,
  type SourceHealthThresholds,
  silenceHoursFor,
  silenceRule,
  sourceAlertKeys,
} from './source-rules.js';

/** Carries a rule's decision out on the alert service. */
export async function applyDecision(alerts: AlertService, decision: RuleDecision): Promise<void> {
  switch (decision.action) {
    case 'raise':
      await alerts.raise(decision.alert);
      return;
    case 'resolve':
      await alerts.resolve(decision.key);
      return;
    case 'keep':
      return;
  }
}

export interface EvaluateSourceHealthOptions {
  db: Queryable;
  alerts: AlertService;
  now: Date;
  thresholds?: Partial<SourceHealthThresholds>;
  log?: Logger;
}

/** Runs the parse-failure and silence rules for every source; returns the keys of the alerts firing now. */
export async function evaluateSourceHealth(
  options: EvaluateSourceHealthOptions,
): Promise<{ firing: string[] }> {
  const { db, alerts, now, log } = options;
  const t = { ...DEFAULT_SOURCE_THRESHOLDS, ...options.thresholds };
  const windowStart = new Date(now.getTime() - t.parseWindowMinutes * 60_000);
  const rows = await readSourceHealth(db, windowStart, now, t.parseSampleSize);
  const firing: string[] = [];
  for (const row of rows) {
    const silence = silenceHoursFor(row.silence_hours, t.silenceHours);
    if (silence.invalid) {
      log?.warn(
        { source: row.id, setting: row.silence_hours },
        'sources.settings.silence_alert_hours is not a non-negative number; using the default',
      );
    }
    const decisions = [
      // A disabled source's failures are no longer news; left open, its alert would never resolve.
      row.enabled
        ? parseFailureRule(row.id, { total: row.total, failed: row.failed }, t)
        : ({ action: 'resolve', key: sourceAlertKeys.parseFailures(row.id) } as const),
      silenceRule(
        {
          id: row.id,
          enabled: row.enabled,
          createdAt: row.created_at,
          silenceHours: silence.hours,
          lastFetchedAt: row.last_fetched_at,
        },
        now,
      ),
    ];
    for (const decision of decisions) {
      await applyDecision(alerts, decision);
      if (decision.action === 'raise') firing.push(decision.alert.key);
    }
  }
  return { firing };
}

/** What the fetch client's breaker-change callback calls; resolves even when alerting fails. */
export type BreakerChangeHandler = (source: string, state: BreakerState) => Promise<void>;

/**
 * Turns breaker changes into alerts. Each process has its own breakers, so the first process whose
 * breaker opens raises (others only add occurrences) and the first whose breaker closes again resolves:
 * a closed breaker is proof the source answers again.
 */
export function createBreakerAlertHandler(options: {
  alerts: AlertService;
  log: Logger;
}): BreakerChangeHandler {
  return async (source, state) => {
    try {
      await applyDecision(options.alerts, breakerRule(source, state));
    } catch (error) {
      // The caller is a fire-and-forget callback inside the fetch client: a failure must end here.
      options.log.error({ err: error, source, state }, 'could not record breaker alert');
    }
  };
}
