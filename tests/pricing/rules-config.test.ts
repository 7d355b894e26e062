import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DEFAULT_RULES_CONFIG, defaultPricingRules } from '../../src/modules/pricing/index.js';

describe('pricing rules from config', () => {
  it('the offline defaults are the config defaults', () => {
    expect(defaultPricingRules(loadConfig({ NODE_ENV: 'test' }))).toEqual(
      defaultPricingRules(DEFAULT_RULES_CONFIG),
    );
  });

  it.each([
    [
      { EXCLUSIVITY_MAX_BUYERS: '5' },
      (rules: ReturnType<typeof defaultPricingRules>) => rules.exclusivity.maxBuyers,
      5,
    ],
    [
      { EXCLUSIVE_MULTIPLIER_PERCENT: '300' },
      (rules: ReturnType<typeof defaultPricingRules>) => rules.exclusivity.exclusiveMultiplier,
      3,
    ],
    [
      { DEMAND_HALF_LIFE_HOURS: '24' },
      (rules: ReturnType<typeof defaultPricingRules>) => rules.demand.windowDays,
      7,
    ],
    [
      { FRESHNESS_HALF_LIFE_DAYS: '30' },
      (rules: ReturnType<typeof defaultPricingRules>) => rules.freshness.halfLifeDays,
      30,
    ],
  ])('reads %o', (env, read, expected) => {
    expect(read(defaultPricingRules(loadConfig({ NODE_ENV: 'test', ...env })))).toBe(expected);
  });

  it('refuses a floor above the ceiling, naming the variable', () => {
    const load = () =>
      loadConfig({ NODE_ENV: 'test', PRICE_FLOOR_CREDITS: '50', PRICE_CEILING_CREDITS: '40' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('PRICE_FLOOR_CREDITS must not exceed PRICE_CEILING_CREDITS');
  });
});
