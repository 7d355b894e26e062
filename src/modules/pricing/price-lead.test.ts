import { describe, expect, it } from 'vitest';
import { priceLead, selectOverrides } from './price-lead.js';
import { DEFAULT_RULES_CONFIG, defaultPricingRules } from './pricing.rules.js';
import type { PriceInput, PriceOverride } from './pricing.types.js';

const rules = defaultPricingRules(DEFAULT_RULES_CONFIG);
const NOW = new Date('2026-06-15T12:00:00Z');

// A fresh, average, unscored Albuquerque house with national-average demand: 22 cr × tier 3 × 1 … = 22.
const input = (overrides: Partial<PriceInput> = {}): PriceInput => ({
  listingType: 'fsbo_sale',
  propertyType: 'house',
  state: 'NM',
  zip: '87101',
  qualityScore: 50,
  postedAt: NOW,
  now: NOW,
  demand: { market: 30, nationalPerMarket: 30 },
  holders: 0,
  ...overrides,
});
const codes = (result: ReturnType<typeof priceLead>) => result.receipt.factors.map((factor) => factor.code);
const override = (fields: Partial<PriceOverride>): PriceOverride => ({
  target: 'lead',
  kind: 'multiplier',
  value: 1,
  reason: 'test',
  ...fields,
});

describe('priceLead', () => {
  it('explains a neutral lead factor by factor', () => {
    const result = priceLead(input(), rules);
    expect(result.credits).toBe(22);
    expect(codes(result)).toEqual(['LEAD_TYPE', 'MARKET', 'QUALITY', 'FRESHNESS', 'DEMAND', 'EXCLUSIVITY']);
    expect(result.receipt).toMatchObject({
      version: 'pricing-v1',
      base: 22,
      before_discount: 22,
      discount: 0,
      floor_or_ceiling_applied: null,
      exclusive: false,
      availability: 'available',
    });
    for (const factor of result.receipt.factors) expect(factor.detail.length).toBeGreaterThan(5);
  });

  it.each<[string, Partial<PriceInput>, number, string | null]>([
    ['best quality', { qualityScore: 100 }, 31, null], // 22 × 1.4 = 30.8
    ['worst quality', { qualityScore: 0 }, 13, null], // 22 × 0.6 = 13.2
    ['a month old', { postedAt: new Date('2026-05-16T12:00:00Z') }, 12, null], // 22 × (0.4 + 0.6·2^(−30/14))
    ['demand surge', { demand: { market: 5_000, nationalPerMarket: 30 } }, 35, null], // × 1.6 cap
    ['one holder', { holders: 1 }, 17, null], // 22 × 0.75 = 16.5 → 17
    ['two of three sold', { holders: 2 }, 11, null],
    ['Santa Fe metro', { zip: '87501' }, 25, null], // 22 × 1.15 = 25.3
    [
      'a room to rent, stale, poor',
      {
        listingType: 'owner_rental',
        propertyType: 'room',
        qualityScore: 0,
        postedAt: new Date('2025-01-01T00:00:00Z'),
      },
      3,
      'floor',
    ],
    // 20 × 1.25 multi-family × 1.3 tier 1 × 1.4 quality × 1.6 demand = 72.8
    [
      'everything high in SF',
      {
        state: 'CA',
        zip: '94110',
        qualityScore: 100,
        propertyType: 'multi_family',
        demand: { market: 9e9, nationalPerMarket: 1 },
      },
      73,
      null,
    ],
  ])('%s → %d credits (bound %s)', (_name, fields, credits, bound) => {
    const result = priceLead(input(fields), rules);
    expect(result.credits).toBe(credits);
    expect(result.receipt.floor_or_ceiling_applied).toBe(bound);
  });

  it('caps at the ceiling and says so', () => {
    const tight = defaultPricingRules({ ...DEFAULT_RULES_CONFIG, PRICE_CEILING_CREDITS: 20 });
    const result = priceLead(input({ qualityScore: 100 }), tight);
    expect(result.credits).toBe(20);
    expect(result.receipt.factors.at(-1)).toMatchObject({ code: 'CEILING', effect: { type: 'credits' } });
  });

  it('applies the plan discount after the floor and ceiling, never below 1 credit', () => {
    const result = priceLead(input({ discountPercent: 10 }), rules);
    expect(result).toMatchObject({ credits: 20, receipt: { before_discount: 22, discount: 2 } });
    expect(result.receipt.factors.at(-1)).toMatchObject({ code: 'PLAN_DISCOUNT', effect: { by: -2 } });
    const floorRules = defaultPricingRules({ ...DEFAULT_RULES_CONFIG, PRICE_FLOOR_CREDITS: 1 });
    const cheap = priceLead(
      input({ listingType: 'contact_import', propertyType: 'room', qualityScore: 0, discountPercent: 90 }),
      floorRules,
    );
    expect(cheap.credits).toBeGreaterThanOrEqual(1);
  });

  it('prices the exclusive option at the configured multiple, available only while nobody holds the lead', () => {
    const exclusive = priceLead(input({ exclusive: true }), rules);
    expect(exclusive.credits).toBe(55); // 22 × 2.5
    expect(exclusive.receipt).toMatchObject({ exclusive: true, availability: 'available' });
    expect(priceLead(input({ exclusive: true, holders: 1 }), rules).receipt.availability).toBe(
      'exclusive_unavailable',
    );
    expect(priceLead(input({ holders: 3 }), rules).receipt.availability).toBe('sold_out');
  });

  it.each<[string, PriceOverride[], number, string]>([
    ['a lead multiplier', [override({ value: 1.5 })], 33, 'ADMIN_MULTIPLIER'],
    ['a fixed price, floor ignored', [override({ kind: 'fixed_price', value: 2 })], 2, 'ADMIN_FIXED_PRICE'],
    ['a pinned quality factor', [override({ kind: 'factor', factor: 'quality', value: 0.5 })], 11, 'QUALITY'],
    [
      'the lead override wins over the market one',
      [
        override({ target: 'zip', value: 3 }),
        override({ target: 'lead', value: 0.5 }),
        override({ target: 'state', value: 2 }),
      ],
      11,
      'ADMIN_MULTIPLIER',
    ],
  ])('%s', (_name, overrides, credits, code) => {
    const result = priceLead(input({ overrides }), rules);
    expect(result.credits).toBe(credits);
    expect(codes(result)).toContain(code);
  });

  it('selects the most specific override per slot', () => {
    const chosen = selectOverrides([
      override({ target: 'state', kind: 'factor', factor: 'demand', value: 2 }),
      override({ target: 'city', kind: 'factor', factor: 'demand', value: 3 }),
      override({ target: 'zip', kind: 'fixed_price', value: 9 }),
    ]);
    expect(chosen.factors.demand?.value).toBe(3);
    expect(chosen.price?.value).toBe(9);
  });

  it('is deterministic: the same input gives the same receipt', () => {
    expect(priceLead(input({ holders: 1, qualityScore: 77 }), rules)).toEqual(
      priceLead(input({ holders: 1, qualityScore: 77 }), rules),
    );
  });
});
