/** PagerDuty's four severities; Slack and the log use the same words. */
export const ALERT_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** What a caller reports: the key names the condition, so one outage is one alert however often it is seen. */
export interface AlertInput {
  /** Stable name of the condition, e.g. `source:craigslist:breaker`; also PagerDuty's dedup_key. */
  key: string;
  severity: AlertSeverity;
  summary: string;
  /** Operator-facing facts (counts, ratios, thresholds); never contact data. */
  details?: Record<string, unknown>;
}

/** One notification: an alert that opened, is still open (reminder) or was resolved. */
export interface Alert {
  key: string;
  severity: AlertSeverity;
  summary: string;
  details: Record<string, unknown>;
  status: 'open' | 'resolved';
  /** How many times the condition has been raised since it opened. */
  occurrences: number;
  openedAt: Date;
  resolvedAt: Date | null;
  /** When the event this notification reports happened. */
  at: Date;
  /** True for a periodic "still open" notification of an alert already announced. */
  reminder: boolean;
}

/** A channel alerts go to. `send` never throws: failures are retried, then logged. */
export interface AlertNotifier {
  readonly name: string;
  send(alert: Alert): Promise<void>;
}

/** The part of the component an alert is about, for PagerDuty's `component`: the key minus its last segment. */
export function componentOf(key: string): string {
  const cut = key.lastIndexOf(':');
  return cut > 0 ? key.slice(0, cut) : key;
}
