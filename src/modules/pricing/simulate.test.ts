import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_CONFIG, defaultPricingRules } from './pricing.rules.js';
import { parseScenario, ScenarioError, simulateScenario } from './simulate.js';

const rules = defaultPricingRules(DEFAULT_RULES_CONFIG);
const fixture = (name: string) =>
  parseScenario(
    JSON.parse(readFileSync(new URL(`../../../fixtures/pricing/${name}.json`, import.meta.url), 'utf8')),
  );
const prices = (name: string) => simulateScenario(fixture(name), rules).map((row) => row.result.credits);

const minimal = {
  name: 'minimal',
  start: '2026-06-01T12:00:00Z',
  lead: { listing_type: 'fsbo_sale' },
  market: { baseline_daily: { views: 1 } },
  steps: [{ label: 'a day', advance_days: 1 }],
};

describe('pricing scenarios', () => {
  it('a ZIP surge raises the price, which falls back as the surge decays', () => {
    const [start, surge, more, ...cooling] = prices('zip-surge');
    expect(surge).toBeGreaterThan(start!);
    expect(more).toBeGreaterThanOrEqual(surge!);
    expect(cooling).toEqual([...cooling].sort((a, b) => b - a));
    expect(cooling.at(-1)).toBeLessThan(start!);
  });

  it('an ageing lead gets cheaper every step until it is re-scored', () => {
    const series = prices('lead-ages-a-month');
    const ageing = series.slice(0, -1);
    expect(ageing).toEqual([...ageing].sort((a, b) => b - a));
    expect(series.at(-1)).toBeGreaterThan(series.at(-2)!);
  });

  it('a lead sold 2 of 3 times is cheaper per slot, exclusive only while unsold, then sold out', () => {
    const rows = simulateScenario(fixture('sold-two-of-three'), rules);
    expect(rows.map((row) => row.result.receipt.availability)).toEqual([
      'available',
      'available',
      'available',
      'available',
      'available',
      'exclusive_unavailable',
      'available',
      'sold_out',
    ]);
    expect(rows[1]!.result.credits).toBe(Math.round(rows[0]!.result.receipt.before_discount * 2.5));
    expect(rows[4]!.result.credits).toBeLessThan(rows[3]!.result.credits);
  });

  it('is deterministic', () => {
    expect(simulateScenario(fixture('zip-surge'), rules)).toEqual(
      simulateScenario(fixture('zip-surge'), rules),
    );
  });

  it.each([
    ['no steps', { ...minimal, steps: [] }, '/steps'],
    ['a step that does nothing', { ...minimal, steps: [{ label: 'idle' }] }, '/steps/0 does nothing'],
    ['an agent listing', { ...minimal, lead: { listing_type: 'agent_sale' } }, '/lead/listing_type'],
    [
      'negative views',
      { ...minimal, steps: [{ label: 'x', demand: { views: -4 } }] },
      '/steps/0/demand/views',
    ],
    [
      'an unknown field',
      { ...minimal, steps: [{ label: 'x', advance_days: 1, teleport: true }] },
      '/steps/0',
    ],
    ['a bad start', { ...minimal, start: 'yesterday' }, '/start'],
  ])('refuses %s, naming where', (_name, data, where) => {
    expect(() => parseScenario(data)).toThrow(ScenarioError);
    expect(() => parseScenario(data)).toThrow(where);
  });
});
