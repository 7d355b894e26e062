import { Params, type Queryable } from '../../platform/db/index.js';
import type { DemandKind, PricingRules } from './pricing.types.js';

// Demand signals, stored aggregated: one row per market and UTC day (and one national row per day), so
// pricing reads a few index rows per market instead of raw events.

export interface DemandEvent {
  leadId: string;
  kind: DemandKind;
  at: Date;
}

/** A lead's market: its ZIP, else 'CITY|ST', else its state; null when it has none of them. */
export interface Market {
  scope: 'zip' | 'city' | 'state';
  area: string;
}

/** SQL for a lead row's market (scope, area), shared by writes and reads so they always agree. */
export const MARKET_SQL = {
  scope: `CASE WHEN l.zip IS NOT NULL THEN 'zip' WHEN l.city IS NOT NULL AND l.state IS NOT NULL THEN 'city'
    WHEN l.state IS NOT NULL THEN 'state' END`,
  area: `CASE WHEN l.zip IS NOT NULL THEN l.zip WHEN l.city IS NOT NULL AND l.state IS NOT NULL
    THEN upper(l.city) || '|' || l.state WHEN l.state IS NOT NULL THEN l.state END`,
};

const COUNTS = `CASE WHEN $2 = 'view' THEN 1 ELSE 0 END, CASE WHEN $2 = 'cart_add' THEN 1 ELSE 0 END,
  CASE WHEN $2 = 'purchase' THEN 1 ELSE 0 END, CASE WHEN $2 = 'saved_search_match' THEN 1 ELSE 0 END`;
const ADD_COUNTS = `views = t.views + EXCLUDED.views, cart_adds = t.cart_adds + EXCLUDED.cart_adds,
  purchases = t.purchases + EXCLUDED.purchases,
  saved_search_matches = t.saved_search_matches + EXCLUDED.saved_search_matches`;

/**
 * Counts one demand signal for a lead: in its market's day, the national day (which counts the markets
 * that saw demand that day) and the lead's own totals, in one statement. `{ recorded: false }` when the
 * lead does not exist. The marketplace calls this on views, cart adds and purchases; saved searches on
 * matches.
 */
export async function recordDemandEvent(db: Queryable, event: DemandEvent): Promise<{ recorded: boolean }> {
  const { rows } = await db.query<{ found: number }>(
    `WITH lead AS (
       SELECT l.id, ${MARKET_SQL.scope} AS scope, ${MARKET_SQL.area} AS area FROM leads l WHERE l.id = $1
     ), market AS (
       INSERT INTO demand_daily AS t (scope, area, day, views, cart_adds, purchases, saved_search_matches)
       SELECT scope, area, ($3::timestamptz AT TIME ZONE 'UTC')::date, ${COUNTS} FROM lead WHERE scope IS NOT NULL
       ON CONFLICT (scope, area, day) DO UPDATE SET ${ADD_COUNTS}
       RETURNING (xmax = 0) AS first_today
     ), national AS (
       INSERT INTO demand_daily AS t (scope, area, day, views, cart_adds, purchases, saved_search_matches, markets)
       SELECT 'national', 'US', ($3::timestamptz AT TIME ZONE 'UTC')::date, ${COUNTS},
         coalesce((SELECT CASE WHEN first_today THEN 1 ELSE 0 END FROM market), 0)
       FROM lead
       ON CONFLICT (scope, area, day) DO UPDATE SET ${ADD_COUNTS}, markets = t.markets + EXCLUDED.markets
     ), totals AS (
       INSERT INTO lead_demand AS t (lead_id, views, cart_adds, purchases, saved_search_matches, last_event_at)
       SELECT id, ${COUNTS}, $3 FROM lead
       ON CONFLICT (lead_id) DO UPDATE SET ${ADD_COUNTS},
         last_event_at = greatest(t.last_event_at, EXCLUDED.last_event_at)
     )
     -- Data-modifying CTEs run to completion whether or not the main query reads them.
     SELECT count(*)::int AS found FROM lead`,
    [event.leadId, event.kind, event.at],
  );
  return { recorded: rows[0]!.found > 0 };
}

/**
 * Recency-weighted demand for each market and the national level per market, computed in the database
 * with exactly the formula of `demandLevel` (factors.ts): Σ weight · count · 2^(−age_h / half-life), age
 * from each day's midpoint, days older than the window left out, national days divided by their count of
 * markets. One primary-key range scan per market; one row per market (map them with `toDemandLevels`).
 * The markets are given, or those of the leads whose ids the SQL expression `ofLeads` gives; parameters
 * go into `p`, so the fragment can sit inside another statement.
 */
export function demandLevelsSql(
  markets: Market[] | { ofLeads: string },
  now: Date,
  rules: Pick<PricingRules, 'demand'>,
  p: Params,
): string {
  const { weights, halfLifeHours, windowDays } = rules.demand;
  // The markets are given, or derived from the leads in the same statement (saves a round trip).
  let marketSource: string;
  if (Array.isArray(markets)) {
    const scopes = p.add(
      markets.map((market) => market.scope),
      'text[]',
    );
    const areas = p.add(
      markets.map((market) => market.area),
      'text[]',
    );
    marketSource = `SELECT * FROM unnest(${scopes}, ${areas}) AS m (scope, area)`;
  } else {
    marketSource = `SELECT DISTINCT ${MARKET_SQL.scope} AS scope, ${MARKET_SQL.area} AS area FROM leads l
       WHERE l.id = ANY(${markets.ofLeads}) AND coalesce(l.zip, l.state) IS NOT NULL`;
  }
  const at = p.add(now, 'timestamptz');
  const window = p.add(windowDays, 'int');
  return `SELECT m.scope, m.area, coalesce(sum(
         (${p.add(weights.view, 'float8')} * d.views + ${p.add(weights.cart_add, 'float8')} * d.cart_adds
           + ${p.add(weights.purchase, 'float8')} * d.purchases
           + ${p.add(weights.saved_search_match, 'float8')} * d.saved_search_matches)
         * power(2::float8, -d.age_h / ${p.add(halfLifeHours, 'float8')})
         / CASE WHEN m.scope = 'national' THEN greatest(d.markets, 1) ELSE 1 END
       ), 0)::float8 AS level
     FROM (${marketSource} UNION ALL SELECT 'national', 'US') AS m
     LEFT JOIN LATERAL (
       SELECT d.*, greatest(0, date_part('epoch', ${at} - ((d.day + time '12:00') AT TIME ZONE 'UTC'))
         / 3600) AS age_h
       FROM demand_daily d
       WHERE d.scope = m.scope AND d.area = m.area
         AND d.day BETWEEN (${at} AT TIME ZONE 'UTC')::date - ${window} - 1 AND (${at} AT TIME ZONE 'UTC')::date
     ) d ON d.age_h <= ${window} * 24
     GROUP BY m.scope, m.area`;
}

export interface DemandLevelRow {
  scope: string;
  area: string;
  level: number;
}

/** Levels keyed 'scope:area', and 'national' for the national level per market. */
export function toDemandLevels(rows: DemandLevelRow[]): Map<string, number> {
  return new Map(
    rows.map((row) => [row.scope === 'national' ? 'national' : `${row.scope}:${row.area}`, row.level]),
  );
}

/** The demand level of each market (`demandLevelsSql`), keyed as `toDemandLevels` says. */
export async function readDemandLevels(
  db: Queryable,
  markets: Market[] | { ofLeads: readonly string[] },
  now: Date,
  rules: Pick<PricingRules, 'demand'>,
): Promise<Map<string, number>> {
  const p = new Params();
  const source = Array.isArray(markets) ? markets : { ofLeads: p.add(markets.ofLeads, 'uuid[]') };
  const { rows } = await db.query<DemandLevelRow>(demandLevelsSql(source, now, rules, p), p.values);
  return toDemandLevels(rows);
}

/** Buyers holding each lead by our own count of purchase signals (the marketplace may supply its own). */
export async function purchaseCounts(
  db: Queryable,
  leadIds: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ lead_id: string; purchases: number }>(
    'SELECT lead_id, purchases FROM lead_demand WHERE lead_id = ANY($1::uuid[])',
    [leadIds],
  );
  return new Map(rows.map((row) => [row.lead_id, row.purchases]));
}
