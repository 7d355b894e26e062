import { describe, expect, it } from 'vitest';
import {
  demandFactor,
  demandLevel,
  exclusivityFactor,
  freshnessFactor,
  leadTypeBase,
  marketTier,
  qualityFactor,
} from './factors.js';
import { DEFAULT_RULES_CONFIG, defaultPricingRules } from './pricing.rules.js';
import type { DemandDay } from './pricing.types.js';

const rules = defaultPricingRules(DEFAULT_RULES_CONFIG);
const NOW = new Date('2026-06-15T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const day = (date: string, counts: Partial<DemandDay> = {}): DemandDay => ({
  day: date,
  views: 0,
  cart_adds: 0,
  purchases: 0,
  saved_search_matches: 0,
  ...counts,
});

describe('pricing factors', () => {
  it.each([
    ['fsbo_sale', 'house', 22],
    ['fsbo_sale', 'multi_family', 25],
    ['fsbo_sale', null, 20],
    ['owner_rental', 'room', 4],
    ['form_lead', 'condo', 15],
    ['contact_import', 'unknown_kind', 6],
  ] as const)('base for %s/%s is %d credits', (type, property, credits) => {
    expect(leadTypeBase(rules, type, property).credits).toBeCloseTo(credits, 10);
  });

  it.each([
    ['CA', '94110', 1, 1.3],
    ['NM', '87501', 2, 1.15], // Santa Fe's ZIP3 wins over New Mexico
    ['NM', '87101', 3, 1.0],
    ['TX', null, 2, 1.15],
    [null, null, 3, 1.0],
  ])('market %s %s → tier %d (×%d)', (state, zip, tier, multiplier) => {
    expect(marketTier(rules, state, zip)).toMatchObject({ tier, multiplier });
  });

  it.each([
    [null, 1],
    [0, 0.6],
    [50, 1.0],
    [100, 1.4],
    [140, 1.4],
  ])('quality %s → ×%d', (score, multiplier) => {
    expect(qualityFactor(rules, score).multiplier).toBeCloseTo(multiplier, 10);
  });

  it.each([
    [null, 1],
    [daysAgo(-3), 1], // posted "in the future": age 0
    [daysAgo(0), 1],
    [daysAgo(14), 0.7], // one half-life: 0.4 + 0.6 / 2
    [daysAgo(28), 0.55],
    [daysAgo(365), 0.4],
  ])('freshness posted %s → ×%d', (postedAt, multiplier) => {
    expect(freshnessFactor(rules, postedAt, NOW).multiplier).toBeCloseTo(multiplier, 4);
  });

  it('demand decays with a 72 h half-life and ignores days beyond the window or after the clock', () => {
    const today = demandLevel(rules, [day('2026-06-15', { views: 10 })], [], NOW);
    const threeDays = demandLevel(rules, [day('2026-06-12', { views: 10 })], [], NOW);
    const old = demandLevel(rules, [day('2026-05-01', { purchases: 100 })], [], NOW);
    expect(today.market).toBeCloseTo(10, 10);
    expect(threeDays.market).toBeCloseTo(5, 10);
    expect(old.market).toBe(0);
    expect(demandLevel(rules, [day('2026-06-16', { views: 10 })], [], NOW).market).toBe(0);
    // Today's bucket counts fully even before its midpoint.
    expect(
      demandLevel(rules, [day('2026-06-15', { views: 10 })], [], new Date('2026-06-15T01:00:00Z')).market,
    ).toBe(10);
  });

  it('weights kinds: view 1, saved-search match 2, cart add 4, purchase 10', () => {
    const level = demandLevel(
      rules,
      [day('2026-06-15', { views: 1, saved_search_matches: 1, cart_adds: 1, purchases: 1 })],
      [day('2026-06-15', { views: 100, markets: 50 })],
      NOW,
    );
    expect(level).toEqual({ market: 17, nationalPerMarket: 2 });
  });

  it.each([
    ['no demand anywhere', { market: 0, nationalPerMarket: 0 }, 1],
    ['as busy as the nation', { market: 40, nationalPerMarket: 40 }, 1],
    ['twice the nation (after the prior)', { market: 100, nationalPerMarket: 40 }, 2 ** 0.3],
    ['a surge hits the cap', { market: 10_000, nationalPerMarket: 10 }, 1.6],
    ['a dead market hits the floor', { market: 0, nationalPerMarket: 1_000 }, 0.8],
  ])('demand: %s', (_name, level, multiplier) => {
    expect(demandFactor(rules, level).multiplier).toBeCloseTo(multiplier, 6);
  });

  it.each([
    [0, 1],
    [1, 0.75],
    [2, 0.5],
    [3, 0.5],
  ])('exclusivity with %d holders of 3 → ×%d', (holders, multiplier) => {
    expect(exclusivityFactor(rules, holders).multiplier).toBeCloseTo(multiplier, 10);
  });

  it('a single-slot lead has no holder discount', () => {
    const single = defaultPricingRules({ ...DEFAULT_RULES_CONFIG, EXCLUSIVITY_MAX_BUYERS: 1 });
    expect(exclusivityFactor(single, 0).multiplier).toBe(1);
  });
});
