import type { AlertInput } from './alert.types.js';

/** The states of the fetch client's per-source circuit breaker. */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface SourceHealthThresholds {
  /** Share of failed parses (of parsed + skipped + failed) above which a source alerts. */
  parseFailureRatio: number;
  /** Fewer parse outcomes than this in the window decide nothing either way. */
  parseMinSample: number;
  /** Judge at most this many of a source's latest parse outcomes… */
  parseSampleSize: number;
  /** …and only those parsed within this many minutes, so failures fixed by a replay age out. */
  parseWindowMinutes: number;
  /** Hours without a fetched record before an enabled source counts as silent, unless its settings say. */
  silenceHours: number;
}

export const DEFAULT_SOURCE_THRESHOLDS: SourceHealthThresholds = {
  parseFailureRatio: 0.2,
  parseMinSample: 20,
  parseSampleSize: 200,
  parseWindowMinutes: 60,
  silenceHours: 24,
};

/** What a rule concluded: open the alert, close it, or leave it as it is (not enough evidence). */
export type RuleDecision =
  | { action: 'raise'; alert: Required<AlertInput> }
  | { action: 'resolve'; key: string }
  | { action: 'keep'; key: string };

/** Alert keys must be lowercase words; fetch-client source names are not promised to be. */
function keyPart(source: string): string {
  return source.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_') || 'unknown';
}

/** The alert keys the source rules use. */
export const sourceAlertKeys = {
  breaker: (source: string) => `source:${keyPart(source)}:breaker`,
  parseFailures: (source: string) => `source:${keyPart(source)}:parse_failures`,
  silent: (source: string) => `source:${keyPart(source)}:silent`,
};

/**
 * Breaker open raises, closed resolves. Half-open keeps the alert: one trial request is let through and
 * only its success (closing the breaker) means the source is back.
 */
export function breakerRule(source: string, state: BreakerState): RuleDecision {
  const key = sourceAlertKeys.breaker(source);
  switch (state) {
    case 'open':
      return {
        action: 'raise',
        alert: {
          key,
          severity: 'error',
          summary: `Source ${source}: circuit breaker open, fetching is paused`,
          details: { source, breaker: state },
        },
      };
    case 'closed':
      return { action: 'resolve', key };
    case 'half_open':
      return { action: 'keep', key };
  }
}

export interface ParseSample {
  /** Parse outcomes in the window (parsed, skipped or failed). */
  total: number;
  failed: number;
}

/** Raises when the failed share of recent parses is above the threshold; needs a minimum sample to decide. */
export function parseFailureRule(
  source: string,
  sample: ParseSample,
  t: SourceHealthThresholds,
): RuleDecision {
  const key = sourceAlertKeys.parseFailures(source);
  if (sample.total < t.parseMinSample) return { action: 'keep', key };
  const ratio = sample.failed / sample.total;
  if (ratio <= t.parseFailureRatio) return { action: 'resolve', key };
  return {
    action: 'raise',
    alert: {
      key,
      severity: 'warning',
      summary: `Source ${source}: ${Math.round(ratio * 100)}% of the last ${sample.total} records failed to parse`,
      details: {
        source,
        failed: sample.failed,
        total: sample.total,
        ratio: Number(ratio.toFixed(4)),
        threshold: t.parseFailureRatio,
        window_minutes: t.parseWindowMinutes,
      },
    },
  };
}

/**
 * Reads `sources.settings->>'silence_alert_hours'`: a non-negative number of hours (0 turns the rule off
 * for that source, e.g. uploads that come when they come). Anything else falls back to the default.
 */
export function silenceHoursFor(
  setting: string | null,
  fallback: number,
): { hours: number; invalid: boolean } {
  if (setting === null || setting.trim() === '') return { hours: fallback, invalid: false };
  const hours = Number(setting);
  if (!Number.isFinite(hours) || hours < 0) return { hours: fallback, invalid: true };
  return { hours, invalid: false };
}

export interface SourceActivity {
  id: string;
  enabled: boolean;
  createdAt: Date;
  silenceHours: number;
  /** Newest raw record's fetched_at; null when the source never delivered one. */
  lastFetchedAt: Date | null;
}

/**
 * Raises when an enabled source delivered nothing for longer than its threshold. A source that never
 * delivered is timed from its creation, so a new source gets the same grace as a quiet one.
 */
export function silenceRule(source: SourceActivity, now: Date): RuleDecision {
  const key = sourceAlertKeys.silent(source.id);
  if (!source.enabled || source.silenceHours === 0) return { action: 'resolve', key };
  const since = source.lastFetchedAt ?? source.createdAt;
  const silentHours = (now.getTime() - since.getTime()) / 3_600_000;
  if (silentHours <= source.silenceHours) return { action: 'resolve', key };
  return {
    action: 'raise',
    alert: {
      key,
      severity: 'error',
      summary: `Source ${source.id}: no new records for ${Math.floor(silentHours)} h (threshold ${source.silenceHours} h)`,
      details: {
        source: source.id,
        last_fetched_at: source.lastFetchedAt?.toISOString() ?? null,
        threshold_hours: source.silenceHours,
      },
    },
  };
}
