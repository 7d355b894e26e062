import type { Queryable } from '../../platform/db/index.js';
import type { RawQuoteInputs } from '../pricing/index.js';
import type { LeadViewRow } from './lead-view.js';
import { SearchValidationError } from './search.errors.js';
import { MAX_POLYGON_AREA_KM2, type NormalizedSearch } from './search.rules.js';
import type { Statement } from './search.statements.js';

// The search module's SQL runs here; the statements themselves are built in search.statements.ts.

export interface PageRow extends LeadViewRow {
  distance_m: number | null;
  sort_key: number | string;
  sources: string[];
  /** On the first row of a faceted page: [facet, value, state, count] rows. */
  facet_rows: [string, string | null, string | null, number][] | null;
  /** Relevance: the ranking window's edge [posted epoch µs, id] when the window was full. */
  window_edge: [number, string] | null;
  /** First pages without facets: the matches counted up to EXACT_COUNT_LIMIT + 1. */
  probe_count: number | null;
  /** On the first row of a priced page: what the price quote reads (pricing's `quoteInputsSql`). */
  quote_inputs: RawQuoteInputs | null;
}

/**
 * Runs a page statement. A value-free one is kept prepared: planning it cost as much as running it
 * (radius 10 km at 1M leads: 2.1 ms to plan, 2.7 to run; docs/SEARCH.md). Not while the planner settings
 * of the walk outwards are on (a cached plan does not follow later settings), and never with text: a
 * generic plan computes the tsquery from its parameter for every lead it reads, where a custom plan folds
 * it once (text + radius 25 km + facets went from 19 to 26 ms a page).
 */
export async function runPage(db: Queryable, statement: Statement, walking: boolean): Promise<PageRow[]> {
  const prepare = (statement.valueFree ?? false) && !walking;
  const { rows } = await db.query<PageRow>(statement.sql, statement.params, { prepare });
  return rows;
}

type PlanNode = { 'Plan Rows': number; Plans?: PlanNode[] };

async function explainPlan(db: Queryable, statement: Statement): Promise<PlanNode> {
  const { rows } = await db.query<{ 'QUERY PLAN': unknown }>(statement.sql, statement.params);
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
  return plan[0].Plan;
}

/** The share of searchable leads the text matches, by the planner (0..1; `textShareStatement`). */
export async function runShare(db: Queryable, statement: Statement): Promise<number> {
  const [matches, all] = (await explainPlan(db, statement)).Plans ?? [];
  return (matches?.['Plan Rows'] ?? 0) / Math.max(all?.['Plan Rows'] ?? 1, 1);
}

/**
 * Makes the window walk the GiST index outwards from the centre (KNN) and stop after the window: PostGIS
 * estimates every ST_DWithin at 100 rows, so with a window of 1,000 the planner preferred reading every
 * lead of the circle (45,000 within 25 km of Manhattan) through bitmaps and sorting them. Transaction-local.
 */
export async function preferNearestWalk(db: Queryable, on: boolean): Promise<void> {
  await db.exec(
    on
      ? 'SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off'
      : 'SET LOCAL enable_bitmapscan TO DEFAULT; SET LOCAL enable_sort TO DEFAULT',
  );
}

/**
 * Runs `fn` on `db` directly, or, when the window walks outwards, in a transaction that starts with the
 * walk's planner settings (`preferNearestWalk`). Inside a caller's transaction the settings are undone
 * after, since SET LOCAL would outlive the search.
 */
export async function withPlanner<T>(
  db: Queryable,
  walking: boolean,
  fn: (db: Queryable) => Promise<T>,
): Promise<T> {
  if (!walking) return fn(db);
  return db.transaction(async (tx) => {
    await preferNearestWalk(tx, true);
    const result = await fn(tx);
    // Inside a caller's transaction (a savepoint here) SET LOCAL would outlive the search.
    if ('inTransaction' in db) await preferNearestWalk(tx, false);
    return result;
  });
}

/** The top plan node's row estimate from EXPLAIN (FORMAT JSON). */
export async function runEstimate(db: Queryable, statement: Statement): Promise<number> {
  return Math.round((await explainPlan(db, statement))['Plan Rows']);
}

/** Refuses a polygon PostGIS can't read, that intersects itself, or that covers too much ground. */
export async function checkPolygon(db: Queryable, search: NormalizedSearch): Promise<void> {
  if (!search.polygon) return;
  let row: { valid: boolean; reason: string; km2: number } | undefined;
  try {
    const { rows } = await db.query<{ valid: boolean; reason: string; km2: number }>(
      `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason,
         CASE WHEN ST_IsValid(g) THEN ST_Area(g::geography) / 1e6 ELSE 0 END AS km2
       FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) shape`,
      [search.polygon],
    );
    row = rows[0];
  } catch {
    throw new SearchValidationError('polygon', 'is not a GeoJSON polygon PostGIS can read');
  }
  if (!row?.valid) {
    throw new SearchValidationError(
      'polygon',
      `is not valid (${row?.reason ?? 'unreadable'}): e.g. it intersects itself`,
    );
  }
  if (row.km2 > MAX_POLYGON_AREA_KM2) {
    throw new SearchValidationError(
      'polygon',
      `covers ${Math.round(row.km2)} km², above ${MAX_POLYGON_AREA_KM2}`,
    );
  }
}
