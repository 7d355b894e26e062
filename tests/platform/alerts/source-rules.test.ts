import { describe, expect, it } from 'vitest';
import {
  breakerRule,
  parseFailureRule,
  silenceHoursFor,
  silenceRule,
  DEFAULT_SOURCE_THRESHOLDS as T,
} from '../../../src/platform/alerts/index.js';

const NOW = new Date('2025-03-02T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

describe('breaker rule', () => {
  it.each([
    ['open', 'raise'],
    ['half_open', 'keep'],
    ['closed', 'resolve'],
  ] as const)('breaker %s → %s', (state, action) => {
    const decision = breakerRule('craigslist', state);
    expect(decision.action).toBe(action);
    if (decision.action === 'raise') {
      expect(decision.alert).toMatchObject({ key: 'source:craigslist:breaker', severity: 'error' });
    } else {
      expect(decision.key).toBe('source:craigslist:breaker');
    }
  });

  it('turns a fetch-client source name into a valid key', () => {
    expect(breakerRule('Facebook Graph', 'closed')).toEqual({
      action: 'resolve',
      key: 'source:facebook_graph:breaker',
    });
  });
});

describe('parse-failure rule (threshold 20%, minimum sample 20)', () => {
  it.each([
    { total: 19, failed: 19, action: 'keep' },
    { total: 20, failed: 4, action: 'resolve' },
    { total: 20, failed: 5, action: 'raise' },
    { total: 100, failed: 20, action: 'resolve' },
    { total: 100, failed: 21, action: 'raise' },
    { total: 0, failed: 0, action: 'keep' },
  ])('$failed failed of $total → $action', ({ total, failed, action }) => {
    expect(parseFailureRule('zillow', { total, failed }, T).action).toBe(action);
  });

  it('says how bad it is', () => {
    const decision = parseFailureRule('zillow', { total: 40, failed: 10 }, T);
    expect(decision).toEqual({
      action: 'raise',
      alert: {
        key: 'source:zillow:parse_failures',
        severity: 'warning',
        summary: 'Source zillow: 25% of the last 40 records failed to parse',
        details: { source: 'zillow', failed: 10, total: 40, ratio: 0.25, threshold: 0.2, window_minutes: 60 },
      },
    });
  });
});

describe('silence rule', () => {
  const base = { id: 'fsbo', enabled: true, createdAt: hoursAgo(100), silenceHours: 24 };
  it.each([
    { name: 'recent record', source: { ...base, lastFetchedAt: hoursAgo(1) }, action: 'resolve' },
    { name: 'exactly at the threshold', source: { ...base, lastFetchedAt: hoursAgo(24) }, action: 'resolve' },
    { name: 'past the threshold', source: { ...base, lastFetchedAt: hoursAgo(25) }, action: 'raise' },
    { name: 'never delivered, old source', source: { ...base, lastFetchedAt: null }, action: 'raise' },
    {
      name: 'never delivered, new source',
      source: { ...base, createdAt: hoursAgo(2), lastFetchedAt: null },
      action: 'resolve',
    },
    { name: 'disabled', source: { ...base, enabled: false, lastFetchedAt: null }, action: 'resolve' },
    { name: 'rule off (0 h)', source: { ...base, silenceHours: 0, lastFetchedAt: null }, action: 'resolve' },
    {
      name: 'longer own threshold',
      source: { ...base, silenceHours: 48, lastFetchedAt: hoursAgo(30) },
      action: 'resolve',
    },
  ])('$name → $action', ({ source, action }) => {
    expect(silenceRule(source, NOW).action).toBe(action);
  });

  it('reports when the source was last heard from', () => {
    expect(silenceRule({ ...base, lastFetchedAt: hoursAgo(30) }, NOW)).toMatchObject({
      alert: {
        key: 'source:fsbo:silent',
        summary: 'Source fsbo: no new records for 30 h (threshold 24 h)',
        details: { last_fetched_at: '2025-03-01T06:00:00.000Z', threshold_hours: 24 },
      },
    });
  });

  it.each([
    [null, { hours: 24, invalid: false }],
    ['', { hours: 24, invalid: false }],
    ['6', { hours: 6, invalid: false }],
    ['1.5', { hours: 1.5, invalid: false }],
    ['0', { hours: 0, invalid: false }],
    ['-3', { hours: 24, invalid: true }],
    ['soon', { hours: 24, invalid: true }],
  ])('silence_alert_hours %j → %j', (setting, expected) => {
    expect(silenceHoursFor(setting, 24)).toEqual(expected);
  });
});
