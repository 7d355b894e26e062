import type { Queryable } from '../../platform/db/index.js';
import { type DemandLevelRow, demandLevelsStatement, toDemandLevels } from './demand.repository.js';
import { OVERRIDES_OF_LEADS_SQL, type OverrideRow } from './overrides.repository.js';
import {
  LEADS_FOR_PRICING_SQL,
  type LeadPricingRow,
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

/**
 * The three reads of a quote in one statement, each a JSON column. A search page is quoted on the page's
 * connection right after the page: three statements there cost three round trips and plans, and every
 * statement's socket write is ~0.2 ms of CPU on a small VM; kept prepared, it is planned once per
 * connection instead of every time (1.1 ms; docs/SEARCH.md).
 */
export async function readQuoteInputs(
  db: Queryable,
  leadIds: readonly string[],
  now: Date,
  rules: Pick<PricingRules, 'demand'>,
): Promise<QuoteInputs> {
  // The demand statement numbers its parameters from $1 = the lead ids, as the other two fragments do.
  const demand = demandLevelsStatement({ ofLeads: leadIds }, now, rules);
  const asJson = (sql: string) => `(SELECT coalesce(json_agg(r), '[]'::json) FROM (${sql}) r)`;
  const { rows } = await db.query<{
    leads: RawLeadPricingRow[];
    levels: DemandLevelRow[];
    overrides: JsonOverride[];
  }>(
    `SELECT ${asJson(LEADS_FOR_PRICING_SQL)} AS leads, ${asJson(demand.sql)} AS levels,
       ${asJson(OVERRIDES_OF_LEADS_SQL)} AS overrides`,
    demand.params,
    // Only ids, a time and the rules' constants vary: one generic plan serves every quote.
    { prepare: true },
  );
  const row = rows[0] ?? { leads: [], levels: [], overrides: [] };
  return {
    leads: row.leads.map(toLeadPricingRow),
    levels: toDemandLevels(row.levels),
    overrides: row.overrides.map((override) => ({
      ...override,
      created_at: new Date(override.created_at),
      revoked_at: override.revoked_at === null ? null : new Date(override.revoked_at),
    })),
  };
}
