import { Params, type Queryable } from '../../platform/db/index.js';
import { type DemandLevelRow, demandLevelsSql, toDemandLevels } from './demand.repository.js';
import { type OverrideRow, overridesOfLeadsSql } from './overrides.repository.js';
import {
  type LeadPricingRow,
  leadsForPricingSql,
  type RawLeadPricingRow,
  toLeadPricingRow,
} from './prices.repository.js';
import type { PricingRules } from './pricing.types.js';

/** What a quote reads: the leads with their latest prices, their markets' demand, the active overrides. */
export interface QuoteInputs {
  leads: LeadPricingRow[];
  levels: Map<string, number>;
  overrides: OverrideRow[];
}

type JsonOverride = Omit<OverrideRow, 'created_at' | 'revoked_at'> & {
  created_at: string;
  revoked_at: string | null;
};

/** The quote's inputs as they come out of `quoteInputsSql` (JSON). */
export interface RawQuoteInputs {
  leads: RawLeadPricingRow[];
  levels: DemandLevelRow[];
  overrides: JsonOverride[];
}

/**
 * The quote's three reads as one JSON value (`{leads, levels, overrides}`) for the leads whose ids the
 * SQL expression `ids` (a uuid[]) gives; its parameters go into `p`. A search page selects it as one of
 * its own columns, so pricing the page costs no statement of its own.
 */
export function quoteInputsSql(
  ids: string,
  now: Date,
  rules: Pick<PricingRules, 'demand'>,
  p: Params,
): string {
  const asJson = (sql: string) => `(SELECT coalesce(json_agg(r), '[]'::json) FROM (${sql}) r)`;
  return `json_build_object('leads', ${asJson(leadsForPricingSql(ids))},
    'levels', ${asJson(demandLevelsSql({ ofLeads: ids }, now, rules, p))},
    'overrides', ${asJson(overridesOfLeadsSql(ids))})`;
}

/** The inputs read back from JSON, where times are strings. */
export function toQuoteInputs(raw: RawQuoteInputs): QuoteInputs {
  return {
    leads: raw.leads.map(toLeadPricingRow),
    levels: toDemandLevels(raw.levels),
    overrides: raw.overrides.map((override) => ({
      ...override,
      created_at: new Date(override.created_at),
      revoked_at: override.revoked_at === null ? null : new Date(override.revoked_at),
    })),
  };
}

/**
 * The three reads of a quote in one statement. Three statements cost three round trips and plans, and
 * every statement's socket write is ~0.2 ms of CPU on a small VM; kept prepared, it is planned once per
 * connection instead of every time (1.1 ms; docs/SEARCH.md).
 */
export async function readQuoteInputs(
  db: Queryable,
  leadIds: readonly string[],
  now: Date,
  rules: Pick<PricingRules, 'demand'>,
): Promise<QuoteInputs> {
  const p = new Params();
  const ids = p.add(leadIds, 'uuid[]');
  const { rows } = await db.query<{ inputs: RawQuoteInputs }>(
    `SELECT ${quoteInputsSql(ids, now, rules, p)} AS inputs`,
    p.values,
    // Only ids, a time and the rules' constants vary: one generic plan serves every quote.
    { prepare: true },
  );
  return toQuoteInputs(rows[0]?.inputs ?? { leads: [], levels: [], overrides: [] });
}
