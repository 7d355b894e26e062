import { describe, expect, it } from 'vitest';
import { addMonth, type PlanTerms, planChange } from './subscription.rules.js';

const free: PlanTerms = { id: 'free', rank: 0, monthly_credits: 0, price_cents: 0 };
const pro: PlanTerms = { id: 'pro', rank: 1, monthly_credits: 500, price_cents: 4900 };
const team: PlanTerms = { id: 'team', rank: 2, monthly_credits: 2000, price_cents: 14900 };
const start = new Date('2026-04-01T00:00:00Z');
const end = new Date('2026-05-01T00:00:00Z');
const at = (iso: string) => new Date(iso);

describe('addMonth', () => {
  it.each([
    ['2026-01-15T10:00:00.000Z', '2026-02-15T10:00:00.000Z'],
    ['2026-01-31T00:00:00.000Z', '2026-02-28T00:00:00.000Z'],
    ['2028-01-31T00:00:00.000Z', '2028-02-29T00:00:00.000Z'],
    ['2026-12-31T23:59:59.000Z', '2027-01-31T23:59:59.000Z'],
    ['2026-03-31T00:00:00.000Z', '2026-04-30T00:00:00.000Z'],
  ])('%s → %s', (from, to) => {
    expect(addMonth(new Date(from)).toISOString()).toBe(to);
  });
});

describe('planChange (proration)', () => {
  it.each([
    ['same plan', pro, pro, '2026-04-10T00:00:00Z', { kind: 'none' }],
    ['downgrade waits for the period end', team, pro, '2026-04-10T00:00:00Z', { kind: 'downgrade' }],
    ['to free is a downgrade', pro, free, '2026-04-29T00:00:00Z', { kind: 'downgrade' }],
    [
      'upgrade at the start: full difference',
      pro,
      team,
      '2026-04-01T00:00:00Z',
      { kind: 'upgrade', chargeCents: 10000, credits: 1500 },
    ],
    [
      'upgrade half way: half',
      pro,
      team,
      '2026-04-16T00:00:00Z',
      { kind: 'upgrade', chargeCents: 5000, credits: 750 },
    ],
    [
      'upgrade from free a third in',
      free,
      pro,
      '2026-04-11T00:00:00Z',
      { kind: 'upgrade', chargeCents: 3267, credits: 333 },
    ],
    [
      'upgrade after the end: nothing left',
      pro,
      team,
      '2026-05-02T00:00:00Z',
      { kind: 'upgrade', chargeCents: 0, credits: 0 },
    ],
  ])('%s', (_name, from, to, now, expected) => {
    expect(planChange(from, to, start, end, at(now))).toEqual(expected);
  });
});
