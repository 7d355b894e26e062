import { type Static, Type } from 'typebox';
import Value from 'typebox/value';
import { demandFactor, demandLevel } from './factors.js';
import { priceLead } from './price-lead.js';
import { type DemandDay, type PriceResult, type PricingRules, SELLABLE_TYPES } from './pricing.types.js';

// The offline simulator behind `aiqleads pricing simulate`: replays a demand scenario through the pure
// engine with an in-memory daily demand store (the same day buckets and decay the database path uses).

const DAY_MS = 86_400_000;
const Count = Type.Number({ minimum: 0, maximum: 1_000_000 });
const Events = Type.Object(
  {
    views: Type.Optional(Count),
    cart_adds: Type.Optional(Count),
    purchases: Type.Optional(Count),
    saved_search_matches: Type.Optional(Count),
  },
  { additionalProperties: false },
);

const Step = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 120 }),
    /** Events in the lead's market, spread evenly over `over_days` (0: all now); the clock moves on by it. */
    demand: Type.Optional(
      Type.Object(
        { ...Events.properties, over_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })) },
        { additionalProperties: false },
      ),
    ),
    advance_days: Type.Optional(Type.Number({ minimum: 0, maximum: 3650 })),
    /** This many more buyers buy the lead now (counted as purchases in the market too). */
    sell: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    quality_score: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    exclusive: Type.Optional(Type.Boolean()),
    discount_percent: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
  },
  { additionalProperties: false },
);

/** A scenario file: a starting lead and market, then steps. */
export const Scenario = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    start: Type.String({ format: 'date-time' }),
    lead: Type.Object(
      {
        listing_type: Type.Enum([...SELLABLE_TYPES]),
        property_type: Type.Optional(Type.String()),
        state: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
        zip: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
        quality_score: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
        posted_days_ago: Type.Number({ minimum: 0, maximum: 3650, default: 0 }),
        holders: Type.Integer({ minimum: 0, maximum: 100, default: 0 }),
      },
      { additionalProperties: false },
    ),
    market: Type.Object(
      {
        /** Everyday demand in the lead's market, per day. */
        baseline_daily: Events,
        /** Everyday demand in an average market nationally, per day (default: the same as the baseline). */
        national_daily_per_market: Type.Optional(Events),
        /** Markets with demand nationally: the scenario's events are spread over them at the national level. */
        markets: Type.Integer({ minimum: 1, maximum: 100_000, default: 500 }),
      },
      { additionalProperties: false },
    ),
    steps: Type.Array(Step, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type Scenario = Static<typeof Scenario>;
type Events = Static<typeof Events>;

/** A scenario file that does not fit the format; the message names each problem by its JSON path. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

/** Validates a parsed scenario file (defaults filled in) or throws ScenarioError listing the problems. */
export function parseScenario(data: unknown): Scenario {
  const withDefaults = Value.Default(Scenario, Value.Clone(data));
  const problems = [...Value.Errors(Scenario, withDefaults)].slice(0, 5);
  if (problems.length > 0) {
    throw new ScenarioError(
      problems.map((problem) => `${problem.instancePath || '(top level)'} ${problem.message}`).join('; '),
    );
  }
  const scenario = withDefaults as Scenario;
  if (Number.isNaN(Date.parse(scenario.start))) throw new ScenarioError('/start is not a date-time');
  scenario.steps.forEach((step, i) => {
    const acts = [
      step.demand,
      step.advance_days,
      step.sell,
      step.quality_score,
      step.exclusive,
      step.discount_percent,
    ];
    if (acts.every((act) => act === undefined))
      throw new ScenarioError(`/steps/${i} does nothing: add demand, advance_days, sell or a change`);
  });
  return scenario;
}

/** One line of the simulation: the state after a step and the price it yields. */
export interface SimulationRow {
  step: string;
  day: number;
  holders: number;
  demandRatio: number;
  result: PriceResult;
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

class DayStore {
  readonly days = new Map<string, DemandDay>();
  add(day: string, events: Events, scale = 1, markets?: number): void {
    const row = this.days.get(day) ?? {
      day,
      views: 0,
      cart_adds: 0,
      purchases: 0,
      saved_search_matches: 0,
      markets,
    };
    row.views += (events.views ?? 0) * scale;
    row.cart_adds += (events.cart_adds ?? 0) * scale;
    row.purchases += (events.purchases ?? 0) * scale;
    row.saved_search_matches += (events.saved_search_matches ?? 0) * scale;
    this.days.set(day, row);
  }
}

/** Replays a scenario through the engine, one row for the start and one per step. */
export function simulateScenario(scenario: Scenario, rules: PricingRules): SimulationRow[] {
  const start = new Date(scenario.start);
  const { lead, market: m } = scenario;
  const market = new DayStore();
  const national = new DayStore();
  const baselineDone = new Set<string>();
  const national_daily = m.national_daily_per_market ?? m.baseline_daily;
  // Everyday demand flows in every day up to the clock, beginning a full window before the start.
  const fillBaseline = (until: Date) => {
    for (let t = start.getTime() - rules.demand.windowDays * DAY_MS; t <= until.getTime(); t += DAY_MS) {
      const day = dayOf(new Date(t));
      if (baselineDone.has(day)) continue;
      baselineDone.add(day);
      market.add(day, m.baseline_daily);
      national.add(day, national_daily, m.markets, m.markets);
    }
  };
  const addEvents = (at: Date, events: Events, scale = 1) => {
    market.add(dayOf(at), events, scale);
    national.add(dayOf(at), events, scale, m.markets);
  };

  let now = start;
  let holders = lead.holders;
  let quality = lead.quality_score ?? null;
  let exclusive = false;
  let discount = 0;
  const postedAt = new Date(start.getTime() - lead.posted_days_ago * DAY_MS);
  const rows: SimulationRow[] = [];
  const record = (step: string) => {
    fillBaseline(now);
    const demand = demandLevel(rules, [...market.days.values()], [...national.days.values()], now);
    const result = priceLead(
      {
        listingType: lead.listing_type as (typeof SELLABLE_TYPES)[number],
        propertyType: lead.property_type ?? null,
        state: lead.state ?? null,
        zip: lead.zip ?? null,
        qualityScore: quality,
        postedAt,
        now,
        demand,
        holders,
        exclusive,
        discountPercent: discount,
      },
      rules,
    );
    const day = Math.round(((now.getTime() - start.getTime()) / DAY_MS) * 10) / 10;
    rows.push({ step, day, holders, demandRatio: demandFactor(rules, demand).ratio, result });
  };

  record('start');
  for (const step of scenario.steps) {
    if (step.demand) {
      const days = step.demand.over_days ?? 1;
      if (days === 0) addEvents(now, step.demand);
      for (let i = 0; i < days; i++) {
        fillBaseline(now);
        addEvents(now, step.demand, 1 / days);
        now = new Date(now.getTime() + DAY_MS);
      }
    }
    if (step.advance_days) now = new Date(now.getTime() + step.advance_days * DAY_MS);
    if (step.sell) {
      fillBaseline(now);
      addEvents(now, { purchases: step.sell });
      holders += step.sell;
    }
    if (step.quality_score !== undefined) quality = step.quality_score;
    if (step.exclusive !== undefined) exclusive = step.exclusive;
    if (step.discount_percent !== undefined) discount = step.discount_percent;
    record(step.label);
  }
  return rows;
}
